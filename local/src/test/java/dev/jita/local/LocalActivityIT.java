package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Outcome;
import dev.jita.domain.Status;
import dev.jita.notifications.Kind;
import dev.jita.standins.LocalCalls;
import dev.jita.standins.Outbox;
import dev.jita.store.StoredRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the grant was used for, end to end in jita local: the real approval.asl.json grants, a call tried as the
 * session is decided by the IAM stand-in on jita's clock, and its CloudTrail event reaches the activity function,
 * which records it on the request; GET /requests/{id} shows it in the timeline.
 */
class LocalActivityIT {
    private static final String SESSION = "arn:aws:sts::111122223333:assumed-role/Engineer/bob-engineer";
    private static final String TERMINATE = "ec2:TerminateInstances";

    private final Desk desk = new Desk();
    private final LocalJita jita = desk.jita;

    @AfterEach
    void close() {
        desk.close();
    }

    @Test
    void tryCall_shouldBeDeniedBefore_allowedAndRecordedDuring_andRefusedAndRecordedAfterTheWindow() {
        String id = desk.askToTerminate("bob-engineer");
        String instance = desk.request(id).request().resources().get(0);

        LocalCalls.Attempt before = jita.calls().attempt(SESSION, TERMINATE, instance);
        desk.approve(id, "alice");
        StoredRequest active = desk.runUntil(id, Status.ACTIVE);
        // Granted at notBefore itself, where the policy's DateGreaterThan does not hold yet: a minute into the window.
        passVirtualTime(60);
        LocalCalls.Attempt during = jita.calls().attempt(SESSION, TERMINATE, instance);
        desk.finish(id);
        LocalCalls.Attempt after = jita.calls().attempt(SESSION, TERMINATE, instance);

        assertFalse(before.allowed(), "nothing granted yet");
        assertEquals("UNMATCHED", before.recorded().get("outcome"));
        assertTrue(during.allowed(), "granted, in the window");
        assertEquals("RECORDED", during.recorded().get("outcome"));
        assertEquals(Status.EXPIRED, desk.request(id).status());
        assertFalse(after.allowed(), "the window has ended");
        assertEquals("Client.UnauthorizedOperation", after.errorCode());
        assertTrue(after.message().startsWith("User: " + SESSION + " is not authorized to perform: " + TERMINATE));
        assertEquals("RECORDED", after.recorded().get("outcome"));
        assertEquals("REFUSED", after.recorded().get("recorded"));

        List<AuditEntry> uses = new ArrayList<>(jita.auditLog().entries(id).stream()
                .filter(e -> e.type() == AuditType.GRANT_USED).toList());
        assertEquals(2, uses.size(), uses.toString());
        assertEquals(Outcome.SUCCESS, uses.get(0).outcome());
        assertEquals("in-window", uses.get(0).details().get(AuditEvents.WHEN));
        assertEquals(instance, uses.get(0).details().get(AuditEvents.RESOURCES));
        assertEquals(Outcome.REFUSED, uses.get(1).outcome());
        assertEquals("after-window", uses.get(1).details().get(AuditEvents.WHEN));
        assertTrue(jita.auditLog().verify(id).valid());
        assertTrue(active.window().notAfter().isAfter(active.window().notBefore()));
        // config/rules.yaml: alice opted in to the first use; the refused attempt after it tells nobody.
        List<Outbox.Entry> firstUse = jita.outbox().snapshot().stream()
                .filter(e -> e.requestId().equals(id) && e.kind() == Kind.FIRST_USE).toList();
        assertEquals(List.of("alice"), firstUse.stream().map(Outbox.Entry::recipientId).toList());
        assertTrue(firstUse.get(0).body().startsWith(SESSION + " used the grant for the first time: "
                + "TerminateInstances"), firstUse.get(0).body());
        assertTrue(firstUse.get(0).link().isEmpty());

        Api.Answer shown = desk.api.send("get", "Engineer", "bob-engineer", id, null);
        assertEquals(200, shown.status());
        List<String> timeline = new ArrayList<>();
        for (JsonNode entry : shown.body().get("timeline")) {
            if ("GRANT_USED".equals(entry.get("type").asText())) {
                timeline.add(entry.get("outcome").asText() + " " + entry.get("details").get("eventName").asText());
            }
        }
        assertEquals(List.of("SUCCESS TerminateInstances", "REFUSED TerminateInstances"), timeline);
    }

    /** Moves jita's virtual clock on by {@code seconds}: a Wait of that long in a state machine of the test's own. */
    private void passVirtualTime(int seconds) {
        var sfn = jita.stepFunctions();
        String arn = sfn.createStateMachine("pass-" + seconds + "-" + System.nanoTime(), "{\"StartAt\":\"W\",\"States\":"
                + "{\"W\":{\"Type\":\"Wait\",\"Seconds\":" + seconds + ",\"End\":true}}}");
        var before = jita.clock().instant();
        sfn.runToCompletion(sfn.startExecution(arn, "pass", "{}"));
        assertEquals(before.plusSeconds(seconds), jita.clock().instant());
    }

    @Test
    void tryCall_shouldNotBeAttributed_toTheGrant_whenAnotherSessionOfTheRoleMakesIt() {
        String id = desk.askToTerminate("bob-engineer");
        String instance = desk.request(id).request().resources().get(0);
        desk.approve(id, "alice");
        desk.runUntil(id, Status.ACTIVE);
        passVirtualTime(60);

        LocalCalls.Attempt other = jita.calls().attempt(
                "arn:aws:sts::111122223333:assumed-role/Engineer/mallory", TERMINATE, instance);

        assertFalse(other.allowed(), "the grant's aws:userid condition names bob-engineer's session alone");
        assertEquals("UNMATCHED", other.recorded().get("outcome"));
        assertTrue(jita.auditLog().entries(id).stream().noneMatch(e -> e.type() == AuditType.GRANT_USED));
    }
}
