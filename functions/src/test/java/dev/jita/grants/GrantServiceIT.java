package dev.jita.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.Metric;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Outcome;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.domain.Times;
import dev.jita.grants.GrantRefused.Reason;
import dev.jita.iam.DelegatingIam;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.InlinePolicySize;
import dev.jita.rules.RulesFile;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.TransientFailure;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GrantServiceIT {

    private final World world = new World();

    @Test
    void grant_shouldPutExactlyThePolicyAndRecordActive_whenApproved() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        GrantWindow window = world.windowOf(approved.request());

        GrantResult result = world.grants().grant(approved.requestId(), window);

        GrantPolicy expected = GrantPolicy.of(approved.request(), window.notBefore(), window.notAfter());
        assertEquals(expected.document(), world.iam.getRolePolicy("Engineer", expected.policyName()));
        assertEquals(Status.ACTIVE, result.status());
        StoredRequest after = world.store.get(approved.requestId());
        assertEquals(Status.ACTIVE, after.status());
        assertEquals(expected.policyName(), after.grant().get(StoredRequest.GRANT_POLICY_NAME));
        AuditEntry granted = last(approved.requestId());
        assertEquals(AuditType.GRANTED, granted.type());
        assertEquals(expected.policyName(), granted.details().get(AuditEvents.POLICY_NAME));
        assertEquals("Engineer", granted.details().get(AuditEvents.ROLE_NAME));
        assertEquals(Times.iso(window.notAfter()), granted.details().get(AuditEvents.NOT_AFTER));
        assertEquals(1, world.metrics.get(Metric.Granted));
        assertTrue(world.audit.verify(approved.requestId()).valid());
    }

    /** security.md, "Workflow": every handler can run twice on the same input with one effect. */
    @Test
    void grant_shouldHaveOneEffect_whenRunTwice() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        GrantWindow window = world.windowOf(approved.request());

        world.grants().grant(approved.requestId(), window);
        GrantResult again = world.grants().grant(approved.requestId(), window);

        assertFalse(again.changed());
        assertEquals(1, world.audit.entries(approved.requestId()).stream()
                .filter(e -> e.type() == AuditType.GRANTED).count());
        assertEquals(1, world.metrics.get(Metric.Granted));
        assertEquals(List.of(GrantPolicy.policyNameFor(approved.requestId())), world.iam.listRolePolicies("Engineer"));
    }

    @Test
    void grant_shouldPutThePolicyBack_whenActiveButThePolicyVanished() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        GrantWindow window = world.windowOf(approved.request());
        world.grants().grant(approved.requestId(), window);
        world.iam.deleteRolePolicy("Engineer", GrantPolicy.policyNameFor(approved.requestId()));

        GrantResult again = world.grants().grant(approved.requestId(), window);

        assertTrue(again.changed());
        assertEquals(List.of(GrantPolicy.policyNameFor(approved.requestId())), world.iam.listRolePolicies("Engineer"));
        assertEquals("true", last(approved.requestId()).details().get(AuditEvents.REAPPLIED));
        assertTrue(world.audit.verify(approved.requestId()).valid());
    }

    /** security.md, "Approval links": the token binds the request hash; grant recomputes and compares it. */
    @Test
    void grant_shouldRefuseWithoutTouchingIam_whenTheStoredHashDoesNotMatchTheRequest() {
        AccessRequest request = world.request("i-0abc1234567890def");
        StoredRequest approved = world.approve(world.pending(request, "0".repeat(64)));

        GrantRefused refused = assertThrows(GrantRefused.class,
                () -> world.grants().grant(approved.requestId(), world.windowOf(request)));

        assertEquals(Reason.HASH_MISMATCH, refused.reason());
        assertTrue(refused.getMessage().contains("no longer matches what its approvers approved"));
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
        assertEquals(Status.APPROVED, world.store.get(approved.requestId()).status());
    }

    @Test
    void grant_shouldRefuse_whenTheRuleNoLongerAllowsTheRequest() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        world.rules.set(RulesFile.parse("""
                version: 1
                rules:
                  - id: prod-reports-read
                    actions: [s3:GetObject]
                    resources: ["arn:aws:s3:::example-prod-reports/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                    maxDuration: PT1H
                    autoApprove: { always: true }
                """, "rules.yaml"));

        GrantRefused refused = assertThrows(GrantRefused.class,
                () -> world.grants().grant(approved.requestId(), world.windowOf(approved.request())));

        assertEquals(Reason.RULE_NO_LONGER_ALLOWS, refused.reason());
        assertTrue(refused.getMessage().contains("prod-ec2-terminate"), refused.getMessage());
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
    }

    @Test
    void grant_shouldRefuse_whenTheWindowHasPassed() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        GrantWindow window = world.windowOf(approved.request());
        world.clock.set(window.notAfter());

        GrantRefused refused = assertThrows(GrantRefused.class,
                () -> world.grants().grant(approved.requestId(), window));

        assertEquals(Reason.WINDOW_PASSED, refused.reason());
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
    }

    @Test
    void grant_shouldRefuse_whenTheWindowIsNotTheApprovedOne() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        GrantWindow approvedWindow = world.windowOf(approved.request());
        GrantWindow longer = new GrantWindow(approvedWindow.notBefore(), approvedWindow.notAfter().plusSeconds(3600));

        GrantRefused refused = assertThrows(GrantRefused.class,
                () -> world.grants().grant(approved.requestId(), longer));

        assertEquals(Reason.WINDOW_INVALID, refused.reason());
    }

    // An APPROVED request without a stored window (not something jita writes) must not take whatever window the
    // workflow input carries: there is nothing approved to hold it to.
    @Test
    void grant_shouldRefuseWithoutTouchingIam_whenNoWindowIsOnRecord() {
        StoredRequest pending = world.pending(world.request("i-0abc1234567890def"));
        StoredRequest approved = world.store.apply(pending, RequestUpdate.moveTo(Status.APPROVED),
                AuditDraft.of(AuditType.APPROVED, "alice-approver", ActorKind.APPROVER, Outcome.SUCCESS));
        GrantWindow any = world.windowOf(approved.request());

        GrantRefused refused = assertThrows(GrantRefused.class,
                () -> world.grants().grant(approved.requestId(), any));

        assertEquals(Reason.WINDOW_INVALID, refused.reason());
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
        assertEquals(Status.APPROVED, world.store.get(approved.requestId()).status());
    }

    /** security.md, "Grants": inline policy size limit checked before calling IAM. */
    @Test
    void grant_shouldRefuseBeforePutRolePolicy_whenTheRolesInlinePoliciesWouldExceed10240Characters() {
        fillRole(InlinePolicySize.ROLE_AGGREGATE_LIMIT - 200);
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        AtomicInteger puts = new AtomicInteger();
        IamGateway counting = new CountingPuts(world.iam, puts);

        GrantRefused refused = assertThrows(GrantRefused.class,
                () -> world.grants(counting).grant(approved.requestId(), world.windowOf(approved.request())));

        assertEquals(Reason.SIZE_LIMIT, refused.reason());
        assertTrue(refused.getMessage().contains("10,240"), refused.getMessage());
        assertEquals(0, puts.get());
        assertEquals(Status.APPROVED, world.store.get(approved.requestId()).status());
    }

    /** security.md, "Grants": the grant function can only touch roles under the eligible path. */
    @Test
    void grant_shouldRefuse_whenTheRoleIsOutsideTheEligiblePath() {
        World outside = new World("/other/");
        StoredRequest approved = outside.approved(outside.request("i-0abc1234567890def"));

        GrantRefused refused = assertThrows(GrantRefused.class,
                () -> outside.grants().grant(approved.requestId(), outside.windowOf(approved.request())));

        assertEquals(Reason.ROLE_NOT_ELIGIBLE, refused.reason());
        assertTrue(outside.iam.listRolePolicies("Engineer").isEmpty());
    }

    @Test
    void grant_shouldThrowTransientFailure_whenIamThrottles() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        IamGateway throttling = new CountingPuts(world.iam, new AtomicInteger()) {
            @Override
            public void putRolePolicy(String roleName, String policyName, String document) {
                throw new IamGatewayException.ServiceFailure("Rate exceeded (try again later)", true, null);
            }
        };

        assertThrows(TransientFailure.class,
                () -> world.grants(throttling).grant(approved.requestId(), world.windowOf(approved.request())));
        assertEquals(Status.APPROVED, world.store.get(approved.requestId()).status());

        world.grants().grant(approved.requestId(), world.windowOf(approved.request()));
        assertEquals(Status.ACTIVE, world.store.get(approved.requestId()).status());
    }

    @Test
    void grant_shouldDoNothing_whenTheRequestWasRevokedBeforeItsWindowBegan() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        world.revokes().revokeNow(approved.requestId(), approved.request().requester().arn(),
                dev.jita.audit.ActorKind.REQUESTER, dev.jita.audit.Origin.NONE);

        GrantResult result = world.grants().grant(approved.requestId(), world.windowOf(approved.request()));

        assertFalse(result.changed());
        assertEquals(Status.REVOKED, result.status());
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
    }

    @Test
    void grant_shouldRefuse_whenTheRequestIsStillPending() {
        StoredRequest pending = world.pending(world.request("i-0abc1234567890def"));

        GrantRefused refused = assertThrows(GrantRefused.class,
                () -> world.grants().grant(pending.requestId(), world.windowOf(pending.request())));

        assertEquals(Reason.NOT_APPROVED, refused.reason());
    }

    private void fillRole(int characters) {
        StringBuilder filler = new StringBuilder();
        String base = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::x/";
        String tail = "\"}]}";
        filler.append("a".repeat(characters - base.length() - tail.length()));
        world.iam.putRolePolicy("Engineer", "other-team-policy", base + filler + tail);
        assertEquals(characters, InlinePolicySize.countedCharacters(base + filler + tail));
    }

    private AuditEntry last(String requestId) {
        List<AuditEntry> entries = world.audit.entries(requestId);
        return entries.get(entries.size() - 1);
    }

    /** Passes every call through and counts PutRolePolicy. */
    static class CountingPuts extends DelegatingIam {
        private final AtomicInteger puts;

        CountingPuts(IamGateway inner, AtomicInteger puts) {
            super(inner);
            this.puts = puts;
        }

        @Override
        public void putRolePolicy(String roleName, String policyName, String document) {
            puts.incrementAndGet();
            iam.putRolePolicy(roleName, policyName, document);
        }
    }
}
