package dev.jita.audit;

import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Reason;
import dev.jita.domain.Requester;
import dev.jita.domain.Times;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every audit entry jita writes, one method per event, so that every caller writes the same event the same way.
 * Each detail name and each actor is a constant defined once here: an auditor filtering entries by a detail name can
 * trust it means the same thing in every entry. Each method returns a draft; the store adds request id, seq, time
 * and hashes when it writes it.
 *
 * <p>Never a link, a link token, a CSRF token or a task token in any detail: ids, codes and readable reasons only.
 */
public final class AuditEvents {

    // Actors: which part of jita acted, when no person did.
    /** Intake, acting on its own (an auto-approval, a request ended because its workflow never started). */
    public static final String INTAKE_ACTOR = "jita:intake";
    /** The workflow's notify step. */
    public static final String NOTIFY_ACTOR = "jita:notify";
    /** The workflow's grant step. */
    public static final String GRANT_ACTOR = "jita:grant";
    /** The workflow's revoke step, which records every ending of a request. */
    public static final String REVOKE_ACTOR = "jita:revoke";
    /** The sweeper: retried revokes, removed orphaned policies, ended or restarted requests whose workflow was lost. */
    public static final String SWEEPER_ACTOR = "jita:sweeper";
    /** Who a rejected link's holder is: unknown, whatever the link claims. */
    public static final String ANONYMOUS_ACTOR = "anonymous";

    // What was asked.
    public static final String RULE_ID = "ruleId";
    /** The request's hash, as the approvers' links bind it. */
    public static final String REQUEST_HASH = "requestHash";
    /** Comma-separated, as asked. */
    public static final String ACTIONS = "actions";
    /** Comma-separated ARNs the access applies to, as asked (not {@link #RESOURCE}). */
    public static final String RESOURCES = "resources";
    public static final String DURATION_MINUTES = "durationMinutes";
    public static final String TICKET = "ticket";
    public static final String START_AT = "startAt";

    // Why.
    /** A machine-readable code: a refusal's name, the workflow's error name, a rejected link's reason... */
    public static final String REASON_CODE = "reasonCode";
    /** A person-readable sentence. */
    public static final String REASON = "reason";
    /** The workflow step that failed: "grant" or "notify". */
    public static final String STEP = "step";
    /** The error Step Functions answered with when an approval was handed to it. */
    public static final String WORKFLOW_ERROR = "workflowError";

    // The workflow.
    /** The execution the sweeper found ended or never started, while the request still waited on it. */
    public static final String LOST_EXECUTION = "lostExecution";
    /** The execution the sweeper started in its place ({@code <requestId>-r<n>}). */
    public static final String EXECUTION_NAME = "executionName";

    // Approvals.
    /** Comma-separated approver ids. */
    public static final String APPROVERS = "approvers";
    /** Comma-separated approver ids that could not be told. */
    public static final String UNREACHED = "unreached";
    /** "true" when a renewed wait sent no link, those sent before staying valid. */
    public static final String LINKS_SENT_BEFORE = "linksSentBefore";
    /** Comma-separated approver ids whose approvals made the request approved, or the rule that did. */
    public static final String APPROVED_BY = "approvedBy";
    public static final String COMMENT = "comment";
    /** The HTTP method a rejected link came with. */
    public static final String METHOD = "method";
    /** The approver a rejected link names, unverified. */
    public static final String CLAIMED_APPROVER = "claimedApprover";
    /** The window, in the store's time format ({@link Times#iso}). */
    public static final String NOT_BEFORE = "notBefore";
    public static final String NOT_AFTER = "notAfter";

    // The grant.
    /** The account of the role a policy was on. */
    public static final String ACCOUNT = "account";
    /** The IAM role the grant's policy is (or was) on, like IAM's RoleName. */
    public static final String ROLE_NAME = "roleName";
    /** The grant's inline policy, {@code jita-<requestId>}. */
    public static final String POLICY_NAME = "policyName";
    /** The policy as one IAM resource path, {@code role/<roleName>/policy/<policyName>}. */
    public static final String RESOURCE = "resource";
    /** "true" when this step deleted the policy, "false" when it was already gone (NoSuchEntity). */
    public static final String POLICY_DELETED = "policyDeleted";
    /** Identity Center grants (issue 14): the request's permission set, the user it is assigned to, and how. */
    public static final String PERMISSION_SET_ARN = "permissionSetArn";
    public static final String PERMISSION_SET_NAME = "permissionSetName";
    public static final String IDENTITY_CENTER_USER = "identityCenterUser";
    public static final String IDENTITY_CENTER_USER_ID = "identityCenterUserId";
    public static final String PROVISIONING_REQUEST_ID = "provisioningRequestId";
    /** How far an early revoke of an Identity Center grant got, when not all the way. */
    public static final String IDENTITY_CENTER_REMOVAL = "identityCenterRemoval";
    /** What the requester does with an Identity Center grant: which permission set to pick, where. */
    public static final String HOW_TO_USE = "howToUse";
    /** "true" when a grant found ACTIVE had lost its policy and put it back. */
    public static final String REAPPLIED = "reapplied";

    // Incidents.
    public static final String INCIDENT_ID = "incidentId";
    public static final String INCIDENT_SOURCE = "incidentSource";
    public static final String SEVERITY = "severity";

    // What the grant was used for (CloudTrail).
    /** CloudTrail's eventName, the API call: {@code TerminateInstances}. */
    public static final String EVENT_NAME = "eventName";
    /** CloudTrail's eventSource, the service: {@code ec2.amazonaws.com}. */
    public static final String EVENT_SOURCE = "eventSource";
    /** CloudTrail's eventID: what makes a redelivered event change nothing. */
    public static final String EVENT_ID = "eventId";
    /** When the call was made, CloudTrail's eventTime (the entry's own {@code at} is when jita recorded it). */
    public static final String EVENT_TIME = "eventTime";
    /** The error the service answered, when the call was refused or failed: {@code AccessDenied}... */
    public static final String ERROR_CODE = "errorCode";
    /** Where the call fell: inside the window, or after it within the grace for refused attempts. */
    public static final String WHEN = "when";

    private static final String AUTO_APPROVE_RULE = "rule:autoApprove.always";
    private static final String WORKFLOW_NOT_STARTED = "workflow-not-started";

    private AuditEvents() {
    }

    // ------------------------------------------------------------------ intake

    public static AuditDraft requested(AccessRequest r, String requestHash, Origin origin) {
        return draft(AuditType.REQUESTED, r.requester().arn(), ActorKind.REQUESTER, Outcome.SUCCESS, origin)
                .withDetail(RULE_ID, r.ruleId())
                .withDetail(REQUEST_HASH, requestHash)
                .withDetail(ACTIONS, joined(r.actions()))
                .withDetail(RESOURCES, joined(r.resources()))
                .withDetail(DURATION_MINUTES, Long.toString(r.duration().toMinutes()))
                .withDetail(TICKET, r.ticket())
                .withDetail(START_AT, r.startAt() == null ? null : Times.iso(r.startAt()));
    }

    /**
     * A request eligibility refused; kept under the id it would have had, found by time range.
     *
     * @param ruleId the rule the refusal names, else the one asked for; null for none
     */
    public static AuditDraft rejected(Requester who, Origin origin, Reason reason, String ruleId,
                                      List<String> actions, List<String> resources, int durationMinutes) {
        return draft(AuditType.REJECTED, who.arn(), ActorKind.REQUESTER, Outcome.REFUSED, origin)
                .withDetail(REASON_CODE, reason.name())
                .withDetail(RULE_ID, ruleId)
                .withDetail(ACTIONS, joined(actions))
                .withDetail(RESOURCES, joined(resources))
                .withDetail(DURATION_MINUTES, Integer.toString(durationMinutes));
    }

    /** A rule that always auto-approves: approved on arrival, the window fixed now. */
    public static AuditDraft autoApproved(AccessRequest r, GrantWindow window) {
        return windowed(draft(AuditType.APPROVED, INTAKE_ACTOR, ActorKind.SYSTEM, Outcome.SUCCESS, Origin.NONE)
                .withDetail(RULE_ID, r.ruleId())
                .withDetail(APPROVED_BY, AUTO_APPROVE_RULE)
                .withDetail(RESOURCES, joined(r.resources())), window);
    }

    public static AuditDraft cancelled(AccessRequest r, Requester by, Origin origin) {
        return draft(AuditType.CANCELLED, by.arn(), ActorKind.REQUESTER, Outcome.SUCCESS, origin)
                .withDetail(RESOURCES, joined(r.resources()));
    }

    /**
     * The workflow could not be started and the caller cannot finish the job (no Idempotency-Key): the request is
     * ended rather than left with nothing to time it out.
     *
     * @param type CANCELLED for a pending request, GRANT_FAILED for an approved one
     */
    public static AuditDraft workflowNotStarted(AccessRequest r, AuditType type) {
        return draft(type, INTAKE_ACTOR, ActorKind.SYSTEM, Outcome.FAILURE, Origin.NONE)
                .withDetail(REASON_CODE, WORKFLOW_NOT_STARTED)
                .withDetail(RESOURCES, joined(r.resources()));
    }

    // --------------------------------------------------------------- approvals

    /**
     * Links went out to {@code approvers}; {@code unreached} could not be told. Stored with the task token in one
     * write, so the entry exists exactly when the workflow's wait is on record.
     */
    public static AuditDraft notified(List<String> approvers, List<String> unreached) {
        return draft(AuditType.NOTIFIED, NOTIFY_ACTOR, ActorKind.SYSTEM, Outcome.SUCCESS, Origin.NONE)
                .withDetail(APPROVERS, joined(approvers))
                .withDetail(UNREACHED, unreached.isEmpty() ? null : joined(unreached));
    }

    /** The workflow retried the wait with a new task token; the links sent before stay valid, none went out again. */
    public static AuditDraft renotified() {
        return draft(AuditType.NOTIFIED, NOTIFY_ACTOR, ActorKind.SYSTEM, Outcome.SUCCESS, Origin.NONE)
                .withDetail(APPROVERS, "")
                .withDetail(LINKS_SENT_BEFORE, "true");
    }

    /** Too few approvers could be told for the request ever to be approved. */
    public static AuditDraft notifyFailed(List<String> approvers, List<String> unreached, String reasonCode) {
        return draft(AuditType.NOTIFIED, NOTIFY_ACTOR, ActorKind.SYSTEM, Outcome.FAILURE, Origin.NONE)
                .withDetail(APPROVERS, joined(approvers))
                .withDetail(UNREACHED, unreached.isEmpty() ? null : joined(unreached))
                .withDetail(REASON_CODE, reasonCode);
    }

    /**
     * A link or its form was refused (forged, expired, wrong CSRF token, changed request...). The reason is for
     * the trail only; the holder was told nothing.
     *
     * @param claimedApprover the approver id the link names, unverified; null if unreadable
     */
    public static AuditDraft linkRejected(String reasonCode, String method, String claimedApprover, Origin origin) {
        return draft(AuditType.LINK_REJECTED, ANONYMOUS_ACTOR, ActorKind.ANONYMOUS, Outcome.REFUSED, origin)
                .withDetail(REASON_CODE, reasonCode)
                .withDetail(METHOD, method)
                .withDetail(CLAIMED_APPROVER, claimedApprover);
    }

    /** A genuine link whose holder may not decide: the requester, or someone the current rules no longer list. */
    public static AuditDraft decisionRefused(String approverId, String reasonCode, Origin origin) {
        return draft(AuditType.LINK_REJECTED, approverId, ActorKind.APPROVER, Outcome.REFUSED, origin)
                .withDetail(REASON_CODE, reasonCode)
                .withDetail(METHOD, "POST");
    }

    public static AuditDraft approvalRecorded(String approverId, String comment, Origin origin) {
        return draft(AuditType.APPROVAL_RECORDED, approverId, ActorKind.APPROVER, Outcome.SUCCESS, origin)
                .withDetail(COMMENT, blankToNull(comment));
    }

    public static AuditDraft denialRecorded(String approverId, String comment, Origin origin) {
        return draft(AuditType.DENIAL_RECORDED, approverId, ActorKind.APPROVER, Outcome.SUCCESS, origin)
                .withDetail(COMMENT, blankToNull(comment));
    }

    /** The N-th approval landed: the window is fixed. Written in the same transaction as the status change. */
    public static AuditDraft approved(String lastApproverId, List<String> approvedBy, GrantWindow window,
                                      Origin origin) {
        return windowed(draft(AuditType.APPROVED, lastApproverId, ActorKind.APPROVER, Outcome.SUCCESS, origin)
                .withDetail(APPROVED_BY, joined(approvedBy)), window);
    }

    public static AuditDraft denied(String approverId, Origin origin) {
        return draft(AuditType.DENIED, approverId, ActorKind.APPROVER, Outcome.SUCCESS, origin);
    }

    /**
     * The last approval was recorded but Step Functions no longer waited (the approval timed out meanwhile): the
     * request ends FAILED, since APPROVED may not move to TIMED_OUT, and nothing is granted.
     */
    public static AuditDraft approvalTooLate(String approverId, String workflowError) {
        return draft(AuditType.TIMED_OUT, approverId, ActorKind.APPROVER, Outcome.FAILURE, Origin.NONE)
                .withDetail(WORKFLOW_ERROR, workflowError)
                .withDetail(REASON_CODE, "approval-after-workflow-stopped-waiting");
    }

    /** An incident auto-approved the request, still time-boxed; a break-glass rule's approval says why. */
    public static AuditDraft incidentAutoApproved(String incidentId, String source, String severity,
                                                  GrantWindow window, String reason) {
        return windowed(draft(AuditType.INCIDENT_AUTO_APPROVED, source, ActorKind.INCIDENT, Outcome.SUCCESS,
                Origin.NONE), window)
                .withDetail(INCIDENT_ID, incidentId)
                .withDetail(INCIDENT_SOURCE, source)
                .withDetail(SEVERITY, severity)
                .withDetail(REASON, reason);
    }

    // ------------------------------------------------------------- the grant

    public static AuditDraft granted(String roleName, String policyName, GrantWindow window) {
        return windowed(onPolicy(system(AuditType.GRANTED, GRANT_ACTOR, Outcome.SUCCESS), roleName, policyName),
                window);
    }

    /**
     * An Identity Center grant on its way: the permission set exists with the request's statement and the assignment
     * to the user is being provisioned.
     */
    public static AuditDraft provisioningStarted(String roleName, String permissionSetName, String accountId,
                                                 String permissionSetArn, String userName, String userId,
                                                 GrantWindow window) {
        return windowed(onPolicy(system(AuditType.PROVISIONING_STARTED, GRANT_ACTOR, Outcome.SUCCESS), roleName,
                permissionSetName), window)
                .withDetail(ACCOUNT, accountId)
                .withDetail(PERMISSION_SET_NAME, permissionSetName)
                .withDetail(PERMISSION_SET_ARN, permissionSetArn)
                .withDetail(IDENTITY_CENTER_USER, userName)
                .withDetail(IDENTITY_CENTER_USER_ID, userId);
    }

    /** A grant found ACTIVE whose policy had vanished, put back by a re-run of the grant step. */
    public static AuditDraft reapplied(String roleName, String policyName, GrantWindow window) {
        return granted(roleName, policyName, window).withDetail(REAPPLIED, "true");
    }

    /** The request ended FAILED: the grant was refused or failed, or (step "notify") nobody could be told. */
    public static AuditDraft grantFailed(String step, String reasonCode, String reason, String roleName,
                                         String policyName, boolean policyDeleted) {
        return onPolicy(system(AuditType.GRANT_FAILED, REVOKE_ACTOR, Outcome.FAILURE), roleName, policyName)
                .withDetail(STEP, step)
                .withDetail(REASON_CODE, reasonCode)
                .withDetail(REASON, reason)
                .withDetail(POLICY_DELETED, String.valueOf(policyDeleted));
    }

    public static AuditDraft expired(String roleName, String policyName, boolean policyDeleted) {
        return ending(AuditType.EXPIRED, Outcome.SUCCESS, roleName, policyName, policyDeleted);
    }

    public static AuditDraft timedOut(String roleName, String policyName, boolean policyDeleted) {
        return ending(AuditType.TIMED_OUT, Outcome.SUCCESS, roleName, policyName, policyDeleted);
    }

    /**
     * The approval wait timed out although the request had been approved: the approval was recorded but never
     * reached the workflow (its handoff failed), so nothing was granted and the request ends FAILED.
     */
    public static AuditDraft approvalNeverReachedWorkflow(String roleName, String policyName, boolean policyDeleted) {
        return ending(AuditType.TIMED_OUT, Outcome.FAILURE, roleName, policyName, policyDeleted)
                .withDetail(REASON_CODE, "APPROVAL_NOT_DELIVERED")
                .withDetail(REASON, "the approval was recorded but never reached the workflow, whose wait then "
                        + "timed out; nothing was granted");
    }

    /**
     * An early revoke: by the requester or an admin (POST /requests/{id}/revoke), an incident's resolution, the
     * sweeper's retry.
     *
     * @param reason person-readable, e.g. "incident resolved"; null for none
     */
    public static AuditDraft revoked(String actor, ActorKind actorKind, Origin origin, String roleName,
                                     String policyName, boolean policyDeleted, String reason) {
        return onPolicy(draft(AuditType.REVOKED, actor, actorKind, Outcome.SUCCESS, origin), roleName, policyName)
                .withDetail(POLICY_DELETED, String.valueOf(policyDeleted))
                .withDetail(REASON, reason);
    }

    /** Every revoke attempt failed; the policy's own time condition has already ended the permission. */
    public static AuditDraft revokeFailed(String roleName, String policyName, String reasonCode, String reason) {
        return onPolicy(system(AuditType.REVOKE_FAILED, REVOKE_ACTOR, Outcome.FAILURE), roleName, policyName)
                .withDetail(REASON_CODE, reasonCode)
                .withDetail(REASON, reason);
    }

    /** An orphaned jita-* policy with no active grant, removed. */
    public static AuditDraft sweeperRemoved(String roleName, String policyName) {
        return onPolicy(system(AuditType.SWEEPER_REMOVED, SWEEPER_ACTOR, Outcome.SUCCESS), roleName, policyName);
    }

    /** The same, naming the account of the role (several accounts can hold a role of one name). */
    public static AuditDraft sweeperRemoved(String accountId, String roleName, String policyName) {
        return sweeperRemoved(roleName, policyName).withDetail(ACCOUNT, accountId);
    }

    // ------------------------------------------------------------- activity

    /**
     * A call the granted session made, as CloudTrail recorded it: by the requester's session (the actor), with the
     * call's own source IP and user agent as the entry's origin.
     *
     * @param resources comma-separated ARNs or ids the call named, as far as CloudTrail tells; null for none
     * @param errorCode null when the call succeeded
     * @param when      {@code in-window} or {@code after-window}
     */
    public static AuditDraft grantUsed(String sessionArn, Origin origin, Outcome outcome, String eventName,
                                       String eventSource, String eventId, Instant eventTime, String resources,
                                       String errorCode, String when) {
        return draft(AuditType.GRANT_USED, sessionArn, ActorKind.REQUESTER, outcome, origin)
                .withDetail(EVENT_NAME, eventName)
                .withDetail(EVENT_SOURCE, eventSource)
                .withDetail(EVENT_ID, eventId)
                .withDetail(EVENT_TIME, Times.iso(eventTime))
                .withDetail(RESOURCES, resources)
                .withDetail(ERROR_CODE, errorCode)
                .withDetail(WHEN, when);
    }

    // ---------------------------------------------------------- lost workflows

    /**
     * The request's workflow had ended or never started while the request still waited on it; the sweeper started
     * it again as {@code executionName}, at the step the request had reached (approval, or the window).
     *
     * @param reasonCode {@code WORKFLOW_ENDED} or {@code WORKFLOW_NOT_FOUND}
     */
    public static AuditDraft workflowRestarted(String lostExecution, String reasonCode, String executionName,
                                               String reason) {
        return lostWorkflow(AuditType.WORKFLOW_RESTARTED, Outcome.SUCCESS, lostExecution, reasonCode, reason)
                .withDetail(EXECUTION_NAME, executionName);
    }

    /** Pending past its approval timeout with no workflow left to time it out: the sweeper ended it TIMED_OUT. */
    public static AuditDraft lostWorkflowTimedOut(String lostExecution, String reasonCode, String reason) {
        return lostWorkflow(AuditType.TIMED_OUT, Outcome.SUCCESS, lostExecution, reasonCode, reason);
    }

    /**
     * Approved, but its workflow was gone before it granted and the window has passed: the sweeper ended it FAILED
     * (the status that says "ended without access"); nothing was granted.
     */
    public static AuditDraft lostWorkflowNeverGranted(String lostExecution, String reasonCode, String reason) {
        return lostWorkflow(AuditType.GRANT_FAILED, Outcome.FAILURE, lostExecution, reasonCode, reason)
                .withDetail(STEP, "grant");
    }

    private static AuditDraft lostWorkflow(AuditType type, Outcome outcome, String lostExecution, String reasonCode,
                                           String reason) {
        return system(type, SWEEPER_ACTOR, outcome)
                .withDetail(LOST_EXECUTION, lostExecution)
                .withDetail(REASON_CODE, reasonCode)
                .withDetail(REASON, reason);
    }

    // ----------------------------------------------------------------- helpers

    private static AuditDraft draft(AuditType type, String actor, ActorKind kind, Outcome outcome, Origin origin) {
        return new AuditDraft(type, Objects.requireNonNull(actor, "actor"), kind, origin, outcome, Map.of());
    }

    private static AuditDraft system(AuditType type, String actor, Outcome outcome) {
        return draft(type, actor, ActorKind.SYSTEM, outcome, Origin.NONE);
    }

    /** The revoke step's record of how a request ended, and whether it took the policy off. */
    private static AuditDraft ending(AuditType type, Outcome outcome, String roleName, String policyName,
                                     boolean policyDeleted) {
        return onPolicy(system(type, REVOKE_ACTOR, outcome), roleName, policyName)
                .withDetail(POLICY_DELETED, String.valueOf(policyDeleted));
    }

    /** An entry about one grant's policy: every such entry names it with the same three details. */
    private static AuditDraft onPolicy(AuditDraft draft, String roleName, String policyName) {
        return draft.withDetail(ROLE_NAME, roleName)
                .withDetail(POLICY_NAME, policyName)
                .withDetail(RESOURCE, "role/" + roleName + "/policy/" + policyName);
    }

    private static AuditDraft windowed(AuditDraft draft, GrantWindow window) {
        return draft.withDetail(NOT_BEFORE, Times.iso(window.notBefore()))
                .withDetail(NOT_AFTER, Times.iso(window.notAfter()));
    }

    private static String joined(List<String> values) {
        return String.join(",", values);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
