package dev.jita.app;

/** Counts business events. Powertools' EMF metrics in Lambda; an in-memory counter in jita local and tests. */
public interface Metrics {
    void count(Metric metric);
}
