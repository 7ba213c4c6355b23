package dev.jita.incidents;

import static dev.jita.incidents.IncidentWorld.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.domain.Severity;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per source format, from the samples in events/incident/ (what a person can also feed by hand). */
class IncidentEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest(name = "{0}-{1}")
    @CsvSource({
            "pagerduty, triggered, TRIGGERED, 2026-03-02T09:00:00Z",
            "pagerduty, acknowledged, ACKNOWLEDGED, 2026-03-02T09:02:00Z",
            "pagerduty, resolved, RESOLVED, 2026-03-02T09:20:00Z",
            "opsgenie, triggered, TRIGGERED, 2026-03-02T09:00:00Z",
            "opsgenie, acknowledged, ACKNOWLEDGED, 2026-03-02T09:02:00Z",
            "opsgenie, resolved, RESOLVED, 2026-03-02T09:20:00Z",
            "incidentio, triggered, TRIGGERED, 2026-03-02T09:00:00Z",
            "incidentio, acknowledged, ACKNOWLEDGED, 2026-03-02T09:02:00Z",
            "incidentio, resolved, RESOLVED, 2026-03-02T09:20:00Z",
            "generic, triggered, TRIGGERED, 2026-03-02T09:00:00Z",
            "generic, acknowledged, ACKNOWLEDGED, 2026-03-02T09:02:00Z",
            "generic, resolved, RESOLVED, 2026-03-02T09:20:00Z"})
    void parse_shouldReadStatusAndTime_fromEverySample(String source, String status, IncidentStatus expected,
                                                       Instant at) {
        Incident incident = IncidentWorld.incident(source + "-" + status);
        assertEquals(expected, incident.status());
        assertEquals(at, incident.occurredAt());
        assertEquals(Severity.SEV1, incident.severity());
    }

    @Test
    void parse_shouldMapPagerDutyV3_assigneesOnCall_priorityAsSeverity_eventIdFromPagerDuty() {
        Incident incident = IncidentWorld.incident("pagerduty-triggered");
        assertEquals("Q1JITA7EXAMPLE", incident.id());
        assertEquals(IncidentSource.PAGERDUTY, incident.source());
        assertEquals("pagerduty:Q1JITA7EXAMPLE", incident.key());
        assertEquals("checkout-api", incident.service());
        assertEquals(List.of(new Responder("PALICE1", true)), incident.responders());
        assertEquals("01JITAPDTRIGGERED0000000001", incident.eventId());
    }

    @Test
    void parse_shouldTakePagerDutyUrgency_whenThereIsNoPriority_neverAboveSev3() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(sample("pagerduty-triggered"));
        ((ObjectNode) event.at("/detail/event/data")).putNull("priority");
        assertEquals(Severity.SEV3, IncidentEvents.parse(event).orElseThrow().severity());
        ((ObjectNode) event.at("/detail/event/data")).put("urgency", "low");
        assertEquals(Severity.SEV5, IncidentEvents.parse(event).orElseThrow().severity());
    }

    @Test
    void parse_shouldIgnorePagerDutyEvents_aboutOtherResources() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(sample("pagerduty-triggered"));
        ((ObjectNode) event.at("/detail/event")).put("resource_type", "service");
        assertTrue(IncidentEvents.parse(event).isEmpty());
    }

    @Test
    void parse_shouldMapOpsgenie_userRespondersOnly_stableEventIdAcrossRedeliveries() throws Exception {
        Incident incident = IncidentWorld.incident("opsgenie-acknowledged");
        assertEquals("8f1d2c3b-4a5e-4f60-9a7b-8c9d0e1f2a3b", incident.id());
        assertEquals(IncidentSource.OPSGENIE, incident.source());
        assertEquals("checkout-api", incident.service());
        // the team responder is not a person; the acknowledger already is a user responder
        assertEquals(List.of(new Responder("alice@example.com", true)), incident.responders());
        ObjectNode redelivered = (ObjectNode) JSON.readTree(sample("opsgenie-acknowledged"));
        redelivered.put("id", "another-eventbridge-id");
        assertEquals(incident.eventId(), IncidentEvents.parse(redelivered).orElseThrow().eventId());
    }

    @Test
    void parse_shouldIgnoreOpsgenieActions_thatChangeNoStatus() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(sample("opsgenie-triggered"));
        ((ObjectNode) event.get("detail")).put("action", "AddNote");
        assertTrue(IncidentEvents.parse(event).isEmpty());
    }

    @Test
    void parse_shouldMapIncidentIo_leadOnCall_otherRolesListedButNotOnCall() {
        Incident incident = IncidentWorld.incident("incidentio-triggered");
        assertEquals("01HJITAEXAMPLEINCIDENT0001", incident.id());
        assertEquals(IncidentSource.INCIDENT_IO, incident.source());
        assertEquals(List.of(new Responder("alice@example.com", true), new Responder("bob@example.com", false)),
                incident.responders());
    }

    @Test
    void parse_shouldReadGenericEvent_withItsOwnEventId() {
        Incident incident = IncidentWorld.incident("generic-triggered");
        assertEquals("INC-7", incident.id());
        assertEquals("jita.incident:INC-7", incident.key());
        assertEquals("inc-7-triggered", incident.eventId());
        assertEquals(List.of(new Responder("alice", true),
                new Responder("arn:aws:sts::111122223333:assumed-role/Engineer/bob", false)), incident.responders());
    }

    @Test
    void parse_shouldTakeEventBridgeId_whenGenericEventHasNone() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(sample("generic-triggered"));
        ((ObjectNode) event.get("detail")).remove("eventId");
        assertEquals("3f405162-7c8d-4e9f-a0b1-2c3d4e5f6a01", IncidentEvents.parse(event).orElseThrow().eventId());
    }

    @Test
    void parse_shouldRefuseGenericEvent_withUnknownFieldOrBadSeverity() throws Exception {
        ObjectNode typo = (ObjectNode) JSON.readTree(sample("generic-triggered"));
        ((ObjectNode) typo.get("detail")).put("severty", "SEV1");
        IncidentEventException e = assertThrows(IncidentEventException.class, () -> IncidentEvents.parse(typo));
        assertTrue(e.getMessage().contains("severty"), e.getMessage());
        ObjectNode bad = (ObjectNode) JSON.readTree(sample("generic-triggered"));
        ((ObjectNode) bad.get("detail")).put("severity", "SEV0");
        assertThrows(IncidentEventException.class, () -> IncidentEvents.parse(bad));
    }

    @Test
    void parse_shouldRefuseUnknownSource_sayingWhichToRoute() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(sample("generic-triggered"));
        event.put("source", "com.example.pager");
        IncidentEventException e = assertThrows(IncidentEventException.class, () -> IncidentEvents.parse(event));
        assertTrue(e.getMessage().contains("com.example.pager"), e.getMessage());
    }

    @Test
    void parse_shouldRefuseEvent_withoutIncidentId() throws Exception {
        ObjectNode event = (ObjectNode) JSON.readTree(sample("pagerduty-triggered"));
        ((ObjectNode) event.at("/detail/event/data")).remove("id");
        assertThrows(IncidentEventException.class, () -> IncidentEvents.parse(event));
        assertThrows(IncidentEventException.class, () -> IncidentEvents.parse("{not json"));
    }
}
