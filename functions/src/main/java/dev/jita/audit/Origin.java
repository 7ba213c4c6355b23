package dev.jita.audit;

/**
 * Where an audited call came from, where there is one (API Gateway's sourceIp and User-Agent).
 * Both may be null: the workflow and the sweeper have no origin.
 *
 * <p>Both are whatever the caller sent, so each is bounded here, the one place every audited origin passes
 * through: a value longer than {@link #MAX_CHARS} keeps its start and ends in {@link #TRUNCATED}, so nobody can
 * store hundreds of kilobytes in an audit entry, and a reader still sees that the value was cut.
 */
public record Origin(String sourceIp, String userAgent) {
    public static final Origin NONE = new Origin(null, null);
    /** Longest value kept, marker included; real User-Agents are a few hundred characters at most. */
    public static final int MAX_CHARS = 512;
    public static final String TRUNCATED = "...[truncated]";

    public Origin {
        sourceIp = bounded(sourceIp);
        userAgent = bounded(userAgent);
    }

    private static String bounded(String value) {
        if (value == null || value.length() <= MAX_CHARS) {
            return value;
        }
        int keep = MAX_CHARS - TRUNCATED.length();
        // Never split a surrogate pair: a lone half cannot be stored as UTF-8 as it was hashed.
        if (Character.isHighSurrogate(value.charAt(keep - 1))) {
            keep--;
        }
        return value.substring(0, keep) + TRUNCATED;
    }
}
