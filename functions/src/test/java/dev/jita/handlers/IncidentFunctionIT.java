package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.domain.Status;
import dev.jita.incidents.IncidentWorld;
import dev.jita.store.StoredRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** IncidentFunction fed the EventBridge samples of events/incident/ as Lambda hands them over (a Map). */
class IncidentFunctionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final IncidentWorld world = new IncidentWorld();
    private final IncidentFunction function = world.function();

    @Test
    void handleRequest_shouldApproveFromPagerDutySample_thenAnswerDuplicateForItsRedelivery() throws Exception {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));

        Map<String, Object> first = function.handleRequest(event("pagerduty-triggered"), null);
        Map<String, Object> again = function.handleRequest(event("pagerduty-triggered"), null);

        assertEquals("APPLIED", first.get("outcome"));
        assertEquals(List.of(pending.requestId()), first.get("approved"));
        assertEquals("pagerduty:Q1JITA7EXAMPLE", first.get("incident"));
        assertEquals("DUPLICATE", again.get("outcome"));
        assertEquals(Status.APPROVED, world.store.get(pending.requestId()).status());
    }

    /** security.md:38 — a stale event is refused and logged, without an error that would make EventBridge retry. */
    @Test
    void handleRequest_shouldAnswerStale_forAnEventOlderThanTheMaxAge() throws Exception {
        world.clock.set(IncidentWorld.T0.plus(Duration.ofHours(2)));

        assertEquals("STALE", function.handleRequest(event("opsgenie-triggered"), null).get("outcome"));
    }

    @Test
    void handleRequest_shouldAnswerUnreadable_forAnUnknownSource_ratherThanFail() throws Exception {
        Map<String, Object> event = event("generic-triggered");
        event.put("source", "com.example.pager");

        Map<String, Object> out = function.handleRequest(event, null);

        assertEquals("UNREADABLE", out.get("outcome"));
    }

    @Test
    void handleRequest_shouldIgnore_anOpsgenieNote() throws Exception {
        Map<String, Object> event = event("opsgenie-triggered");
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) event.get("detail");
        detail.put("action", "AddNote");

        assertEquals("IGNORED", function.handleRequest(event, null).get("outcome"));
    }

    private static Map<String, Object> event(String sample) throws Exception {
        return JSON.readValue(IncidentWorld.sample(sample), new TypeReference<>() { });
    }
}
