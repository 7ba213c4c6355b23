package dev.jita.audit;

/** Every kind of audit entry jita writes. */
public enum AuditType {
    REQUESTED,
    REJECTED,
    NOTIFIED,
    APPROVAL_RECORDED,
    DENIAL_RECORDED,
    APPROVED,
    DENIED,
    TIMED_OUT,
    CANCELLED,
    GRANTED,
    GRANT_FAILED,
    REVOKED,
    EXPIRED,
    REVOKE_FAILED,
    LINK_REJECTED,
    INCIDENT_AUTO_APPROVED,
    SWEEPER_REMOVED,
    /** The sweeper started the workflow of a request whose execution had ended or never started. */
    WORKFLOW_RESTARTED,
    /** A call the granted session made in its window, or one refused just after it (CloudTrail, via EventBridge). */
    GRANT_USED
}
