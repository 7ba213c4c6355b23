package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.Metric;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Outcome;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.grants.RevokeOutcome;
import dev.jita.incidents.IncidentWorld;
import dev.jita.notifications.Kind;
import dev.jita.notifications.Notification;
import dev.jita.notifications.NotificationException;
import dev.jita.notifications.Notifier;
import dev.jita.standins.Outbox;
import dev.jita.store.DynamoLocal;
import dev.jita.store.StoredRequest;
import dev.jita.wiring.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ActivityFunction fed the CloudTrail samples of events/activity/ as Lambda hands them over (a Map), on DynamoDB
 * Local: alice's session of Engineer holds a 30-minute grant from 09:00:30Z.
 */
class ActivityFunctionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("..", "events", "activity");

    private final IncidentWorld world = new IncidentWorld();
    private final ActivityFunction function = function(world.outbox);
    private final Requester alice = world.person("alice");
    /** A requester who approves nothing: prod-ec2-terminate's approvers alice (opted in), bob and carol may decide. */
    private final Requester zoe = world.person("zoe");

    @Test
    void handleRequest_shouldAppendGrantUsed_forACallInsideTheWindow() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(alice));

        Map<String, Object> out = function.handleRequest(callBy(alice, "terminate-instances"), null);

        assertEquals("RECORDED", out.get("outcome"));
        assertEquals(active.requestId(), out.get("requestId"));
        AuditEntry used = onlyUse(active);
        assertEquals(Outcome.SUCCESS, used.outcome());
        assertEquals(alice.arn(), used.actor());
        assertEquals("TerminateInstances", used.details().get(AuditEvents.EVENT_NAME));
        assertEquals("ec2.amazonaws.com", used.details().get(AuditEvents.EVENT_SOURCE));
        assertEquals("c5b3a1f0-1d2e-4f3a-9b8c-7d6e5f4a3b21", used.details().get(AuditEvents.EVENT_ID));
        assertEquals("i-0abc1234", used.details().get(AuditEvents.RESOURCES));
        assertEquals("in-window", used.details().get(AuditEvents.WHEN));
        assertEquals(null, used.details().get(AuditEvents.ERROR_CODE));
        assertEquals("198.51.100.7", used.origin().sourceIp());
        assertTrue(used.origin().userAgent().startsWith("aws-cli/2.17.0"));
        assertTrue(world.audit.verify(active.requestId()).valid());
        assertEquals(1, world.metrics.get(Metric.GrantUsed));
    }

    @Test
    void handleRequest_shouldRecordRefused_forAnAccessDeniedAttemptJustAfterTheWindow_onTheExpiredRequest()
            throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(alice));
        world.clock.set(active.window().notAfter().plusSeconds(60));
        world.revokes().close(active.requestId(), RevokeOutcome.EXPIRED, null);
        world.clock.set(active.window().notAfter().plus(Duration.ofMinutes(4)));

        Map<String, Object> out = function.handleRequest(callBy(alice, "terminate-instances-denied"), null);

        assertEquals("RECORDED", out.get("outcome"));
        assertEquals("REFUSED", out.get("recorded"));
        assertEquals(Status.EXPIRED, world.store.get(active.requestId()).status());
        AuditEntry refused = onlyUse(active);
        assertEquals(Outcome.REFUSED, refused.outcome());
        assertEquals("Client.UnauthorizedOperation", refused.details().get(AuditEvents.ERROR_CODE));
        assertEquals("after-window", refused.details().get(AuditEvents.WHEN));
    }

    @Test
    void handleRequest_shouldRecordRefused_forAnAccessDeniedAttemptAfterTheWindow_onARequestStillActive()
            throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(alice));

        Map<String, Object> out = function.handleRequest(callBy(alice, "terminate-instances-denied"), null);

        assertEquals("REFUSED", out.get("recorded"));
        assertEquals(Outcome.REFUSED, onlyUse(active).outcome());
    }

    @Test
    void handleRequest_shouldIgnore_aRefusedAttemptPastTheGrace_andASuccessfulCallAfterTheWindow() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(alice));
        Map<String, Object> late = callBy(alice, "terminate-instances-denied");
        detail(late).put("eventTime", active.window().notAfter().plus(Duration.ofMinutes(6)).toString());
        Map<String, Object> after = callBy(alice, "terminate-instances");
        detail(after).put("eventTime", active.window().notAfter().toString());

        assertEquals("UNMATCHED", function.handleRequest(late, null).get("outcome"));
        assertEquals("UNMATCHED", function.handleRequest(after, null).get("outcome"));
        assertEquals(0, uses(active).size());
        assertEquals(2, world.metrics.get(Metric.ActivityUnmatched));
    }

    @Test
    void handleRequest_shouldChangeNothing_forADuplicateEvent() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(alice));
        Map<String, Object> event = callBy(alice, "terminate-instances");

        assertEquals("RECORDED", function.handleRequest(event, null).get("outcome"));
        long seq = world.store.get(active.requestId()).auditHead().seq();
        Map<String, Object> again = function.handleRequest(callBy(alice, "terminate-instances"), null);

        assertEquals("DUPLICATE", again.get("outcome"));
        assertEquals(active.requestId(), again.get("requestId"));
        assertEquals(seq, world.store.get(active.requestId()).auditHead().seq());
        assertEquals(1, uses(active).size());
        assertTrue(world.audit.verify(active.requestId()).valid());
    }

    @Test
    void handleRequest_shouldRecordOnce_forEightDeliveriesAtOnce() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(alice));
        int deliveries = 8;
        CyclicBarrier together = new CyclicBarrier(deliveries);
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        List<String> outcomes = new ArrayList<>();
        try {
            List<Future<Map<String, Object>>> answers = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                Map<String, Object> event = callBy(alice, "terminate-instances");
                answers.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return function.handleRequest(event, null);
                }));
            }
            for (Future<Map<String, Object>> answer : answers) {
                outcomes.add((String) answer.get(60, TimeUnit.SECONDS).get("outcome"));
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, Collections.frequency(outcomes, "RECORDED"), outcomes.toString());
        assertEquals(deliveries - 1, Collections.frequency(outcomes, "DUPLICATE"), outcomes.toString());
        assertEquals(1, uses(active).size());
        assertTrue(world.audit.verify(active.requestId()).valid());
    }

    // ------------------------------------------------------------------ first use

    @Test
    void handleRequest_shouldTellOnlyTheApproversWhoOptedIn_ofTheFirstUse_withoutALink() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(zoe));

        Map<String, Object> out = function.handleRequest(callBy(zoe, "terminate-instances"), null);

        assertEquals("RECORDED", out.get("outcome"));
        List<Outbox.Entry> told = firstUses(active);
        assertEquals(List.of("alice"), told.stream().map(Outbox.Entry::recipientId).toList(),
                "alice opted in; bob and carol did not");
        Outbox.Entry message = told.get(0);
        assertEquals(Optional.empty(), message.link());
        assertTrue(message.subject().startsWith("[jita] First use: ec2:TerminateInstances"), message.subject());
        assertTrue(message.body().startsWith(zoe.arn() + " used the grant for the first time: TerminateInstances"
                + " (ec2.amazonaws.com) on i-0abc1234 at 2026-03-02 09:10 UTC."), message.body());
        assertTrue(!message.body().contains("/approvals/"), message.body());
    }

    @Test
    void handleRequest_shouldTellNobody_ofTheSecondUse_norOfADuplicate() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(zoe));
        function.handleRequest(callBy(zoe, "terminate-instances"), null);
        Map<String, Object> second = callBy(zoe, "terminate-instances");
        second.put("id", "0b1d7a61-5f4e-4c3b-8a2d-1e0f9c8b7a65");
        detail(second).put("eventID", "7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910");

        Map<String, Object> again = function.handleRequest(callBy(zoe, "terminate-instances"), null);
        Map<String, Object> later = function.handleRequest(second, null);

        assertEquals("DUPLICATE", again.get("outcome"));
        assertEquals("RECORDED", later.get("outcome"));
        assertEquals(2, uses(active).size());
        assertEquals(1, firstUses(active).size(), world.outbox.snapshot().toString());
    }

    @Test
    void handleRequest_shouldTellOnce_whenEightDifferentCallsArriveAtOnce() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(zoe));
        int calls = 8;
        CyclicBarrier together = new CyclicBarrier(calls);
        ExecutorService pool = Executors.newFixedThreadPool(calls);
        List<String> outcomes = new ArrayList<>();
        try {
            List<Future<Map<String, Object>>> answers = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                Map<String, Object> event = callBy(zoe, "terminate-instances");
                detail(event).put("eventID", "c5b3a1f0-1d2e-4f3a-9b8c-00000000000" + i);
                answers.add(pool.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return function.handleRequest(event, null);
                }));
            }
            for (Future<Map<String, Object>> answer : answers) {
                outcomes.add((String) answer.get(60, TimeUnit.SECONDS).get("outcome"));
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(Collections.nCopies(calls, "RECORDED"), outcomes);
        assertEquals(calls, uses(active).size());
        assertEquals(1, firstUses(active).size(), world.outbox.snapshot().toString());
        assertTrue(world.audit.verify(active.requestId()).valid());
    }

    @Test
    void handleRequest_shouldRecordTheUse_andCountTheFailure_whenTheMessageCannotBeSent() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(zoe));
        Notifier failing = new Notifier() {
            @Override
            public String channel() {
                return "failing";
            }

            @Override
            public void send(Notification notification) {
                throw new NotificationException("failing", true, "SES throttled the send");
            }
        };

        Map<String, Object> out = function(failing).handleRequest(callBy(zoe, "terminate-instances"), null);

        assertEquals("RECORDED", out.get("outcome"));
        assertEquals(1, uses(active).size());
        assertEquals(1, world.metrics.get(Metric.FirstUseNotifyFailed));
        assertTrue(world.audit.verify(active.requestId()).valid());
    }

    @Test
    void handleRequest_shouldNotTellTheRequester_ofTheirOwnUse_evenWhenTheyOptedIn() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(alice));

        assertEquals("RECORDED", function.handleRequest(callBy(alice, "terminate-instances"), null).get("outcome"));

        assertEquals(List.of(), firstUses(active));
    }

    @Test
    void handleRequest_shouldNotAttribute_aCallFromAnotherSessionOfTheSameRole() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(alice));
        Requester bob = world.person("bob");

        Map<String, Object> out = function.handleRequest(callBy(bob, "terminate-instances"), null);

        assertEquals("UNMATCHED", out.get("outcome"));
        assertEquals(0, uses(active).size());
    }

    /** Same role name and session name, but another role (deleted and created again): not alice's grant. */
    @Test
    void handleRequest_shouldNotAttribute_aCallOfTheSameSessionNameOnAnotherRoleUniqueId() throws Exception {
        StoredRequest active = world.activeByApprover(world.ec2(alice));
        Requester impostor = new Requester(alice.arn(), alice.accountId(), alice.roleName(), alice.sessionName(),
                "AROAOTHERROLEUNIQUE99:alice");

        Map<String, Object> out = function.handleRequest(callBy(impostor, "terminate-instances"), null);

        assertEquals("UNMATCHED", out.get("outcome"));
        assertEquals(0, uses(active).size());
    }

    @Test
    void handleRequest_shouldAnswerUnreadable_forAnEventThatIsNoCloudTrailCall() throws Exception {
        Map<String, Object> event = callBy(alice, "terminate-instances");
        event.put("detail-type", "EC2 Instance State-change Notification");

        assertEquals("UNREADABLE", function.handleRequest(event, null).get("outcome"));
    }

    private List<AuditEntry> uses(StoredRequest request) {
        return world.audit.entries(request.requestId()).stream()
                .filter(e -> e.type() == AuditType.GRANT_USED).toList();
    }

    private List<Outbox.Entry> firstUses(StoredRequest request) {
        return world.outbox.snapshot().stream()
                .filter(e -> e.kind() == Kind.FIRST_USE && e.requestId().equals(request.requestId())).toList();
    }

    private ActivityFunction function(Notifier notifier) {
        return new ActivityFunction(TestServices.on(DynamoLocal.client(), world.tables, world.clock)
                .rules(world.rules()).iam(world.iam).notifier(notifier).metrics(world.metrics).build());
    }

    private AuditEntry onlyUse(StoredRequest request) {
        List<AuditEntry> uses = uses(request);
        assertEquals(1, uses.size(), uses.toString());
        return uses.get(0);
    }

    /** The sample, made by {@code who}'s session: its ARN and aws:userid. */
    private static Map<String, Object> callBy(Requester who, String sample) throws IOException {
        Map<String, Object> event = JSON.readValue(Files.readString(EVENTS.resolve(sample + ".json")),
                new TypeReference<>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> identity = (Map<String, Object>) detail(event).get("userIdentity");
        identity.put("arn", who.arn());
        identity.put("principalId", who.userId());
        return event;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Map<String, Object> event) {
        return (Map<String, Object>) event.get("detail");
    }
}
