package dev.jita.grants;

import dev.jita.domain.Status;

/** How the workflow ends a request through the revoke function (the {@code outcome} of its task input). */
public enum RevokeOutcome {
    /** The window ended (Revoke after WaitForEnd). */
    EXPIRED(Status.EXPIRED),
    /** Nobody decided in time (TimedOut). */
    TIMED_OUT(Status.TIMED_OUT),
    /** The grant was refused or failed (GrantFailed), or the approvers could not be notified (NotifyFailed). */
    FAILED(Status.FAILED),
    /** Every revoke attempt failed (RevokeFailed). */
    REVOKE_FAILED(Status.REVOKE_FAILED);

    private final Status target;

    RevokeOutcome(Status target) {
        this.target = target;
    }

    /** The status the request ends in. */
    public Status target() {
        return target;
    }

    /** Parses the task input's outcome; a name the workflow never sends is a bug in the definition. */
    public static RevokeOutcome parse(String name) {
        try {
            return valueOf(name);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("outcome must be one of EXPIRED, TIMED_OUT, FAILED, REVOKE_FAILED; got '"
                    + name + "': check approval.asl.json's revoke payloads", e);
        }
    }
}
