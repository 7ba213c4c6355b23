package dev.jita.app;

import java.util.EnumMap;
import java.util.Map;

/** {@link Metrics} counted in memory: for tests and jita local, where nothing reads CloudWatch. Thread-safe. */
public final class InMemoryMetrics implements Metrics {
    private final Map<Metric, Long> counts = new EnumMap<>(Metric.class);

    @Override
    public synchronized void count(Metric metric) {
        counts.merge(metric, 1L, Long::sum);
    }


    /** How often {@code metric} was counted. */
    public synchronized long get(Metric metric) {
        return counts.getOrDefault(metric, 0L);
    }

    /** Every count so far, detached. */
    public synchronized Map<Metric, Long> snapshot() {
        return counts.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(counts));
    }
}
