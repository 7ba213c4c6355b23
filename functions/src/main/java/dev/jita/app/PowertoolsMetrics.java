package dev.jita.app;

import java.util.Objects;
import software.amazon.lambda.powertools.metrics.MetricsBuilder;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * {@link Metrics} as CloudWatch embedded-metric-format lines through Powertools (namespace {@value #NAMESPACE}),
 * built with Powertools' programmatic API: no AspectJ weaving here, so {@link LambdaInvocation} flushes after
 * every invocation.
 */
public final class PowertoolsMetrics implements Metrics {
    public static final String NAMESPACE = "jita";

    private final software.amazon.lambda.powertools.metrics.Metrics emf;

    /** @param service the function's name, the metrics' "service" dimension */
    public PowertoolsMetrics(String service) {
        Objects.requireNonNull(service, "service");
        this.emf = MetricsBuilder.builder()
                .withNamespace(NAMESPACE)
                .withService(service)
                .withRaiseOnEmptyMetrics(false)
                .build();
    }

    @Override
    public void count(Metric metric) {
        emf.addMetric(metric.name(), 1, MetricUnit.COUNT);
    }

    /** Writes what this invocation counted (one EMF line) and starts afresh. */
    public void flush() {
        emf.flush();
    }
}
