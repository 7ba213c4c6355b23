package dev.jita.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of an access request. The store enforces {@link #canMoveTo} in its conditional writes,
 * so an illegal transition is refused even when a caller forgets to check.
 */
public enum Status {
    PENDING_APPROVAL,
    APPROVED,
    SCHEDULED,
    ACTIVE,
    EXPIRED,
    DENIED,
    TIMED_OUT,
    CANCELLED,
    REVOKED,
    FAILED,
    REVOKE_FAILED;

    /** The statuses this one may move to; empty for a final status. */
    public Set<Status> next() {
        return switch (this) {
            // FAILED: the approvers could not be notified (the workflow's NotifyFailed path), so nobody ever can decide.
            case PENDING_APPROVAL -> EnumSet.of(APPROVED, SCHEDULED, DENIED, TIMED_OUT, CANCELLED, FAILED);
            case APPROVED -> EnumSet.of(SCHEDULED, ACTIVE, FAILED, REVOKED);
            case SCHEDULED -> EnumSet.of(ACTIVE, FAILED, REVOKED);
            case ACTIVE -> EnumSet.of(EXPIRED, REVOKED, REVOKE_FAILED);
            // The sweeper retries a failed revoke; success ends the request as it would have ended.
            case REVOKE_FAILED -> EnumSet.of(EXPIRED, REVOKED);
            case EXPIRED, DENIED, TIMED_OUT, CANCELLED, REVOKED, FAILED -> EnumSet.noneOf(Status.class);
        };
    }

    public boolean canMoveTo(Status target) {
        return next().contains(target);
    }

    public boolean isFinal() {
        return next().isEmpty();
    }

    /** The target, if this status may move to it; otherwise throws saying which move was refused. */
    public Status moveTo(Status target) {
        if (!canMoveTo(target)) {
            throw new IllegalTransitionException(this, target);
        }
        return target;
    }

    /** The statuses from which a move to {@code target} is legal: what the store's condition expression lists. */
    public static Set<Status> sourcesOf(Status target) {
        Set<Status> sources = EnumSet.noneOf(Status.class);
        for (Status s : values()) {
            if (s.canMoveTo(target)) {
                sources.add(s);
            }
        }
        return sources;
    }
}
