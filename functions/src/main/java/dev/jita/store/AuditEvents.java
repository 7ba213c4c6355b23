package dev.jita.store;

import dev.jita.domain.GrantWindow;
import java.util.Objects;

/**
 * One method per audit event, so that every caller writes the same event the same way, with the same detail
 * names. Each returns a draft; the store adds request id, seq, time and hashes when it writes it.
 */
public final class AuditEvents {

    /** Detail names, the same for every event that carries them. */
    public static final String RULE_ID = "ruleId";
    public static final String REQUEST_HASH = "requestHash";
    public static final String REASON = "reason";
    public static final String APPROVER_ID = "approverId";
    public static final String COMMENT = "comment";
    public static final String NOT_BEFORE = "notBefore";
    public static final String NOT_AFTER = "notAfter";
    public static final String ROLE_NAME = "roleName";
    public static final String POLICY_NAME = "policyName";
    public static final String INCIDENT_ID = "incidentId";
    public static final String ERROR = "error";
    public static final String SEVERITY = "severity";
    public static final String INCIDENT_SOURCE = "incidentSource";

    /** The actor of steps jita takes by itself. */
    public static final String WORKFLOW = "jita:workflow";
    public static final String SWEEPER = "jita:sweeper";

    private AuditEvents() {
    }

    public static AuditDraft requested(String requesterArn, Origin origin, String ruleId, String requestHash) {
        return draft(AuditType.REQUESTED, requesterArn, ActorKind.REQUESTER, Outcome.SUCCESS, origin)
                .withDetail(RULE_ID, ruleId)
                .withDetail(REQUEST_HASH, requestHash);
    }

    /** @param reasonCode the code the API answered with (not eligible, forbidden action...) */
    public static AuditDraft rejected(String requesterArn, Origin origin, String reasonCode) {
        return draft(AuditType.REJECTED, requesterArn, ActorKind.REQUESTER, Outcome.REFUSED, origin)
                .withDetail(REASON, reasonCode);
    }

    public static AuditDraft notified(String approverId) {
        return draft(AuditType.NOTIFIED, WORKFLOW, ActorKind.SYSTEM, Outcome.SUCCESS, Origin.NONE)
                .withDetail(APPROVER_ID, approverId);
    }

    public static AuditDraft approvalRecorded(String approverId, String comment, Origin origin) {
        return draft(AuditType.APPROVAL_RECORDED, approverId, ActorKind.APPROVER, Outcome.SUCCESS, origin)
                .withDetail(COMMENT, comment);
    }

    public static AuditDraft denialRecorded(String approverId, String comment, Origin origin) {
        return draft(AuditType.DENIAL_RECORDED, approverId, ActorKind.APPROVER, Outcome.SUCCESS, origin)
                .withDetail(COMMENT, comment);
    }

    /** The last needed approval landed; the window is fixed from now on. */
    public static AuditDraft approved(String lastApproverId, GrantWindow window) {
        return windowed(draft(AuditType.APPROVED, lastApproverId, ActorKind.APPROVER, Outcome.SUCCESS,
                Origin.NONE), window);
    }

    public static AuditDraft denied(String approverId) {
        return draft(AuditType.DENIED, approverId, ActorKind.APPROVER, Outcome.SUCCESS, Origin.NONE);
    }

    public static AuditDraft timedOut() {
        return draft(AuditType.TIMED_OUT, WORKFLOW, ActorKind.SYSTEM, Outcome.SUCCESS, Origin.NONE);
    }

    public static AuditDraft cancelled(String requesterArn, Origin origin) {
        return draft(AuditType.CANCELLED, requesterArn, ActorKind.REQUESTER, Outcome.SUCCESS, origin);
    }

    public static AuditDraft granted(String roleName, String policyName, GrantWindow window) {
        return windowed(draft(AuditType.GRANTED, WORKFLOW, ActorKind.SYSTEM, Outcome.SUCCESS, Origin.NONE), window)
                .withDetail(ROLE_NAME, roleName)
                .withDetail(POLICY_NAME, policyName);
    }

    /** @param error what IAM or the re-check said, never a secret */
    public static AuditDraft grantFailed(String error) {
        return draft(AuditType.GRANT_FAILED, WORKFLOW, ActorKind.SYSTEM, Outcome.FAILURE, Origin.NONE)
                .withDetail(ERROR, error);
    }

    /** An early end, by the requester or an admin. */
    public static AuditDraft revoked(String actorArn, ActorKind kind, Origin origin, String policyName) {
        return draft(AuditType.REVOKED, actorArn, kind, Outcome.SUCCESS, origin)
                .withDetail(POLICY_NAME, policyName);
    }

    /** The window ended and the workflow (or the sweeper) removed the grant. */
    public static AuditDraft expired(String actor, String policyName) {
        return draft(AuditType.EXPIRED, actor, ActorKind.SYSTEM, Outcome.SUCCESS, Origin.NONE)
                .withDetail(POLICY_NAME, policyName);
    }

    public static AuditDraft revokeFailed(String policyName, String error) {
        return draft(AuditType.REVOKE_FAILED, WORKFLOW, ActorKind.SYSTEM, Outcome.FAILURE, Origin.NONE)
                .withDetail(POLICY_NAME, policyName)
                .withDetail(ERROR, error);
    }

    /**
     * A link that failed verification. Says nothing the holder could learn from; the reason is for auditors.
     *
     * @param claimedApproverId the approver the token named, or null when it could not be read
     */
    public static AuditDraft linkRejected(String claimedApproverId, Origin origin, String reason) {
        return draft(AuditType.LINK_REJECTED, claimedApproverId == null ? "unknown" : claimedApproverId,
                ActorKind.ANONYMOUS, Outcome.REFUSED, origin)
                .withDetail(REASON, reason);
    }

    public static AuditDraft incidentAutoApproved(String incidentId, String source, GrantWindow window) {
        return windowed(draft(AuditType.INCIDENT_AUTO_APPROVED, source, ActorKind.INCIDENT, Outcome.SUCCESS,
                Origin.NONE), window)
                .withDetail(INCIDENT_ID, incidentId)
                .withDetail(INCIDENT_SOURCE, source);
    }

    /** An orphaned jita-* policy with no active grant, removed. */
    public static AuditDraft sweeperRemoved(String roleName, String policyName) {
        return draft(AuditType.SWEEPER_REMOVED, SWEEPER, ActorKind.SYSTEM, Outcome.SUCCESS, Origin.NONE)
                .withDetail(ROLE_NAME, roleName)
                .withDetail(POLICY_NAME, policyName);
    }

    private static AuditDraft draft(AuditType type, String actor, ActorKind kind, Outcome outcome, Origin origin) {
        return new AuditDraft(type, Objects.requireNonNull(actor, "actor"), kind, origin, outcome,
                java.util.Map.of());
    }

    private static AuditDraft windowed(AuditDraft draft, GrantWindow window) {
        return draft.withDetail(NOT_BEFORE, Times.iso(window.notBefore()))
                .withDetail(NOT_AFTER, Times.iso(window.notAfter()));
    }
}
