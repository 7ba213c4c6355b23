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
    /**
     * An Identity Center grant is on its way (issue 14): jita created the request's permission set and asked Identity
     * Center to assign it; GRANTED follows once the assignment's provisioning has succeeded.
     */
    PROVISIONING_STARTED,
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
