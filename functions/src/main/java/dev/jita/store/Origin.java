package dev.jita.store;

/**
 * Where an audited call came from, where there is one (API Gateway's sourceIp and User-Agent).
 * Both may be null: the workflow and the sweeper have no origin.
 */
public record Origin(String sourceIp, String userAgent) {
    public static final Origin NONE = new Origin(null, null);
}
