package dev.jita.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.domain.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * incident.io webhooks forwarded to EventBridge (source {@code incident.io}, or a partner source
 * {@code aws.partner/incident.io/...}); the detail is the webhook body {@code {event_type,
 * "public_incident.incident_created_v2" | "public_incident.incident_updated_v2": {id, severity, incident_status,
 * incident_role_assignments[], updated_at}}}. Other event types are ignored.
 *
 * <p>Status by {@code incident_status.category}: triage is triggered; live and paused acknowledged; learning,
 * closed, declined, merged and canceled resolved. Severity by name (SEV1, P2, Critical, Major, Minor...); a name
 * jita cannot place counts as SEV5. Responders: every role assignee by e-mail (else id); the lead is on call.
 * incident.io's body carries no event id, so the event id is {@code <incident id>:<updated_at>}.
 */
final class IncidentIoEvents {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentIoEvents.class);
    private static final String CREATED = "public_incident.incident_created_v2";
    private static final String UPDATED = "public_incident.incident_updated_v2";

    private IncidentIoEvents() {
    }

    static Optional<Incident> parse(JsonNode detail) {
        String type = EventFields.text(detail, "event_type", "detail");
        if (!type.equals(CREATED) && !type.equals(UPDATED)) {
            return Optional.empty();
        }
        String where = "detail." + type;
        JsonNode incident = detail.path(type);
        if (!incident.isObject()) {
            throw new IncidentEventException(where + " is missing; the event was not acted on");
        }
        String id = EventFields.text(incident, "id", where);
        String category = EventFields.text(incident.path("incident_status"), "category", where + ".incident_status");
        IncidentStatus status = switch (category) {
            case "triage" -> IncidentStatus.TRIGGERED;
            case "live", "paused" -> IncidentStatus.ACKNOWLEDGED;
            case "learning", "closed", "declined", "merged", "canceled" -> IncidentStatus.RESOLVED;
            default -> throw new IncidentEventException(where + ".incident_status.category '" + category
                    + "' is not one jita knows; the event was not acted on");
        };
        String severityName = EventFields.optionalText(incident.path("severity"), "name").orElse(null);
        Severity severity = EventFields.severity(severityName).orElseGet(() -> {
            LOG.warn("incident.io incident {}: severity '{}' has no SEV equivalent; taken as SEV5", id, severityName);
            return Severity.SEV5;
        });
        Map<String, Responder> responders = new LinkedHashMap<>();
        for (JsonNode assignment : incident.path("incident_role_assignments")) {
            JsonNode assignee = assignment.path("assignee");
            Optional<String> who = EventFields.optionalText(assignee, "email")
                    .or(() -> EventFields.optionalText(assignee, "id"));
            boolean lead = "lead".equals(assignment.path("role").path("role_type").asText(""));
            who.ifPresent(w -> responders.merge(w, new Responder(EventFields.bounded(w, where + " assignee"), lead),
                    (a, b) -> new Responder(a.id(), a.onCall() || b.onCall())));
        }
        Instant occurredAt = EventFields.instant(incident, "updated_at", where);
        String service = EventFields.optionalText(incident.path("incident_type"), "name").orElse("unknown");
        return Optional.of(new Incident(id, IncidentSource.INCIDENT_IO, severity, service,
                new ArrayList<>(responders.values()), status, occurredAt, id + ":" + occurredAt));
    }
}
