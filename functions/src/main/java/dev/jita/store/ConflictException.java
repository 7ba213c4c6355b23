package dev.jita.store;

import dev.jita.domain.Status;

/**
 * DynamoDB refused a guarded write. {@link #reason()} says why, read from the item as it stood when the write
 * was refused, so a caller can tell "someone else changed it" (re-read and decide again) from a move the
 * lifecycle never allows.
 */
public final class ConflictException extends RuntimeException {

    public enum Reason {
        /** The request's version moved since the caller read it: someone else changed it. */
        STALE_VERSION,
        /** The stored status may not move to the target: the lifecycle forbids it. */
        ILLEGAL_TRANSITION,
        /** A decision on a request that is no longer PENDING_APPROVAL. */
        NOT_PENDING,
        /** This approver's decision is already recorded. */
        ALREADY_DECIDED,
        /** A request with this id already exists. */
        ALREADY_EXISTS,
        /** The audit seq the write wanted is taken although the request said otherwise. */
        AUDIT_SEQ_TAKEN
    }

    private final String requestId;
    private final Reason reason;
    private final long expectedVersion;
    private final long actualVersion;
    private final Status actualStatus;
    private final Status target;

    ConflictException(String requestId, Reason reason, long expectedVersion, long actualVersion,
                      Status actualStatus, Status target) {
        super(message(requestId, reason, expectedVersion, actualVersion, actualStatus, target));
        this.requestId = requestId;
        this.reason = reason;
        this.expectedVersion = expectedVersion;
        this.actualVersion = actualVersion;
        this.actualStatus = actualStatus;
        this.target = target;
    }

    private static String message(String requestId, Reason reason, long expected, long actual, Status status,
                                  Status target) {
        return switch (reason) {
            case STALE_VERSION -> "request " + requestId + " changed meanwhile (expected version " + expected
                    + ", found " + actual + " in status " + status + "): re-read it and decide again";
            case ILLEGAL_TRANSITION -> "request " + requestId + " is " + status + " and may not move to " + target;
            case NOT_PENDING -> "request " + requestId + " is " + status + ", no longer awaiting decisions";
            case ALREADY_DECIDED -> "this approver already decided on request " + requestId;
            case ALREADY_EXISTS -> "request " + requestId + " already exists";
            case AUDIT_SEQ_TAKEN -> "audit entry after seq " + expected + " of request " + requestId
                    + " already exists: the audit chain and the request disagree, run verify";
        };
    }

    public String requestId() {
        return requestId;
    }

    public Reason reason() {
        return reason;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version found, or -1 where the store could not see it. */
    public long actualVersion() {
        return actualVersion;
    }

    /** The status found, or null where the store could not see it. */
    public Status actualStatus() {
        return actualStatus;
    }

    /** The status the write wanted to move to, or null for a write that changes no status. */
    public Status target() {
        return target;
    }
}
