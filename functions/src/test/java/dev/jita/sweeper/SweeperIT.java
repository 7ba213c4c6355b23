package dev.jita.sweeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.Metric;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.grants.RevokeOutcome;
import dev.jita.grants.RevokeService;
import dev.jita.grants.TaskError;
import dev.jita.handlers.SweeperFunction;
import dev.jita.iam.AssumedTargets;
import dev.jita.iam.DelegatingIam;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.TargetAccounts;
import dev.jita.iam.TargetConfig;
import dev.jita.incidents.IncidentWorld;
import dev.jita.standins.FixedTargets;
import dev.jita.standins.LocalIam;
import dev.jita.store.DynamoLocal;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.wiring.TestServices;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.Workflow.ExecutionState;
import dev.jita.workflow.WorkflowInput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The sweeper on DynamoDB Local and LocalIam (roles Engineer and DbaRole under /jita/). security.md line 20:
 * "Orphaned jita-* policies (no active grant) are removed by the sweeper and audited"; line 25: "A failed revoke
 * retries, then ends REVOKE_FAILED with an alarm; it never ends as success" (the sweeper's retry is what ends it).
 */
class SweeperIT {

    private static final String DOC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
            + "\"Action\":\"ec2:StopInstances\",\"Resource\":\"arn:aws:ec2:eu-west-1:111122223333:instance/i-1\"}]}";

    private final IncidentWorld world = new IncidentWorld();
    private final SweeperConfig config = new SweeperConfig("/jita/", Duration.ofMinutes(30), Duration.ofMinutes(5));
    private final Executions executions = new Executions();

    private SweepReport sweep() {
        return sweep(world.iam);
    }

    private SweepReport sweep(IamGateway iam) {
        return sweep(FixedTargets.single(IncidentWorld.ACCOUNT, iam));
    }

    private SweepReport sweep(TargetAccounts targets) {
        return new Sweeper(world.store, targets, new RevokeService(world.store, targets, world.metrics), executions,
                world.rules(), world.metrics, config, world.clock).sweep();
    }

    /** security.md:20 — a hand-made orphan (its request ended long ago) is removed and audited. */
    @Test
    void sweep_shouldRemoveHandMadeOrphanPolicy_andAuditIt_whenItsRequestIsNotActive() {
        StoredRequest cancelled = cancelledWithPolicyLeftOnEngineer();
        String policy = GrantPolicy.policyNameFor(cancelled.requestId());

        SweepReport report = sweep();

        assertEquals(List.of("Engineer/" + policy), report.removed());
        assertFalse(world.iam.listRolePolicies("Engineer").contains(policy));
        AuditEntry last = last(cancelled.requestId());
        assertEquals(AuditType.SWEEPER_REMOVED, last.type());
        assertEquals(policy, last.details().get(AuditEvents.POLICY_NAME));
        assertEquals(1, world.metrics.get(Metric.SweeperRemoved));
        assertTrue(world.audit.verify(cancelled.requestId()).valid());
    }

    private static final String B = "444455556666";
    private static final String C = "777788889999";

    /** The home account, account B (jita's target role deployed) and account C (configured, but STS refuses). */
    private TargetAccounts homeBAndUnreachableC(LocalIam iamB) {
        TargetConfig config = new TargetConfig(IncidentWorld.ACCOUNT, List.of(B, C), "jita-target",
                "/jita-system/", "aws");
        return new AssumedTargets(config, world.iam, (account, roleArn, session) -> {
            assertEquals(Sweeper.SESSION_NAME, session, "CloudTrail in the target account names the sweeper");
            if (account.equals(C)) {
                throw new IamGatewayException.TargetUnreachable(C,
                        IamGatewayException.TargetUnreachable.Kind.REFUSED, config.refusedMessage(C), null);
            }
            return new AssumedTargets.Assumed(iamB, world.clock.instant().plus(Duration.ofMinutes(15)));
        }, world.clock);
    }

    /** Issue 13: an orphan in account B goes while account C cannot be reached; C is reported and counted. */
    @Test
    void sweep_shouldRemoveOrphansInEveryReachableAccount_andCountTheUnreachableOne() {
        LocalIam iamB = new LocalIam(B, new Random(3));
        iamB.createRole("Engineer", "/jita/");
        String ghost = GrantPolicy.policyNameFor(UUID.randomUUID().toString());
        iamB.putRolePolicy("Engineer", ghost, DOC);
        StoredRequest cancelled = cancelledWithPolicyLeftOnEngineer();

        SweepReport report = sweep(homeBAndUnreachableC(iamB));

        assertEquals(List.of("Engineer/" + GrantPolicy.policyNameFor(cancelled.requestId()),
                B + ":Engineer/" + ghost), report.removed());
        assertEquals(List.of(), iamB.listRolePolicies("Engineer"));
        assertEquals(1, report.failures().size(), report.failures().toString());
        assertTrue(report.failures().get(0).startsWith("account " + C + ", "), report.failures().get(0));
        assertTrue(report.failures().get(0).contains("deploy the JitaTarget stack"), report.failures().get(0));
        assertEquals(1, world.metrics.get(Metric.SweepAccountFailed));
        assertEquals(2, world.metrics.get(Metric.SweeperRemoved));
    }

    /** A grant's policy is its own only on its requester's role in the requester's account. */
    @Test
    void sweep_shouldRemoveAnActiveGrantsPolicyFromTheSameNamedRoleInAnotherAccount_keepingTheGrant() {
        StoredRequest active = world.activeByApprover(world.ec2(world.person("alice")));
        String policy = GrantPolicy.policyNameFor(active.requestId());
        world.iam.putRolePolicy("Engineer", policy, DOC);
        LocalIam iamB = new LocalIam(B, new Random(3));
        iamB.createRole("Engineer", "/jita/");
        iamB.putRolePolicy("Engineer", policy, DOC);

        SweepReport report = sweep(homeBAndUnreachableC(iamB));

        assertEquals(List.of(B + ":Engineer/" + policy), report.removed());
        assertEquals(List.of(policy), world.iam.listRolePolicies("Engineer"), "the grant itself stays");
        AuditEntry removed = last(active.requestId());
        assertEquals(AuditType.SWEEPER_REMOVED, removed.type());
        assertEquals(B, removed.details().get(AuditEvents.ACCOUNT));
    }

    /** A policy its own revoke deleted between the sweeper's listing and its delete: nobody's orphan. */
    @Test
    void sweep_shouldRecordNothing_whenThePolicyIsAlreadyGoneAtDelete() {
        StoredRequest cancelled = cancelledWithPolicyLeftOnEngineer();
        String policy = GrantPolicy.policyNameFor(cancelled.requestId());

        SweepReport report = sweep(new RevokedRightAfterListing(world.iam));

        assertEquals(List.of(), report.removed());
        assertFalse(world.iam.listRolePolicies("Engineer").contains(policy));
        assertEquals(AuditType.CANCELLED, last(cancelled.requestId()).type());
        assertEquals(0, world.metrics.get(Metric.SweeperRemoved));
    }

    @Test
    void sweep_shouldRemovePolicyOfUnknownRequest_countingIt_withoutStartingAnAuditChain() {
        String ghost = UUID.randomUUID().toString();
        world.iam.putRolePolicy("DbaRole", GrantPolicy.policyNameFor(ghost), DOC);

        SweepReport report = sweep();

        assertEquals(List.of("DbaRole/jita-" + ghost), report.removed());
        assertTrue(world.iam.listRolePolicies("DbaRole").isEmpty());
        assertTrue(world.audit.entries(ghost).isEmpty());
        assertEquals(1, world.metrics.get(Metric.SweeperRemoved));
    }

    @Test
    void sweep_shouldLeaveActiveGrantsPolicyAlone_whileItsWindowIsOpen_andPoliciesThatAreNotJitas() {
        StoredRequest active = world.activeByApprover(world.ec2(world.person("alice")));
        world.iam.putRolePolicy("Engineer", "team-baseline", DOC);
        world.clock.advance(Duration.ofMinutes(29));

        SweepReport report = sweep();

        assertEquals(List.of(), report.removed());
        assertTrue(world.iam.listRolePolicies("Engineer").containsAll(
                List.of(GrantPolicy.policyNameFor(active.requestId()), "team-baseline")));
        assertEquals(Status.ACTIVE, world.store.get(active.requestId()).status());
        assertEquals(0, world.metrics.get(Metric.SweeperRemoved));
    }

    @Test
    void sweep_shouldRemoveActiveRequestsPolicy_whenItSitsOnAnotherRole() {
        StoredRequest active = world.activeByApprover(world.ec2(world.person("alice")));
        String policy = GrantPolicy.policyNameFor(active.requestId());
        world.iam.putRolePolicy("DbaRole", policy, DOC);

        SweepReport report = sweep();

        assertEquals(List.of("DbaRole/" + policy), report.removed());
        assertTrue(world.iam.listRolePolicies("Engineer").contains(policy));
    }

    /** security.md:25 — a revoke that failed, then succeeds through the sweeper, ends EXPIRED with both entries. */
    @Test
    void sweep_shouldRetryFailedRevoke_endingExpired_withBothAuditEntriesInAChainThatVerifies() {
        StoredRequest active = world.activeByApprover(world.ec2(world.person("alice")));
        String policy = GrantPolicy.policyNameFor(active.requestId());
        world.clock.advance(Duration.ofMinutes(31));
        // The workflow's Revoke failed eight times and went to RevokeFailed: recorded without touching IAM.
        world.revokes().close(active.requestId(), RevokeOutcome.REVOKE_FAILED,
                new TaskError("IamGatewayException.Throttled", "Rate exceeded"));
        assertEquals(Status.REVOKE_FAILED, world.store.get(active.requestId()).status());
        assertTrue(world.iam.listRolePolicies("Engineer").contains(policy));

        SweepReport report = sweep();

        assertEquals(List.of(active.requestId()), report.retried());
        assertEquals(Status.EXPIRED, world.store.get(active.requestId()).status());
        assertFalse(world.iam.listRolePolicies("Engineer").contains(policy));
        List<AuditType> types = world.audit.entries(active.requestId()).stream().map(AuditEntry::type).toList();
        assertEquals(List.of(AuditType.REVOKE_FAILED, AuditType.EXPIRED), types.subList(types.size() - 2,
                types.size()));
        assertTrue(world.audit.verify(active.requestId()).valid());
        assertEquals(List.of(), sweep().retried());
    }

    @Test
    void sweep_shouldKeepRetryingFailedRevoke_whileIamFails_neverRecordingSuccess() {
        StoredRequest active = world.activeByApprover(world.ec2(world.person("alice")));
        world.clock.advance(Duration.ofMinutes(31));
        world.revokes().close(active.requestId(), RevokeOutcome.REVOKE_FAILED, TaskError.NONE);

        SweepReport report = sweep(new ThrottledDeletes(world.iam));

        assertEquals(List.of(), report.retried());
        assertEquals(1, report.failures().stream().filter(f -> f.contains(active.requestId())).count());
        assertEquals(Status.REVOKE_FAILED, world.store.get(active.requestId()).status());
    }

    @Test
    void sweep_shouldEndActiveRequestLongPastItsWindow_whoseWorkflowDied_andLeaveOneWithinTheGrace() {
        StoredRequest dead = world.activeByApprover(world.ec2(world.person("alice")));
        world.clock.advance(Duration.ofMinutes(15));
        StoredRequest recent = world.activeByApprover(world.ec2(world.person("alice")));
        // dead's window ended 31 min ago (beyond the grace), recent's 16 min ago (its workflow still revokes)
        world.clock.advance(Duration.ofMinutes(46));

        SweepReport report = sweep();

        assertEquals(List.of(dead.requestId()), report.stuck());
        assertEquals(Status.EXPIRED, world.store.get(dead.requestId()).status());
        assertEquals(Status.ACTIVE, world.store.get(recent.requestId()).status());
        // its window has ended: the policy is an orphan even though the request is still ACTIVE
        assertEquals(List.of("Engineer/" + GrantPolicy.policyNameFor(recent.requestId())), report.removed());
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
    }

    @Test
    void sweeperFunction_shouldSweep_andSecondRunFindNothing() {
        String ghost = UUID.randomUUID().toString();
        world.iam.putRolePolicy("Engineer", GrantPolicy.policyNameFor(ghost), DOC);
        SweeperFunction function = new SweeperFunction(TestServices.on(DynamoLocal.client(), world.tables,
                world.clock).rules(world.rules()).iam(world.iam).workflow(executions).sweeper(config)
                .metrics(world.metrics).build());

        Map<String, Object> first = function.handleRequest(Map.of("source", "aws.events"), null);
        Map<String, Object> second = function.handleRequest(Map.of("source", "aws.events"), null);

        assertEquals(List.of("Engineer/jita-" + ghost), first.get("removed"));
        assertEquals(List.of(), second.get("removed"));
        assertEquals(1, world.metrics.get(Metric.SweeperRemoved));
    }

    // ------------------------------------------------------------ lost workflows (issue 10, item 5)

    @Test
    void sweep_shouldEndPendingRequestTimedOut_withTheSweepersEntry_whenItsWorkflowIsGoneAndItsTimeoutPassed() {
        StoredRequest pending = world.waiting(world.ec2(world.person("bob")));
        executions.lose(pending.requestId(), ExecutionState.NOT_FOUND);
        world.clock.advance(Duration.ofMinutes(31)); // prod-ec2-terminate: approvalTimeout PT30M

        SweepReport report = sweep();

        assertEquals(List.of(pending.requestId()), report.ended());
        assertEquals(Status.TIMED_OUT, world.store.get(pending.requestId()).status());
        AuditEntry last = last(pending.requestId());
        assertEquals(AuditType.TIMED_OUT, last.type());
        assertEquals(AuditEvents.SWEEPER_ACTOR, last.actor());
        assertEquals(pending.requestId(), last.details().get(AuditEvents.LOST_EXECUTION));
        assertEquals(Sweeper.WORKFLOW_NOT_FOUND, last.details().get(AuditEvents.REASON_CODE));
        assertEquals(pending.version() + 1, world.store.get(pending.requestId()).version(), "one write, both parts");
        assertTrue(world.audit.verify(pending.requestId()).valid());
        assertEquals(Map.of(), executions.started);
        assertEquals(1, world.metrics.get(Metric.TimedOut));
    }

    @Test
    void sweep_shouldEndScheduledRequestFailed_neverGranted_whenItsWorkflowEndedAndItsWindowPassed() {
        StoredRequest scheduled = scheduled(world.ec2(world.person("bob")));
        executions.lose(scheduled.requestId(), ExecutionState.ENDED);
        world.clock.advance(Duration.ofMinutes(31)); // the 30-minute window ended a minute ago

        SweepReport report = sweep();

        assertEquals(List.of(scheduled.requestId()), report.ended());
        assertEquals(Status.FAILED, world.store.get(scheduled.requestId()).status());
        AuditEntry last = last(scheduled.requestId());
        assertEquals(AuditType.GRANT_FAILED, last.type());
        assertEquals(AuditEvents.SWEEPER_ACTOR, last.actor());
        assertEquals(Sweeper.WORKFLOW_ENDED, last.details().get(AuditEvents.REASON_CODE));
        assertTrue(last.details().get(AuditEvents.REASON).contains("nothing was granted"), last.details().toString());
        assertTrue(world.audit.verify(scheduled.requestId()).valid());
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
        assertEquals(Map.of(), executions.started);
    }

    @Test
    void sweep_shouldRestartScheduledRequestsWorkflowAtWaitForStart_once_whenItIsGoneWithinTheWindow() {
        StoredRequest scheduled = scheduled(world.ec2(world.person("bob")));
        String id = scheduled.requestId();
        executions.lose(id, ExecutionState.NOT_FOUND);
        world.clock.advance(Duration.ofMinutes(10));

        SweepReport report = sweep();

        assertEquals(List.of(id), report.restarted());
        // Flagged approved with the approved window: the ASL's AutoApproved? choice goes straight to WaitForStart.
        assertEquals(Map.of(id + "-r1", new WorkflowInput(id, true, Duration.ZERO, scheduled.window())),
                executions.started);
        StoredRequest after = world.store.get(id);
        assertEquals(Status.SCHEDULED, after.status());
        AuditEntry last = last(id);
        assertEquals(AuditType.WORKFLOW_RESTARTED, last.type());
        assertEquals(AuditEvents.SWEEPER_ACTOR, last.actor());
        assertEquals(id, last.details().get(AuditEvents.LOST_EXECUTION));
        assertEquals(id + "-r1", last.details().get(AuditEvents.EXECUTION_NAME));
        assertTrue(world.audit.verify(id).valid());

        // Again at once, and after the grace: the restarted execution runs, so nothing more happens.
        assertEquals(List.of(), sweep().restarted());
        world.clock.advance(Duration.ofMinutes(10));
        assertEquals(List.of(), sweep().restarted());
        assertEquals(1, executions.started.size());
        assertEquals(after.version(), world.store.get(id).version());
        assertEquals(AuditType.WORKFLOW_RESTARTED, last(id).type());
    }

    @Test
    void sweep_shouldRestartPendingRequestsWorkflow_forTheRestOfItsApprovalTimeout_whenItEnded() {
        StoredRequest pending = world.waiting(world.ec2(world.person("bob")));
        executions.lose(pending.requestId(), ExecutionState.ENDED);
        world.clock.advance(Duration.ofMinutes(12));

        SweepReport report = sweep();

        assertEquals(List.of(pending.requestId()), report.restarted());
        assertEquals(Map.of(pending.requestId() + "-r1",
                new WorkflowInput(pending.requestId(), false, Duration.ofMinutes(18), null)), executions.started);
        assertEquals(Status.PENDING_APPROVAL, world.store.get(pending.requestId()).status());
        assertEquals(Sweeper.WORKFLOW_ENDED, last(pending.requestId()).details().get(AuditEvents.REASON_CODE));
    }

    @Test
    void sweep_shouldLeaveRequestsWhoseWorkflowRuns_evenPastTheirTime() {
        StoredRequest pending = world.waiting(world.ec2(world.person("bob")));
        StoredRequest scheduled = scheduled(world.ec2(world.person("carol")));
        world.clock.advance(Duration.ofMinutes(31));

        SweepReport report = sweep();

        assertEquals(List.of(), report.ended());
        assertEquals(List.of(), report.restarted());
        assertEquals(List.of(), report.failures());
        for (StoredRequest r : List.of(pending, scheduled)) {
            StoredRequest now = world.store.get(r.requestId());
            assertEquals(r.status(), now.status());
            assertEquals(r.version(), now.version());
        }
        assertEquals(Map.of(), executions.started);
    }

    @Test
    void sweep_shouldLeaveARequestYoungerThanTheGrace_whoseExecutionMayBeStartingNow() {
        StoredRequest created = world.created(world.ec2(world.person("bob")));
        executions.lose(created.requestId(), ExecutionState.NOT_FOUND);
        world.clock.advance(Duration.ofMinutes(4));

        assertEquals(List.of(), sweep().restarted());
        world.clock.advance(Duration.ofMinutes(2));
        assertEquals(List.of(created.requestId()), sweep().restarted());
    }

    @Test
    void sweep_shouldRestartOnce_whenTwoSweepsRace() {
        StoredRequest scheduled = scheduled(world.ec2(world.person("bob")));
        executions.lose(scheduled.requestId(), ExecutionState.NOT_FOUND);
        world.clock.advance(Duration.ofMinutes(10));
        List<SweepReport> other = new ArrayList<>();
        // The other sweep runs to its end between this one's read of the request and its write.
        executions.onNextState(() -> other.add(sweep()));

        SweepReport report = sweep();

        assertEquals(List.of(scheduled.requestId()), other.get(0).restarted());
        assertEquals(List.of(), report.restarted());
        assertEquals(List.of(), report.failures());
        assertEquals(1, executions.started.size());
        assertEquals(1, world.audit.entries(scheduled.requestId()).stream()
                .filter(e -> e.type() == AuditType.WORKFLOW_RESTARTED).count());
    }

    @Test
    void sweep_shouldEndOnce_whenTwoSweepsRace() {
        StoredRequest pending = world.waiting(world.ec2(world.person("bob")));
        executions.lose(pending.requestId(), ExecutionState.ENDED);
        world.clock.advance(Duration.ofMinutes(31));
        List<SweepReport> other = new ArrayList<>();
        executions.onNextState(() -> other.add(sweep()));

        SweepReport report = sweep();

        assertEquals(List.of(pending.requestId()), other.get(0).ended());
        assertEquals(List.of(), report.ended());
        assertEquals(List.of(), report.failures());
        assertEquals(1, world.audit.entries(pending.requestId()).stream()
                .filter(e -> e.type() == AuditType.TIMED_OUT).count());
        assertTrue(world.audit.verify(pending.requestId()).valid());
    }

    /** A step of the workflow (here the grant) lands between the sweeper's read and its write: the step wins. */
    @Test
    void sweep_shouldLeaveTheRequest_whenItsWorkflowMovesItOnMeanwhile() {
        StoredRequest scheduled = scheduled(world.ec2(world.person("bob")));
        executions.lose(scheduled.requestId(), ExecutionState.NOT_FOUND);
        world.clock.advance(Duration.ofMinutes(10));
        executions.onNextState(() -> world.grants().grant(scheduled.requestId(), scheduled.window()));

        SweepReport report = sweep();

        assertEquals(List.of(), report.restarted());
        assertEquals(Status.ACTIVE, world.store.get(scheduled.requestId()).status());
        assertEquals(Map.of(), executions.started);
    }

    @Test
    void sweep_shouldStopRestartingAfterThreeRestarts_reportingIt_andStillEndTheRequestWhenItsWindowPasses() {
        StoredRequest scheduled = scheduled(world.request(world.person("bob"), "prod-rds-reboot",
                "rds:RebootDBInstance", "arn:aws:rds:eu-west-1:111122223333:db:prod-orders", Duration.ofHours(2)));
        String id = scheduled.requestId();
        for (int restart = 1; restart <= Sweeper.MAX_RESTARTS; restart++) {
            executions.lose(Workflow.executionName(id, restart - 1), ExecutionState.ENDED);
            world.clock.advance(Duration.ofMinutes(6));
            assertEquals(List.of(id), sweep().restarted(), "restart " + restart);
        }
        executions.lose(id + "-r3", ExecutionState.ENDED);
        world.clock.advance(Duration.ofMinutes(6));

        SweepReport fourth = sweep();

        assertEquals(List.of(), fourth.restarted());
        assertEquals(1, fourth.failures().stream().filter(f -> f.contains(id) && f.contains("3 restarts")).count(),
                fourth.failures().toString());
        assertEquals(List.of(id + "-r1", id + "-r2", id + "-r3"), List.copyOf(executions.started.keySet()));
        world.clock.advance(Duration.ofHours(2));
        assertEquals(List.of(id), sweep().ended());
        assertEquals(Status.FAILED, world.store.get(id).status());
    }

    @Test
    void sweep_shouldEndActiveRequestAsSoonAsItsWindowEnded_whenItsWorkflowIsGone() {
        StoredRequest active = world.activeByApprover(world.ec2(world.person("alice")));
        executions.lose(active.requestId(), ExecutionState.NOT_FOUND);
        world.clock.advance(Duration.ofMinutes(31)); // its window ended a minute ago, well within the grace

        SweepReport report = sweep();

        assertEquals(List.of(active.requestId()), report.stuck());
        assertEquals(Status.EXPIRED, world.store.get(active.requestId()).status());
        assertTrue(world.iam.listRolePolicies("Engineer").isEmpty());
        assertEquals(List.of(), report.removed(), "the revoke took the policy off: no orphan left to remove");
    }

    /** Approved by bob now over a window fixed now, not granted yet: its workflow waits in WaitForStart. */
    private StoredRequest scheduled(AccessRequest request) {
        StoredRequest pending = world.waiting(request);
        GrantWindow window = GrantWindow.fixedAt(world.clock.instant(), request);
        return world.store.apply(pending, RequestUpdate.moveTo(Status.SCHEDULED).withWindow(window),
                AuditEvents.approved("bob", List.of("bob"), window, Origin.NONE));
    }

    /** A cancelled request whose jita policy is nevertheless on role Engineer: an orphan. */
    private StoredRequest cancelledWithPolicyLeftOnEngineer() {
        StoredRequest cancelled = world.waiting(world.ec2(world.person("alice")));
        world.store.apply(cancelled, RequestUpdate.moveTo(Status.CANCELLED),
                AuditEvents.cancelled(cancelled.request(), cancelled.request().requester(), Origin.NONE));
        world.iam.putRolePolicy("Engineer", GrantPolicy.policyNameFor(cancelled.requestId()), DOC);
        return cancelled;
    }

    private AuditEntry last(String requestId) {
        List<AuditEntry> entries = world.audit.entries(requestId);
        return entries.get(entries.size() - 1);
    }

    /** IAM that throttles every DeleteRolePolicy. */
    private static final class ThrottledDeletes extends DelegatingIam {
        ThrottledDeletes(IamGateway iam) {
            super(iam);
        }

        @Override
        public void deleteRolePolicy(String roleName, String policyName) {
            throw new IamGatewayException.ServiceFailure("Rate exceeded", true, null);
        }
    }

    /** IAM where each policy the sweeper lists is deleted right after, as a revoke at the window's end would. */
    private static final class RevokedRightAfterListing extends DelegatingIam {
        RevokedRightAfterListing(IamGateway iam) {
            super(iam);
        }

        @Override
        public List<String> listRolePolicies(String roleName) {
            List<String> listed = List.copyOf(iam.listRolePolicies(roleName));
            listed.forEach(policy -> iam.deleteRolePolicy(roleName, policy));
            return listed;
        }
    }
}
