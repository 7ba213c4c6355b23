package dev.jita.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.Metric;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.domain.Status;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RevokeServiceIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final World world = new World();

    @Test
    void close_shouldDeleteThePolicyAndRecordExpired_whenTheWindowEnds() {
        StoredRequest active = active("i-0abc1234567890def");

        StoredRequest after = world.revokes().close(active.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE);

        assertEquals(Status.EXPIRED, after.status());
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
        AuditEntry expired = last(active.requestId());
        assertEquals(AuditType.EXPIRED, expired.type());
        assertEquals("true", expired.details().get(AuditEvents.POLICY_DELETED));
        assertEquals(1, world.metrics.get(Metric.Revoked));
        assertTrue(world.audit.verify(active.requestId()).valid());
    }

    /** security.md, "Workflow": every handler can run twice on the same input with one effect. */
    @Test
    void close_shouldHaveOneEffect_whenRunTwice() {
        StoredRequest active = active("i-0abc1234567890def");

        world.revokes().close(active.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE);
        StoredRequest again = world.revokes().close(active.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE);

        assertEquals(Status.EXPIRED, again.status());
        assertEquals(1, count(active.requestId(), AuditType.EXPIRED));
        assertEquals(1, world.metrics.get(Metric.Revoked));
    }

    /** security.md, "Grants": NoSuchEntity on revoke is success. */
    @Test
    void close_shouldSucceed_whenThePolicyIsAlreadyGone() {
        StoredRequest active = active("i-0abc1234567890def");
        world.iam.deleteRolePolicy("Engineer", GrantPolicy.policyNameFor(active.requestId()));

        StoredRequest after = world.revokes().close(active.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE);

        assertEquals(Status.EXPIRED, after.status());
        assertEquals("false", last(active.requestId()).details().get(AuditEvents.POLICY_DELETED));
    }

    /** security.md, "Grants": overlapping grants; ending one leaves the other intact. */
    @Test
    void close_shouldLeaveTheOtherGrant_whenTwoGrantsOverlapOnOneRole() {
        StoredRequest first = active("i-0abc1234567890def");
        StoredRequest second = active("i-0abc1234567890aaa");
        String secondPolicy = world.iam.getRolePolicy("Engineer", GrantPolicy.policyNameFor(second.requestId()));

        world.revokes().close(first.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE);

        assertEquals(List.of(GrantPolicy.policyNameFor(second.requestId())), world.iam.listRolePolicies("Engineer"));
        assertEquals(secondPolicy, world.iam.getRolePolicy("Engineer", GrantPolicy.policyNameFor(second.requestId())));
        assertEquals(Status.ACTIVE, world.store.get(second.requestId()).status());
    }

    /** design.md, "Workflow": early revoke takes effect at once; the scheduled revoke later finds nothing to do. */
    @Test
    void revokeNow_shouldEndTheGrantAtOnce_andTheScheduledRevokeShouldLeaveItRevoked() {
        StoredRequest active = active("i-0abc1234567890def");
        String requester = active.request().requester().arn();

        StoredRequest revoked = world.revokes().revokeNow(active.requestId(), requester, ActorKind.REQUESTER,
                new Origin("203.0.113.7", "curl/8.5"));
        StoredRequest later = world.revokes().close(active.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE);

        assertEquals(Status.REVOKED, revoked.status());
        assertEquals(Status.REVOKED, later.status());
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
        AuditEntry entry = last(active.requestId());
        assertEquals(AuditType.REVOKED, entry.type());
        assertEquals(requester, entry.actor());
        assertEquals(ActorKind.REQUESTER, entry.actorKind());
        assertEquals("203.0.113.7", entry.origin().sourceIp());
        assertEquals(0, count(active.requestId(), AuditType.EXPIRED));
    }

    @Test
    void revokeNow_shouldBeIdempotent_whenCalledTwice() {
        StoredRequest active = active("i-0abc1234567890def");
        String admin = "arn:aws:sts::111122223333:assumed-role/PlatformAdmin/root-cause";

        world.revokes().revokeNow(active.requestId(), admin, ActorKind.ADMIN, Origin.NONE);
        StoredRequest again = world.revokes().revokeNow(active.requestId(), admin, ActorKind.ADMIN, Origin.NONE);

        assertEquals(Status.REVOKED, again.status());
        assertEquals(1, count(active.requestId(), AuditType.REVOKED));
        assertEquals(1, world.metrics.get(Metric.Revoked));
    }

    @Test
    void revokeNow_shouldRefuse_whenTheRequestIsStillPending() {
        StoredRequest pending = world.pending(world.request("i-0abc1234567890def"));

        NotRevocableException refused = assertThrows(NotRevocableException.class, () -> world.revokes()
                .revokeNow(pending.requestId(), pending.request().requester().arn(), ActorKind.REQUESTER,
                        Origin.NONE));

        assertTrue(refused.getMessage().contains("/cancel"));
        assertEquals(Status.PENDING_APPROVAL, world.store.get(pending.requestId()).status());
    }

    @Test
    void close_shouldRecordTimedOut_whenNobodyDecided() {
        StoredRequest pending = world.pending(world.request("i-0abc1234567890def"));

        StoredRequest after = world.revokes().close(pending.requestId(), RevokeOutcome.TIMED_OUT, TaskError.NONE);

        assertEquals(Status.TIMED_OUT, after.status());
        assertEquals(AuditType.TIMED_OUT, last(pending.requestId()).type());
        assertEquals(1, world.metrics.get(Metric.TimedOut));
    }

    // The approval was recorded (APPROVED) but SendTaskSuccess never reached the wait, which timed out: APPROVED
    // may not move to TIMED_OUT, so the request ends FAILED saying why, instead of failing the execution forever.
    @Test
    void close_shouldEndFailed_whenTheWaitTimedOutOnAnApprovalThatNeverReachedTheWorkflow() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));

        StoredRequest after = world.revokes().close(approved.requestId(), RevokeOutcome.TIMED_OUT, TaskError.NONE);
        StoredRequest again = world.revokes().close(approved.requestId(), RevokeOutcome.TIMED_OUT, TaskError.NONE);

        assertEquals(Status.FAILED, after.status());
        assertEquals(Status.FAILED, again.status());
        AuditEntry entry = last(approved.requestId());
        assertEquals(AuditType.TIMED_OUT, entry.type());
        assertEquals(dev.jita.audit.Outcome.FAILURE, entry.outcome());
        assertEquals("APPROVAL_NOT_DELIVERED", entry.details().get(AuditEvents.REASON_CODE));
        assertTrue(entry.details().get(AuditEvents.REASON).contains("never reached the workflow"));
        assertEquals(1, count(approved.requestId(), AuditType.TIMED_OUT));
        assertTrue(world.audit.verify(approved.requestId()).valid());
    }

    @Test
    void close_shouldRecordFailedWithTheGrantsReason_whenTheGrantWasRefused() throws Exception {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        GrantRefused refusal = new GrantRefused(GrantRefused.Reason.SIZE_LIMIT,
                "Role Engineer's inline policies would total 10,300 characters; end other grants and ask again.");
        String cause = JSON.writeValueAsString(java.util.Map.of("errorMessage", refusal.getMessage(),
                "errorType", GrantRefused.class.getName(), "stackTrace", List.of("at x")));
        TaskError error = TaskError.from(JSON.createObjectNode().put("Error", GrantRefused.class.getName())
                .put("Cause", cause));

        StoredRequest after = world.revokes().close(approved.requestId(), RevokeOutcome.FAILED, error);

        assertEquals(Status.FAILED, after.status());
        AuditEntry failed = last(approved.requestId());
        assertEquals(AuditType.GRANT_FAILED, failed.type());
        assertEquals("grant", failed.details().get(AuditEvents.STEP));
        assertEquals("SIZE_LIMIT", failed.details().get(AuditEvents.REASON_CODE));
        assertTrue(failed.details().get(AuditEvents.REASON).contains("10,300 characters"));
    }

    @Test
    void close_shouldRecordFailed_whenTheApproversCouldNotBeNotified() {
        StoredRequest pending = world.pending(world.request("i-0abc1234567890def"));
        TaskError error = TaskError.from(JSON.createObjectNode().put("Error", "Lambda.ServiceException")
                .put("Cause", "The notify function was unavailable."));

        StoredRequest after = world.revokes().close(pending.requestId(), RevokeOutcome.FAILED, error);

        assertEquals(Status.FAILED, after.status());
        AuditEntry failed = last(pending.requestId());
        assertEquals("notify", failed.details().get(AuditEvents.STEP));
        assertEquals("Lambda.ServiceException", failed.details().get(AuditEvents.REASON_CODE));
    }

    /** security.md, "Workflow": a failed revoke ends REVOKE_FAILED with an alarm (the RevokeFailed metric). */
    @Test
    void close_shouldRecordRevokeFailedAndCountTheMetric_whenEveryRevokeAttemptFailed() {
        StoredRequest active = active("i-0abc1234567890def");
        AtomicInteger iamCalls = new AtomicInteger();
        IamGateway unreachable = new GrantServiceIT.CountingPuts(world.iam, new AtomicInteger()) {
            @Override
            public void deleteRolePolicy(String roleName, String policyName) {
                iamCalls.incrementAndGet();
                throw new IamGatewayException.ServiceFailure("IAM could not be reached", true, null);
            }
        };
        assertThrows(IamGatewayException.ServiceFailure.class,
                () -> world.revokes(unreachable).close(active.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE));
        assertEquals(Status.ACTIVE, world.store.get(active.requestId()).status());

        StoredRequest after = world.revokes(unreachable).close(active.requestId(), RevokeOutcome.REVOKE_FAILED,
                TaskError.from(JSON.createObjectNode().put("Error", "ServiceFailure").put("Cause", "unreachable")));

        assertEquals(Status.REVOKE_FAILED, after.status());
        assertEquals(1, iamCalls.get());
        assertEquals(AuditType.REVOKE_FAILED, last(active.requestId()).type());
        assertEquals(1, world.metrics.get(Metric.RevokeFailed));
        assertEquals(0, world.metrics.get(Metric.Revoked));
    }

    @Test
    void close_shouldLeaveAnEndedRequestAsItIs() {
        StoredRequest pending = world.pending(world.request("i-0abc1234567890def"));
        world.revokes().close(pending.requestId(), RevokeOutcome.TIMED_OUT, TaskError.NONE);

        StoredRequest after = world.revokes().close(pending.requestId(), RevokeOutcome.FAILED, TaskError.NONE);

        assertEquals(Status.TIMED_OUT, after.status());
        assertEquals(0, count(pending.requestId(), AuditType.GRANT_FAILED));
    }

    /**
     * security.md, "Identity Center": a function that cannot reach Identity Center never records the end of a grant
     * it could not take away; the request stays as it was and the workflow, or the sweeper, tries again.
     */
    @Test
    void revoke_shouldRecordNothing_whenThePermissionSetOfAnIdentityCenterGrantCannotBeReached() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        StoredRequest recorded = world.store.apply(approved, RequestUpdate.grantOnly(Map.of(
                IdentityCenterGrants.GRANT_PERMISSION_SET_ARN,
                "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-0123456789abcdef")),
                AuditDraft.of(AuditType.PROVISIONING_STARTED, "jita:grant", ActorKind.SYSTEM, Outcome.SUCCESS));
        StoredRequest active = world.store.apply(recorded, RequestUpdate.moveTo(Status.ACTIVE),
                AuditDraft.of(AuditType.GRANTED, "jita:grant", ActorKind.SYSTEM, Outcome.SUCCESS));

        assertThrows(IllegalStateException.class, () -> world.revokes().revokeNow(active.requestId(),
                "arn:aws:iam::111122223333:role/PlatformAdmin", ActorKind.ADMIN, Origin.NONE));
        assertThrows(IllegalStateException.class,
                () -> world.revokes().close(active.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE));

        assertEquals(Status.ACTIVE, world.store.get(active.requestId()).status());
        assertEquals(0, count(active.requestId(), AuditType.REVOKED) + count(active.requestId(), AuditType.EXPIRED));
    }

    private StoredRequest active(String instance) {
        StoredRequest approved = world.approved(world.request(instance));
        world.grants().grant(approved.requestId(), world.windowOf(approved.request()));
        return world.store.get(approved.requestId());
    }

    private long count(String requestId, AuditType type) {
        return world.audit.entries(requestId).stream().filter(e -> e.type() == type).count();
    }

    private AuditEntry last(String requestId) {
        List<AuditEntry> entries = world.audit.entries(requestId);
        return entries.get(entries.size() - 1);
    }
}
