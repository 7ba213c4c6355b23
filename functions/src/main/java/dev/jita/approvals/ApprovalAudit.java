package dev.jita.approvals;

import dev.jita.domain.GrantWindow;
import dev.jita.store.ActorKind;
import dev.jita.store.AuditDraft;
import dev.jita.store.AuditType;
import dev.jita.store.Origin;
import dev.jita.store.Outcome;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The audit entries of the approvals area, one method per event. Never a link, a link token, a CSRF token or a
 * task token in any of them: approver ids and reason codes only.
 */
public final class ApprovalAudit {

    /** The notify function as an actor. */
    public static final String NOTIFY_ACTOR = "jita:notify";
    /** Who a rejected link's holder is: unknown, whatever the link claims. */
    public static final String ANONYMOUS_ACTOR = "anonymous";

    public static final String APPROVERS = "approvers";
    public static final String UNREACHED = "unreached";
    public static final String LINKS_SENT_BEFORE = "linksSentBefore";
    public static final String REASON = "reason";
    public static final String METHOD = "method";
    public static final String CLAIMED_APPROVER = "claimedApprover";
    public static final String COMMENT = "comment";
    public static final String APPROVED_BY = "approvedBy";
    public static final String NOT_BEFORE = "notBefore";
    public static final String NOT_AFTER = "notAfter";
    public static final String STATUS = "status";
    public static final String WORKFLOW_ERROR = "workflowError";

    private ApprovalAudit() {
    }

    /**
     * Links went out to {@code approvers}; {@code unreached} could not be told. Stored with the task token in one
     * write, so the entry exists exactly when the workflow's wait is on record.
     */
    public static AuditDraft notified(List<String> approvers, List<String> unreached) {
        return AuditDraft.of(AuditType.NOTIFIED, NOTIFY_ACTOR, ActorKind.SYSTEM, Outcome.SUCCESS)
                .withDetail(APPROVERS, String.join(",", approvers))
                .withDetail(UNREACHED, unreached.isEmpty() ? null : String.join(",", unreached));
    }

    /** The workflow retried the wait with a new task token; the links sent before stay valid, none went out again. */
    public static AuditDraft renotified() {
        return AuditDraft.of(AuditType.NOTIFIED, NOTIFY_ACTOR, ActorKind.SYSTEM, Outcome.SUCCESS)
                .withDetail(APPROVERS, "")
                .withDetail(LINKS_SENT_BEFORE, "true");
    }

    /** Too few approvers could be told for the request ever to be approved. */
    public static AuditDraft notifyFailed(List<String> approvers, List<String> unreached, String reason) {
        return AuditDraft.of(AuditType.NOTIFIED, NOTIFY_ACTOR, ActorKind.SYSTEM, Outcome.FAILURE)
                .withDetail(APPROVERS, String.join(",", approvers))
                .withDetail(UNREACHED, unreached.isEmpty() ? null : String.join(",", unreached))
                .withDetail(REASON, reason);
    }

    /**
     * A link or its form was refused (forged, expired, wrong CSRF token, changed request...). The reason is for
     * the trail only; the holder was told nothing.
     *
     * @param claimedApprover the approver id the link names, unverified; null if unreadable
     */
    public static AuditDraft linkRejected(String reason, String method, String claimedApprover, Origin origin) {
        return AuditDraft.of(AuditType.LINK_REJECTED, ANONYMOUS_ACTOR, ActorKind.ANONYMOUS, Outcome.REFUSED)
                .withOrigin(origin)
                .withDetail(REASON, reason)
                .withDetail(METHOD, method)
                .withDetail(CLAIMED_APPROVER, claimedApprover);
    }

    /** A genuine link whose holder may not decide: the requester, or someone the current rules no longer list. */
    public static AuditDraft decisionRefused(String approverId, String reason, Origin origin) {
        return AuditDraft.of(AuditType.LINK_REJECTED, approverId, ActorKind.APPROVER, Outcome.REFUSED)
                .withOrigin(origin)
                .withDetail(REASON, reason)
                .withDetail(METHOD, "POST");
    }

    public static AuditDraft approvalRecorded(String approverId, String comment, Origin origin) {
        return AuditDraft.of(AuditType.APPROVAL_RECORDED, approverId, ActorKind.APPROVER, Outcome.SUCCESS)
                .withOrigin(origin)
                .withDetail(COMMENT, blankToNull(comment));
    }

    public static AuditDraft denialRecorded(String approverId, String comment, Origin origin) {
        return AuditDraft.of(AuditType.DENIAL_RECORDED, approverId, ActorKind.APPROVER, Outcome.SUCCESS)
                .withOrigin(origin)
                .withDetail(COMMENT, blankToNull(comment));
    }

    /** The N-th approval landed: the window is fixed. Written in the same transaction as the status change. */
    public static AuditDraft approved(String lastApproverId, List<String> approvedBy, GrantWindow window,
                                      Origin origin) {
        return AuditDraft.of(AuditType.APPROVED, lastApproverId, ActorKind.APPROVER, Outcome.SUCCESS)
                .withOrigin(origin)
                .withDetail(APPROVED_BY, String.join(",", approvedBy))
                .withDetail(NOT_BEFORE, DateTimeFormatter.ISO_INSTANT.format(window.notBefore()))
                .withDetail(NOT_AFTER, DateTimeFormatter.ISO_INSTANT.format(window.notAfter()));
    }

    public static AuditDraft denied(String approverId, Origin origin) {
        return AuditDraft.of(AuditType.DENIED, approverId, ActorKind.APPROVER, Outcome.SUCCESS).withOrigin(origin);
    }

    /**
     * The last approval was recorded but Step Functions no longer waited (the approval timed out meanwhile): the
     * request ends FAILED, since APPROVED may not move to TIMED_OUT, and nothing is granted.
     */
    public static AuditDraft approvalTooLate(String approverId, String workflowError) {
        return AuditDraft.of(AuditType.TIMED_OUT, approverId, ActorKind.APPROVER, Outcome.FAILURE)
                .withDetail(WORKFLOW_ERROR, workflowError)
                .withDetail(REASON, "approval-after-workflow-stopped-waiting");
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
