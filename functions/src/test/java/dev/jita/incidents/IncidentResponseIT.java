package dev.jita.incidents;

import static dev.jita.incidents.IncidentWorld.T0;
import static dev.jita.incidents.IncidentWorld.incident;
import static dev.jita.incidents.IncidentWorld.tokenOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.approvals.HandoffFailedException;
import dev.jita.approvals.RecordingWorkflow;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.iam.GrantPolicy;
import dev.jita.notifications.Kind;
import dev.jita.standins.Outbox;
import dev.jita.store.StoredRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * IncidentResponse on DynamoDB Local with the real store, records, RevokeService and LocalIam, a recording
 * workflow and an outbox; events from the samples in events/incident/. security.md line 26 ("Every handler can run
 * twice on the same input with one effect") and line 38 ("EventBridge incident events: deduplicated by event id and
 * incident id; stale events refused") are the lines most of these tests stand for.
 */
class IncidentResponseIT {

    private final IncidentWorld world = new IncidentWorld();
    private final IncidentResponse response = world.response();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pagerduty", "opsgenie", "incidentio", "generic"})
    void triggered_shouldApproveOnCallRespondersPendingRequest_fromEverySourcesSample(String source) {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        Incident incident = incident(source + "-triggered");

        IncidentResponse.Result result = response.handle(incident);

        assertEquals(List.of(pending.requestId()), ((IncidentResponse.Applied) result).approved());
        StoredRequest after = world.store.get(pending.requestId());
        assertEquals(Status.APPROVED, after.status());
        assertEquals(incident.key(), after.incidentId());
        Instant now = world.clock.instant();
        assertEquals(new GrantWindow(now, now.plus(Duration.ofMinutes(30))), after.window());
        assertEquals(List.of(new RecordingWorkflow.Call("approved", tokenOf(pending.requestId()), after.window(),
                null)), world.workflow.calls());
        AuditEntry entry = last(pending.requestId());
        assertEquals(AuditType.INCIDENT_AUTO_APPROVED, entry.type());
        assertEquals(ActorKind.INCIDENT, entry.actorKind());
        assertEquals(incident.id(), entry.details().get(AuditEvents.INCIDENT_ID));
        assertEquals(incident.source().label(), entry.details().get(AuditEvents.INCIDENT_SOURCE));
        assertEquals("SEV1", entry.details().get(AuditEvents.SEVERITY));
        assertTrue(world.audit.verify(pending.requestId()).valid());
    }

    /** security.md:26 and :38 — EventBridge delivers at least once, for 24 h: 185 deliveries, one effect. */
    @Test
    void sameEvent185Times_shouldApproveOnce_andItsResolution185Times_shouldRevokeOnce() throws Exception {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));

        List<IncidentResponse.Result> results = deliverConcurrently(incident("generic-triggered"), 185);

        assertEquals(1, world.workflow.calls().size());
        assertEquals(1, count(pending.requestId(), AuditType.INCIDENT_AUTO_APPROVED));
        assertEquals(1, results.stream().filter(r -> r instanceof IncidentResponse.Applied a
                && !a.approved().isEmpty()).count());
        assertTrue(results.stream().allMatch(r -> r instanceof IncidentResponse.Applied
                || r instanceof IncidentResponse.Duplicate), results.toString());
        // afterwards, a re-delivery is recognised before anything is read
        assertInstanceOf(IncidentResponse.Duplicate.class, response.handle(incident("generic-triggered")));

        world.grants().grant(pending.requestId(), world.store.get(pending.requestId()).window());
        world.clock.set(T0.plus(Duration.ofMinutes(21)));
        deliverConcurrently(incident("generic-resolved"), 185);

        assertEquals(Status.REVOKED, world.store.get(pending.requestId()).status());
        assertEquals(1, count(pending.requestId(), AuditType.REVOKED));
        assertTrue(world.audit.verify(pending.requestId()).valid());
    }

    /** security.md:38 — resolved arriving before triggered is remembered: the late triggered does nothing. */
    @Test
    void resolvedBeforeTriggered_shouldLeaveTheLateTriggeredWithoutEffect() {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        world.clock.set(T0.plus(Duration.ofMinutes(21)));

        assertInstanceOf(IncidentResponse.Applied.class, response.handle(incident("generic-resolved")));
        IncidentResponse.Result late = response.handle(incident("generic-triggered"));

        assertEquals(new IncidentResponse.OutOfOrder(IncidentStatus.RESOLVED), late);
        assertEquals(Status.PENDING_APPROVAL, world.store.get(pending.requestId()).status());
        assertTrue(world.workflow.calls().isEmpty());
    }

    /** security.md:38 — an older status of the same incident (acknowledged after resolved) changes nothing. */
    @Test
    void acknowledgedAfterResolved_shouldChangeNothing() {
        response.handle(incident("pagerduty-triggered"));
        world.clock.set(T0.plus(Duration.ofMinutes(21)));
        response.handle(incident("pagerduty-resolved"));
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));

        IncidentResponse.Result result = response.handle(incident("pagerduty-acknowledged"));

        assertEquals(new IncidentResponse.OutOfOrder(IncidentStatus.RESOLVED), result);
        assertEquals(Status.PENDING_APPROVAL, world.store.get(pending.requestId()).status());
        assertEquals(IncidentStatus.RESOLVED, world.records.find("pagerduty:Q1JITA7EXAMPLE").orElseThrow().status());
    }

    @Test
    void eventNamingOthers_shouldChangeNothingForANonResponder() {
        StoredRequest carol = world.waiting(world.ec2(world.person("carol")));

        IncidentResponse.Applied result = (IncidentResponse.Applied) response.handle(incident("generic-triggered"));

        assertTrue(result.approved().isEmpty());
        assertEquals(Status.PENDING_APPROVAL, world.store.get(carol.requestId()).status());
        assertTrue(world.workflow.calls().isEmpty());
    }

    @Test
    void responderNotOnCall_shouldNotBeApproved_underAnOnCallOnlyRule() {
        // bob is listed by his principal ARN but not on call; prod-ec2-terminate says onCallOnly
        StoredRequest bob = world.waiting(world.ec2(world.person("bob")));

        response.handle(incident("generic-triggered"));

        assertEquals(Status.PENDING_APPROVAL, world.store.get(bob.requestId()).status());
    }

    @Test
    void ruleWithoutAutoApprove_shouldNeverBeAutoApproved_evenForAnOnCallResponderInASev1() {
        StoredRequest rds = world.waiting(world.rds(world.person("alice")));

        response.handle(incident("generic-triggered"));
        response.handle(incident("generic-acknowledged"));

        assertEquals(Status.PENDING_APPROVAL, world.store.get(rds.requestId()).status());
        assertEquals(0, count(rds.requestId(), AuditType.INCIDENT_AUTO_APPROVED));
        assertTrue(world.workflow.calls().isEmpty());
    }

    @Test
    void incidentLessSevereThanTheRuleAllows_shouldNotApprove() {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        Incident sev3 = incident("generic-triggered");
        sev3 = new Incident(sev3.id(), sev3.source(), dev.jita.domain.Severity.SEV3, sev3.service(),
                sev3.responders(), sev3.status(), sev3.occurredAt(), sev3.eventId());

        response.handle(sev3);

        assertEquals(Status.PENDING_APPROVAL, world.store.get(pending.requestId()).status());
    }

    /** security.md:38 — stale events refused (and logged); nothing is recorded for them either. */
    @Test
    void eventOlderThanTheMaxAge_shouldBeRefused() {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        world.clock.set(T0.plus(Duration.ofMinutes(61)));

        IncidentResponse.Result result = response.handle(incident("generic-triggered"));

        assertInstanceOf(IncidentResponse.Refused.class, result);
        assertEquals(Status.PENDING_APPROVAL, world.store.get(pending.requestId()).status());
        assertTrue(world.records.find("jita.incident:INC-7").isEmpty());
    }

    @Test
    void resolved_shouldRevokeGrantsApprovedUnderTheIncident_only() {
        StoredRequest underIncident = world.waiting(world.ec2(world.person("alice")));
        StoredRequest byApprover = world.activeByApprover(world.ec2(world.person("alice")));
        response.handle(incident("generic-triggered"));
        world.grants().grant(underIncident.requestId(), world.store.get(underIncident.requestId()).window());
        assertEquals(Status.ACTIVE, world.store.get(underIncident.requestId()).status());
        world.clock.set(T0.plus(Duration.ofMinutes(21)));

        IncidentResponse.Applied result = (IncidentResponse.Applied) response.handle(incident("generic-resolved"));

        assertEquals(List.of(underIncident.requestId()), result.revoked());
        assertEquals(Status.REVOKED, world.store.get(underIncident.requestId()).status());
        AuditEntry revoked = last(underIncident.requestId());
        assertEquals(AuditType.REVOKED, revoked.type());
        assertEquals(IncidentResponse.RESOLVED_REASON, revoked.details().get(AuditEvents.REASON));
        assertTrue(!world.iam.listRolePolicies("Engineer").contains(
                GrantPolicy.policyNameFor(underIncident.requestId())));
        assertEquals(Status.ACTIVE, world.store.get(byApprover.requestId()).status());
        assertTrue(world.iam.listRolePolicies("Engineer").contains(GrantPolicy.policyNameFor(byApprover.requestId())));
        assertTrue(world.audit.verify(underIncident.requestId()).valid());
    }

    @Test
    void breakGlassRule_shouldApproveWithAForcedReason_andTellEveryApproverOfTheRule() {
        StoredRequest pending = world.waiting(world.ecs(world.person("alice")));

        response.handle(incident("generic-triggered"));

        assertEquals(Status.APPROVED, world.store.get(pending.requestId()).status());
        String reason = last(pending.requestId()).details().get(AuditEvents.REASON);
        assertTrue(reason != null && reason.startsWith("break-glass"), reason);
        List<Outbox.Entry> told = world.outbox.snapshot();
        assertEquals(List.of("grace", "heidi", "ivan"),
                told.stream().map(Outbox.Entry::recipientId).sorted().toList());
        assertTrue(told.stream().allMatch(e -> e.kind() == Kind.BREAK_GLASS));
    }

    @Test
    void approvalWindow_shouldNeverExceedTheRulesMaxDuration_whenTheRuleShrankSinceTheRequest() {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        RuleBook book = world.rules.get();
        world.rules.set(new RuleBook(book.version(), book.approverGroups(), book.admins(), book.auditors(),
                book.rules().stream().map(r -> r.id().equals("prod-ec2-terminate") ? shorter(r) : r).toList()));

        response.handle(incident("generic-triggered"));

        GrantWindow window = world.store.get(pending.requestId()).window();
        assertEquals(Duration.ofMinutes(10), Duration.between(window.notBefore(), window.notAfter()));
    }

    @Test
    void requestNotYetWaiting_shouldMakeTheEventRetry_andTheRetryApproveIt() {
        AccessRequest request = world.ec2(world.person("alice"));
        StoredRequest created = world.created(request);

        assertThrows(NotYetWaitingException.class, () -> response.handle(incident("generic-triggered")));
        assertEquals(Status.PENDING_APPROVAL, world.store.get(created.requestId()).status());

        world.store.apply(world.store.get(created.requestId()),
                dev.jita.store.RequestUpdate.taskTokenOnly(tokenOf(created.requestId())), AuditEvents.notified(List.of("bob"), List.of()));
        IncidentResponse.Applied retried = (IncidentResponse.Applied) response.handle(incident("generic-triggered"));

        assertEquals(List.of(created.requestId()), retried.approved());
    }

    /** Issue 10: a delivery that fails after approving releases its claim; the retry finishes the job. */
    @Test
    void handoffFailingAfterTheApproval_shouldLeaveTheRetryToTellTheWorkflow_andTheNextDeliveryADuplicate() {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        world.workflow.failNext(3); // every attempt WorkflowHandoff makes

        assertThrows(HandoffFailedException.class, () -> response.handle(incident("generic-triggered")));
        assertEquals(Status.APPROVED, world.store.get(pending.requestId()).status());

        assertInstanceOf(IncidentResponse.Applied.class, response.handle(incident("generic-triggered")));
        List<RecordingWorkflow.Call> calls = world.workflow.calls();
        assertEquals(4, calls.size(), "three failed attempts, then the retry's");
        assertEquals(new RecordingWorkflow.Call("approved", tokenOf(pending.requestId()),
                world.store.get(pending.requestId()).window(), null), calls.get(3));
        assertInstanceOf(IncidentResponse.Duplicate.class, response.handle(incident("generic-triggered")));
        assertEquals(1, count(pending.requestId(), AuditType.INCIDENT_AUTO_APPROVED));
    }

    /** Issue 10: a delivery that died holding the claim keeps duplicates off only until its time is up. */
    @Test
    void deliveryThatDiedHoldingTheClaim_shouldMakeOthersDuplicates_untilItsTimeIsUp() {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        Incident triggered = incident("generic-triggered");
        assertInstanceOf(IncidentRecords.Admitted.class,
                world.records.admit(triggered, new Delivery("died", Duration.ofSeconds(60))));

        assertInstanceOf(IncidentResponse.Duplicate.class, response.handle(triggered));
        assertEquals(Status.PENDING_APPROVAL, world.store.get(pending.requestId()).status());

        world.clock.advance(Duration.ofSeconds(60));
        IncidentResponse.Result later = response.handle(triggered);

        assertEquals(List.of(pending.requestId()), ((IncidentResponse.Applied) later).approved());
    }

    /** Lambda retries a failed invocation with the same request id: that retry takes over its own claim at once. */
    @Test
    void lambdasRetryOfADeliveryThatDied_shouldTakeItsClaimOver_atOnce() {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        Incident triggered = incident("generic-triggered");
        Delivery first = new Delivery("lambda-request-1", Duration.ofSeconds(60));
        world.records.admit(triggered, first);

        IncidentResponse.Result retried = response.handle(triggered, first);

        assertEquals(List.of(pending.requestId()), ((IncidentResponse.Applied) retried).approved());
        assertInstanceOf(IncidentResponse.Duplicate.class, response.handle(triggered, first));
    }

    @Test
    void approvalAfterTheWorkflowStoppedWaiting_shouldEndFailed_notStayApproved() {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        world.workflow.taskGone("TaskTimedOut");

        IncidentResponse.Applied result = (IncidentResponse.Applied) response.handle(incident("generic-triggered"));

        assertEquals(List.of(pending.requestId()), result.tooLate());
        assertEquals(Status.FAILED, world.store.get(pending.requestId()).status());
    }

    private static Rule shorter(Rule r) {
        return new Rule(r.id(), r.description(), r.actions(), r.resources(), r.requesters(), r.accounts(), r.approverGroup(),
                r.approvalsRequired(), Duration.ofMinutes(10), r.approvalTimeout(), r.autoApprove(), r.breakGlass());
    }

    private List<IncidentResponse.Result> deliverConcurrently(Incident incident, int times) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<IncidentResponse.Result>> calls = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                calls.add(() -> response.handle(incident));
            }
            List<IncidentResponse.Result> results = new ArrayList<>();
            for (Future<IncidentResponse.Result> f : pool.invokeAll(calls, 2, TimeUnit.MINUTES)) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private AuditEntry last(String requestId) {
        List<AuditEntry> entries = world.audit.entries(requestId);
        return entries.get(entries.size() - 1);
    }

    private long count(String requestId, AuditType type) {
        return world.audit.entries(requestId).stream().filter(e -> e.type() == type).count();
    }
}
