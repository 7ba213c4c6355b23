package dev.jita.lifecycle;

import dev.jita.domain.GrantWindow;
import dev.jita.store.ActorKind;
import dev.jita.store.AuditDraft;
import dev.jita.store.AuditType;
import dev.jita.store.Origin;
import dev.jita.store.Outcome;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The audit entries of the grant lifecycle, one method per event, with constant detail keys. */
public final class LifecycleAudit {
    /** The actor of the workflow's grant step. */
    public static final String GRANT_ACTOR = "jita:grant";
    /** The actor of the workflow's revoke step (and of every ending it records). */
    public static final String REVOKE_ACTOR = "jita:revoke";

    public static final String POLICY_NAME = "policyName";
    public static final String ROLE = "role";
    /** The resource the entry is about: the role's ARN-like name and policy, {@code role/<role>/policy/<name>}. */
    public static final String RESOURCE = "resource";
    public static final String NOT_BEFORE = "notBefore";
    public static final String NOT_AFTER = "notAfter";
    /** "true" when this step deleted the policy, "false" when it was already gone (NoSuchEntity). */
    public static final String POLICY_DELETED = "policyDeleted";
    /** A person-readable reason, e.g. why a grant was refused. */
    public static final String REASON = "reason";
    /** The reason's code, e.g. SIZE_LIMIT, or the workflow's error name. */
    public static final String REASON_CODE = "reasonCode";
    /** The workflow step that failed: "grant" or "notify". */
    public static final String STEP = "step";
    /** "true" when a grant found ACTIVE had lost its policy and put it back. */
    public static final String REAPPLIED = "reapplied";

    private LifecycleAudit() {
    }

    public static AuditDraft granted(String roleName, String policyName, GrantWindow window) {
        return system(AuditType.GRANTED, GRANT_ACTOR, Outcome.SUCCESS)
                .withDetail(ROLE, roleName)
                .withDetail(POLICY_NAME, policyName)
                .withDetail(RESOURCE, resource(roleName, policyName))
                .withDetail(NOT_BEFORE, iso(window.notBefore()))
                .withDetail(NOT_AFTER, iso(window.notAfter()));
    }

    /** A grant found ACTIVE whose policy had vanished, put back by a re-run of the grant step. */
    public static AuditDraft reapplied(String roleName, String policyName, GrantWindow window) {
        return granted(roleName, policyName, window).withDetail(REAPPLIED, "true");
    }

    /** The request ended FAILED: the grant was refused or failed, or (step "notify") nobody could be told. */
    public static AuditDraft grantFailed(String step, String reasonCode, String reason, String roleName,
                                         String policyName, boolean policyDeleted) {
        return system(AuditType.GRANT_FAILED, REVOKE_ACTOR, Outcome.FAILURE)
                .withDetail(STEP, step)
                .withDetail(REASON_CODE, reasonCode)
                .withDetail(REASON, reason)
                .withDetail(ROLE, roleName)
                .withDetail(POLICY_NAME, policyName)
                .withDetail(RESOURCE, resource(roleName, policyName))
                .withDetail(POLICY_DELETED, String.valueOf(policyDeleted));
    }

    public static AuditDraft expired(String roleName, String policyName, boolean policyDeleted) {
        return ending(AuditType.EXPIRED, roleName, policyName, policyDeleted);
    }

    public static AuditDraft timedOut(String roleName, String policyName, boolean policyDeleted) {
        return ending(AuditType.TIMED_OUT, roleName, policyName, policyDeleted);
    }

    /**
     * The approval wait timed out although the request had been approved: the approval was recorded but never
     * reached the workflow (its handoff failed), so nothing was granted and the request ends FAILED.
     */
    public static AuditDraft approvalNeverReachedWorkflow(String roleName, String policyName, boolean policyDeleted) {
        return system(AuditType.TIMED_OUT, REVOKE_ACTOR, Outcome.FAILURE)
                .withDetail(REASON_CODE, "APPROVAL_NOT_DELIVERED")
                .withDetail(REASON, "the approval was recorded but never reached the workflow, whose wait then "
                        + "timed out; nothing was granted")
                .withDetail(ROLE, roleName)
                .withDetail(POLICY_NAME, policyName)
                .withDetail(RESOURCE, resource(roleName, policyName))
                .withDetail(POLICY_DELETED, String.valueOf(policyDeleted));
    }

    /** An early revoke by the requester or an admin (POST /requests/{id}/revoke). */
    public static AuditDraft revoked(String actor, ActorKind actorKind, Origin origin, String roleName,
                                     String policyName, boolean policyDeleted) {
        return new AuditDraft(AuditType.REVOKED, actor, actorKind, origin, Outcome.SUCCESS, Map.of())
                .withDetail(ROLE, roleName)
                .withDetail(POLICY_NAME, policyName)
                .withDetail(RESOURCE, resource(roleName, policyName))
                .withDetail(POLICY_DELETED, String.valueOf(policyDeleted));
    }

    /** Every revoke attempt failed; the policy's own time condition has already ended the permission. */
    public static AuditDraft revokeFailed(String roleName, String policyName, String reasonCode, String reason) {
        return system(AuditType.REVOKE_FAILED, REVOKE_ACTOR, Outcome.FAILURE)
                .withDetail(ROLE, roleName)
                .withDetail(POLICY_NAME, policyName)
                .withDetail(RESOURCE, resource(roleName, policyName))
                .withDetail(REASON_CODE, reasonCode)
                .withDetail(REASON, reason);
    }

    private static AuditDraft ending(AuditType type, String roleName, String policyName, boolean policyDeleted) {
        return system(type, REVOKE_ACTOR, Outcome.SUCCESS)
                .withDetail(ROLE, roleName)
                .withDetail(POLICY_NAME, policyName)
                .withDetail(RESOURCE, resource(roleName, policyName))
                .withDetail(POLICY_DELETED, String.valueOf(policyDeleted));
    }

    private static AuditDraft system(AuditType type, String actor, Outcome outcome) {
        return AuditDraft.of(type, actor, ActorKind.SYSTEM, outcome);
    }

    private static String resource(String roleName, String policyName) {
        return "role/" + roleName + "/policy/" + policyName;
    }

    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
