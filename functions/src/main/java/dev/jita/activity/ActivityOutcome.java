package dev.jita.activity;

import dev.jita.audit.Outcome;

/**
 * What the activity function did with one call.
 *
 * @param requestId the request it was attributed to; null when {@link Kind#UNMATCHED}
 * @param recorded  the entry's outcome (SUCCESS, REFUSED, FAILURE); null unless {@link Kind#RECORDED}
 */
public record ActivityOutcome(Kind kind, String requestId, Outcome recorded) {
    public enum Kind {
        /** A GRANT_USED entry was appended to the request's chain. */
        RECORDED,
        /** The same event was recorded before: nothing changed. */
        DUPLICATE,
        /** No grant of that session covers the call's time: ignored. */
        UNMATCHED
    }

    static ActivityOutcome unmatched() {
        return new ActivityOutcome(Kind.UNMATCHED, null, null);
    }
}
