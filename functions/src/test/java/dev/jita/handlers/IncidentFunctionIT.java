package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.audit.AuditType;
import dev.jita.domain.Status;
import dev.jita.incidents.IncidentWorld;
import dev.jita.store.StoredRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

    /**
     * Issue 10: eight deliveries of one event at once answered APPLIED four times while the effect happened once.
     * One conditional write claims the event: one delivery applies it, the seven others answer DUPLICATE.
     */
    @Test
    void handleRequest_shouldAnswerAppliedOnce_andDuplicateSevenTimes_forEightDeliveriesAtOnce() throws Exception {
        StoredRequest pending = world.waiting(world.ec2(world.person("alice")));
        int deliveries = 8;
        CyclicBarrier together = new CyclicBarrier(deliveries);
        ExecutorService pool = Executors.newFixedThreadPool(deliveries);
        List<String> outcomes = new ArrayList<>();
        try {
            List<Future<Map<String, Object>>> answers = new ArrayList<>();
            for (int i = 0; i < deliveries; i++) {
                Map<String, Object> event = event("pagerduty-triggered");
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

        assertEquals(1, Collections.frequency(outcomes, "APPLIED"), outcomes.toString());
        assertEquals(deliveries - 1, Collections.frequency(outcomes, "DUPLICATE"), outcomes.toString());
        assertEquals(1, world.workflow.calls().size());
        assertEquals(1, world.audit.entries(pending.requestId()).stream()
                .filter(e -> e.type() == AuditType.INCIDENT_AUTO_APPROVED).count());
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
