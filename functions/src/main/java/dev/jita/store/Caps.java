package dev.jita.store;

import dev.jita.domain.Status;

/**
 * How many requests one requester role may have at once, enforced by the store in the transaction that creates a
 * request (security.md, "A flood from one principal is capped"). Counted per role, never per session: whoever calls
 * sts:AssumeRole picks the session name, so a count per session is no cap at all.
 *
 * @param maxPending requests awaiting approval: each one mails every approver
 * @param maxGrants  requests that hold or may yet hold a grant on the role, auto-approved ones included: they share
 *                   the role's inline-policy budget
 */
public record Caps(int maxPending, int maxGrants) {

    /** Counts without limiting: for tools and tests that create requests beside intake. */
    public static final Caps NONE = new Caps(Integer.MAX_VALUE, Integer.MAX_VALUE);

    public Caps {
        if (maxPending < 1 || maxGrants < 1) {
            throw new IllegalArgumentException("caps must be at least 1; got pending " + maxPending + ", grants "
                    + maxGrants);
        }
    }

    public int max(Kind kind) {
        return switch (kind) {
            case PENDING -> maxPending;
            case GRANTS -> maxGrants;
        };
    }

    /** What is counted. A request is counted from its creation until its status no longer {@link #counts} it. */
    public enum Kind {
        /** Requests in PENDING_APPROVAL. */
        PENDING,
        /**
         * Requests not yet final: pending, approved, scheduled, active, and revoke-failed (whose policy may still be
         * on the role). Pending ones take their place at intake, so approving one never has to be refused for want
         * of room, and the only refusal is the 429 at intake.
         */
        GRANTS;

        public boolean counts(Status status) {
            return switch (this) {
                case PENDING -> status == Status.PENDING_APPROVAL;
                case GRANTS -> !status.isFinal();
            };
        }
    }
}
