package dev.jita.incidents;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Reads an EventBridge event ({@code {id, source, detail-type, time, detail}}) from any incident tool jita knows
 * into one {@link Incident}; which tool is told by {@code source}.
 */
public final class IncidentEvents {

    /** The source of the generic event (events/incident/README.md). */
    public static final String GENERIC_SOURCE = "jita.incident";

    private static final ObjectMapper JSON = new ObjectMapper();

    private IncidentEvents() {
    }

    /**
     * @return the incident, or empty for an event of a known tool that is not about an incident's status (a
     *         PagerDuty service event, an Opsgenie note)
     * @throws IncidentEventException for an unknown source or a malformed event; retrying will not help
     */
    public static Optional<Incident> parse(JsonNode envelope) {
        if (envelope == null || !envelope.isObject()) {
            throw new IncidentEventException("an EventBridge event must be a JSON object; the event was not acted on");
        }
        String source = EventFields.text(envelope, "source", "event");
        JsonNode detail = envelope.path("detail");
        if (!detail.isObject()) {
            throw new IncidentEventException("event.detail is missing; the event was not acted on");
        }
        if (source.equals(GENERIC_SOURCE)) {
            return GenericEvents.parse(detail, EventFields.text(envelope, "id", "event"));
        }
        if (source.startsWith("aws.partner/pagerduty.com")) {
            return PagerDutyEvents.parse(detail);
        }
        if (source.startsWith("aws.partner/opsgenie.com")) {
            return OpsgenieEvents.parse(detail);
        }
        if (source.equals("incident.io") || source.startsWith("aws.partner/incident.io")) {
            return IncidentIoEvents.parse(detail);
        }
        throw new IncidentEventException("event source '" + EventFields.bounded(source, "event.source")
                + "' is not an incident tool jita knows; route only PagerDuty, Opsgenie, incident.io or "
                + GENERIC_SOURCE + " events to this function");
    }

    public static Optional<Incident> parse(String json) {
        try {
            return parse(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IncidentEventException("the event is not JSON (" + e.getOriginalMessage()
                    + "); the event was not acted on");
        }
    }
}
