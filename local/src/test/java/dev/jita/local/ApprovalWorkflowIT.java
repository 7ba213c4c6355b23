package dev.jita.local;

import static dev.jita.audit.AuditType.APPROVAL_RECORDED;
import static dev.jita.audit.AuditType.APPROVED;
import static dev.jita.audit.AuditType.CANCELLED;
import static dev.jita.audit.AuditType.DENIAL_RECORDED;
import static dev.jita.audit.AuditType.DENIED;
import static dev.jita.audit.AuditType.EXPIRED;
import static dev.jita.audit.AuditType.GRANTED;
import static dev.jita.audit.AuditType.GRANT_FAILED;
import static dev.jita.audit.AuditType.NOTIFIED;
import static dev.jita.audit.AuditType.REQUESTED;
import static dev.jita.audit.AuditType.REVOKED;
import static dev.jita.audit.AuditType.REVOKE_FAILED;
import static dev.jita.audit.AuditType.TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.Metric;
import dev.jita.asl.ExecutionDescription;
import dev.jita.asl.ExecutionStatus;
import dev.jita.asl.HistoryEventType;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.InlinePolicySize;
import dev.jita.local.FailingIam.Operation;
import dev.jita.store.Approval;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.TaskGoneException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One test per branch of statemachine/approval.asl.json, run by the interpreter on virtual time with the real grant
 * and revoke handlers against DynamoDB Local and the IAM stand-in. Each test also checks that every status change
 * has its audit entry and that the request's hash chain verifies.
 */
class ApprovalWorkflowIT {

    private final Desk desk = new Desk();
    private final LocalJita jita = desk.jita;

    @AfterEach
    void close() {
        desk.close();
    }

    @Test
    void approvedRequest_shouldGrantExactlyThePolicyForTheWindow_thenExpireIt() {
        String id = desk.askToTerminate("bob-engineer");
        assertEquals(Status.PENDING_APPROVAL, desk.request(id).status());
        AccessRequest request = desk.request(id).request();

        desk.approve(id, "alice");
        StoredRequest active = desk.runUntil(id, Status.ACTIVE);
        GrantWindow window = active.window();

        GrantPolicy expected = GrantPolicy.of(request, window.notBefore(), window.notAfter());
        assertEquals(expected.document(), jita.localIam().getRolePolicy("Engineer", expected.policyName()));
        assertEquals(List.of(expected.policyName()), jita.localIam().listRolePolicies("Engineer"));
        assertTrue(window.isOpen(jita.clock()), "the policy is in place during the window");
        assertEquals(expected.policyName(), active.grant().get(StoredRequest.GRANT_POLICY_NAME));

        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        // security.md, "Workflow": Standard workflow, execution name = requestId.
        assertEquals(id, done.name());
        assertFalse(jita.clock().instant().isBefore(window.notAfter()), "revoked at the end of the window, not before");
        assertTrue(jita.localIam().listRolePolicies("Engineer").isEmpty(), "the policy is gone after the window");
        assertEquals(Status.EXPIRED, desk.request(id).status());
        assertTrail(id, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, GRANTED, EXPIRED);
        assertEquals(1, jita.metrics().get(Metric.Granted));
        assertEquals(1, jita.metrics().get(Metric.Revoked));
    }

    /** design.md, "Workflow": happy path in at most 10 state transitions (Standard workflows bill per transition). */
    @Test
    void happyPath_shouldTakeAtMostTenStateTransitions() {
        String id = desk.askToTerminate("bob-engineer");
        desk.approve(id, "alice");
        desk.finish(id);

        long transitions = desk.stateTransitions(id);

        assertTrue(transitions <= 10, transitions + " state transitions: " + desk.history(id));
        assertEquals(9, transitions, "AutoApproved?, AwaitApproval, Decision, WaitForStart, Grant, Provisioned?,"
                + " WaitForEnd, Revoke, Done");
    }

    @Test
    void autoApprovedRequest_shouldGrantWithoutAwaitingApproval_andExpire() {
        String id = desk.askAutoApproved("bob-engineer");

        desk.runUntil(id, Status.ACTIVE);
        assertEquals(1, jita.localIam().listRolePolicies("Engineer").size());
        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertTrue(jita.localIam().listRolePolicies("Engineer").isEmpty());
        assertTrue(desk.history(id).stream().noneMatch(e -> "AwaitApproval".equals(e.name())));
        assertTrail(id, REQUESTED, APPROVED, GRANTED, EXPIRED);
        assertTrue(desk.stateTransitions(id) <= 10);
    }

    @Test
    void deniedRequest_shouldEndDeniedWithoutAGrant() {
        String id = desk.askToTerminate("bob-engineer");

        desk.deny(id, "alice");
        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(Status.DENIED, desk.request(id).status());
        assertEquals(0, jita.iam().calls(Operation.PUT_ROLE_POLICY));
        assertTrail(id, REQUESTED, NOTIFIED, DENIAL_RECORDED, DENIED);
    }

    /** security.md, "Workflow": the approval wait always has a timeout. */
    @Test
    void undecidedRequest_shouldTimeOutAfterTheRulesApprovalTimeout() {
        String id = desk.askToTerminate("bob-engineer");

        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(Status.TIMED_OUT, desk.request(id).status());
        assertEquals(Desk.T0.plus(Duration.ofMinutes(30)), jita.clock().instant(), "prod-ec2-terminate: PT30M");
        assertEquals(0, jita.iam().calls(Operation.PUT_ROLE_POLICY));
        assertEquals(1, jita.metrics().get(Metric.TimedOut));
        assertTrail(id, REQUESTED, NOTIFIED, TIMED_OUT);
    }

    /**
     * The approval was recorded (APPROVED, with its window) but SendTaskSuccess never reached the wait: at the
     * timeout the TimedOut step ends the request FAILED, saying why, and the execution still succeeds rather than
     * failing with the request stuck in APPROVED.
     */
    @Test
    void approvalThatNeverReachedTheWorkflow_shouldEndFailedAtTheTimeout() {
        String id = desk.askToTerminate("bob-engineer");
        StoredRequest pending = desk.request(id);
        java.time.Instant now = jita.clock().instant();
        GrantWindow window = GrantWindow.fixedAt(now, pending.request());
        // What the approval desk writes before it tells the workflow, whose SendTaskSuccess is then lost.
        jita.store().apply(pending, RequestUpdate.decision("alice", new Approval(Decision.APPROVE, now, null))
                        .withTarget(Status.APPROVED).withWindow(window),
                List.of(AuditEvents.approvalRecorded("alice", null, Origin.NONE),
                        AuditEvents.approved("alice", List.of("alice"), window, Origin.NONE)));

        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(Status.FAILED, desk.request(id).status());
        assertEquals(0, jita.iam().calls(Operation.PUT_ROLE_POLICY));
        assertTrail(id, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, TIMED_OUT);
        assertEquals("APPROVAL_NOT_DELIVERED", last(id).details().get(AuditEvents.REASON_CODE));
    }

    /** security.md, "Workflow": a late approval (TaskTimedOut, InvalidToken, TaskDoesNotExist) answers 410. */
    @Test
    void approvalAfterTimeout_shouldAnswer410() {
        String id = desk.askToTerminate("bob-engineer");
        String csrf = desk.csrf(id, "alice");
        desk.finish(id);

        Desk.Page late = desk.decide(id, "alice", csrf, "approve");

        assertEquals(410, late.status(), late.body());
        assertEquals(Status.TIMED_OUT, desk.request(id).status());
        assertEquals(0, jita.iam().calls(Operation.PUT_ROLE_POLICY));
    }

    /** The workflow port itself: once the wait timed out, the task is gone (TaskTimedOut), and no token leaks. */
    @Test
    void approvalAfterTimeout_shouldFindTheTaskGone() {
        String id = desk.askToTerminate("bob-engineer");
        String token = jita.store().taskToken(id).orElseThrow();
        desk.finish(id);

        TaskGoneException gone = assertThrows(TaskGoneException.class, () -> jita.workflow().approved(token,
                new GrantWindow(jita.clock().instant(), jita.clock().instant().plusSeconds(60))));

        assertEquals("TaskTimedOut", gone.awsError());
        assertFalse(gone.getMessage().contains(token), "the task token never appears in a message");
        assertEquals(Status.TIMED_OUT, desk.request(id).status());
    }

    @Test
    void cancelledWhilePending_shouldEndCancelledWithoutAGrant() {
        String id = desk.askToTerminate("bob-engineer");

        assertEquals(200, desk.requesterPosts("bob-engineer", id, "cancel").status());
        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(Status.CANCELLED, desk.request(id).status());
        assertEquals(0, jita.iam().calls(Operation.PUT_ROLE_POLICY));
        assertTrail(id, REQUESTED, NOTIFIED, CANCELLED);
    }

    /** design.md, "Workflow": early revoke takes effect at once; the scheduled revoke later finds nothing to do. */
    @Test
    void earlyRevoke_shouldRemoveThePolicyAtOnce_andTheScheduledRevokeShouldChangeNothing() {
        String id = desk.askToTerminate("bob-engineer");
        desk.approve(id, "alice");
        desk.runUntil(id, Status.ACTIVE);

        Api.Answer revoked = desk.requesterPosts("bob-engineer", id, "revoke");

        assertEquals(200, revoked.status(), revoked.body().toString());

        assertTrue(jita.localIam().listRolePolicies("Engineer").isEmpty(), "gone before the window ends");
        ExecutionDescription done = desk.finish(id);
        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(Status.REVOKED, desk.request(id).status());
        assertTrail(id, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, GRANTED, REVOKED);
        AuditEntry entry = last(id);
        assertEquals(ActorKind.REQUESTER, entry.actorKind());
        assertEquals("arn:aws:sts::111122223333:assumed-role/Engineer/bob-engineer", entry.actor());
        assertEquals("203.0.113.7", entry.origin().sourceIp());
        assertEquals(200, desk.requesterPosts("bob-engineer", id, "revoke").status(), "idempotent");
        assertEquals(1, jita.metrics().get(Metric.Revoked));
    }

    /** security.md, "Grants": inline policy size limit checked before calling IAM, failing with a clear reason. */
    @Test
    void grantOverTheSizeLimit_shouldEndFailedWithTheReason() {
        String filler = fill(InlinePolicySize.ROLE_AGGREGATE_LIMIT - 100);
        jita.localIam().putRolePolicy("Engineer", "platform-baseline", filler);
        String id = desk.askToTerminate("bob-engineer");

        desk.approve(id, "alice");
        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals("GrantFailed", done.error());
        assertEquals(Status.FAILED, desk.request(id).status());
        assertEquals(0, jita.iam().calls(Operation.PUT_ROLE_POLICY), "refused before PutRolePolicy");
        assertEquals(List.of("platform-baseline"), jita.localIam().listRolePolicies("Engineer"));
        AuditEntry failed = last(id);
        assertEquals(GRANT_FAILED, failed.type());
        assertEquals("SIZE_LIMIT", failed.details().get(AuditEvents.REASON_CODE));
        assertTrue(failed.details().get(AuditEvents.REASON).contains("10,240"), failed.details().toString());
        assertTrail(id, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, GRANT_FAILED);
    }

    @Test
    void throttledGrant_shouldBeRetried_andSucceed() {
        jita.iam().failNext(Operation.PUT_ROLE_POLICY, 2, FailingIam.throttling());
        String id = desk.askToTerminate("bob-engineer");

        desk.approve(id, "alice");
        desk.runUntil(id, Status.ACTIVE);

        assertEquals(3, jita.iam().calls(Operation.PUT_ROLE_POLICY));
        assertEquals(1, jita.localIam().listRolePolicies("Engineer").size());
        assertEquals(ExecutionStatus.SUCCEEDED, desk.finish(id).status());
    }

    /** security.md, "Workflow": a failed revoke retries. */
    @Test
    void revokeFailingThreeTimes_shouldBeRetried_andEndExpired() {
        String id = desk.askToTerminate("bob-engineer");
        desk.approve(id, "alice");
        desk.runUntil(id, Status.ACTIVE);
        jita.iam().failNext(Operation.DELETE_ROLE_POLICY, 3, FailingIam.throttling());

        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(4, jita.iam().calls(Operation.DELETE_ROLE_POLICY));
        assertEquals(3, desk.history(id).stream()
                .filter(e -> e.type() == HistoryEventType.TaskFailed && e.error().endsWith("ServiceFailure")).count());
        assertTrue(jita.localIam().listRolePolicies("Engineer").isEmpty());
        assertEquals(Status.EXPIRED, desk.request(id).status());
        assertEquals(0, jita.metrics().get(Metric.RevokeFailed));
        assertTrail(id, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, GRANTED, EXPIRED);
    }

    /** security.md, "Workflow": a failed revoke ends REVOKE_FAILED with an alarm; it never ends as success. */
    @Test
    void revokeFailingAlways_shouldEndRevokeFailedAndCountTheMetric() {
        String id = desk.askToTerminate("bob-engineer");
        desk.approve(id, "alice");
        desk.runUntil(id, Status.ACTIVE);
        jita.iam().failNext(Operation.DELETE_ROLE_POLICY, FailingIam.ALWAYS, FailingIam.throttling());

        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals("RevokeFailed", done.error());
        assertEquals(9, jita.iam().calls(Operation.DELETE_ROLE_POLICY), "one attempt and eight retries");
        assertEquals(Status.REVOKE_FAILED, desk.request(id).status());
        assertEquals(1, jita.metrics().get(Metric.RevokeFailed));
        assertEquals(0, jita.metrics().get(Metric.Revoked));
        assertTrail(id, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, GRANTED, REVOKE_FAILED);
    }

    @Test
    void notifyFailure_shouldEndFailed_ratherThanWaitForTheTimeout() {
        try (Desk failing = new Desk(true)) {
            String id = failing.askToTerminate("bob-engineer");

            ExecutionDescription done = failing.finish(id);

            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("NotifyFailed", done.error());
            assertEquals(Status.FAILED, failing.request(id).status());
            List<AuditEntry> entries = failing.jita.auditLog().entries(id);
            assertEquals("notify", entries.get(entries.size() - 1).details().get(AuditEvents.STEP));
            assertTrue(failing.jita.clock().instant().isBefore(Desk.T0.plus(Duration.ofMinutes(30))));
            assertEquals(List.of(REQUESTED, GRANT_FAILED), failing.auditTypes(id));
            assertTrue(failing.jita.auditLog().verify(id).valid());
        }
    }

    @Test
    void twoOfThreeApprovals_shouldGrantOnlyWhenTheSecondApprovalLands() {
        String id = desk.ask("create-ok", "bob-engineer", """
                {"actions": ["rds:RebootDBInstance"],
                 "resources": ["arn:aws:rds:eu-west-1:111122223333:db:prod-orders"],
                 "durationMinutes": 30,
                 "justification": "Reboot the primary to pick up the parameter group"}
                """);
        assertEquals(3, jita.outbox().snapshot().stream().filter(e -> e.requestId().equals(id)).count(),
                "one link for each of dave, erin and frank");

        Desk.Page first = desk.approve(id, "dave");

        assertEquals(200, first.status());
        assertEquals(Status.PENDING_APPROVAL, desk.request(id).status());
        assertEquals(0, jita.iam().calls(Operation.PUT_ROLE_POLICY), "one approval of two grants nothing");
        assertTrue(desk.history(id).stream().noneMatch(e -> "Grant".equals(e.name())));

        desk.approve(id, "erin");
        desk.runUntil(id, Status.ACTIVE);
        Desk.Page third = desk.view(id, "frank");

        assertEquals(410, third.status(), "the third link: no longer pending");
        assertEquals(1, jita.localIam().listRolePolicies("Engineer").size());
        assertEquals(ExecutionStatus.SUCCEEDED, desk.finish(id).status());
        assertEquals(Status.EXPIRED, desk.request(id).status());
        assertEquals(2, jita.auditLog().entries(id).stream().filter(e -> e.type() == APPROVAL_RECORDED).count());
        assertTrue(jita.auditLog().verify(id).valid());
    }

    /** Every status change has its audit entry, in order, and the hash chain verifies (security.md, "Audit"). */
    private void assertTrail(String requestId, AuditType... expected) {
        assertEquals(List.of(expected), desk.auditTypes(requestId));
        assertTrue(jita.auditLog().verify(requestId).valid(), "the audit chain verifies");
    }

    private AuditEntry last(String requestId) {
        List<AuditEntry> entries = jita.auditLog().entries(requestId);
        return entries.get(entries.size() - 1);
    }

    private static String fill(int characters) {
        String head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::x/";
        String tail = "\"}]}";
        return head + "a".repeat(characters - head.length() - tail.length()) + tail;
    }
}
