package dev.jita.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.domain.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PagerDuty V3 webhook events delivered through its EventBridge partner source ({@code aws.partner/pagerduty.com/...},
 * detail-type the event type, e.g. {@code incident.triggered}); the detail is the V3 webhook body
 * {@code {"event": {id, event_type, resource_type, occurred_at, agent, data}}}. The status comes from
 * {@code data.status}, so every incident.* event (reassigned, escalated, priority_updated...) carries the current
 * responders; events about other resources (services, alerts) are not incidents and are ignored.
 *
 * <p>Severity: {@code data.priority.summary} P1..P5 is SEV1..SEV5. Without a priority PagerDuty only says high or
 * low urgency, which jita reads as SEV3 and SEV5: an unprioritised page never meets a SEV1/SEV2 rule.
 * Responders: {@code data.assignees} (the people paged), all on call, plus the acknowledging user; their ids are
 * PagerDuty user ids (PXXXXXX), which the responder aliases map to jita identities.
 */
final class PagerDutyEvents {

    private PagerDutyEvents() {
    }

    static Optional<Incident> parse(JsonNode detail) {
        JsonNode event = detail.has("event") ? detail.get("event") : detail;
        String where = "detail.event";
        if (!"incident".equals(event.path("resource_type").asText(""))) {
            return Optional.empty();
        }
        JsonNode data = event.path("data");
        if (!data.isObject()) {
            throw new IncidentEventException(where + ".data is missing; the event was not acted on");
        }
        IncidentStatus status = switch (EventFields.text(data, "status", where + ".data")) {
            case "triggered" -> IncidentStatus.TRIGGERED;
            case "acknowledged" -> IncidentStatus.ACKNOWLEDGED;
            case "resolved" -> IncidentStatus.RESOLVED;
            default -> throw new IncidentEventException(where + ".data.status is not triggered, acknowledged or"
                    + " resolved; the event was not acted on");
        };
        Map<String, Responder> responders = new LinkedHashMap<>();
        for (JsonNode assignee : data.path("assignees")) {
            EventFields.optionalText(assignee, "id").ifPresent(id -> responders.put(id, new Responder(
                    EventFields.bounded(id, where + ".data.assignees[].id"), true)));
        }
        JsonNode agent = event.path("agent");
        if (status == IncidentStatus.ACKNOWLEDGED && "user_reference".equals(agent.path("type").asText(""))) {
            EventFields.optionalText(agent, "id").ifPresent(id -> responders.putIfAbsent(id, new Responder(
                    EventFields.bounded(id, where + ".agent.id"), true)));
        }
        return Optional.of(new Incident(
                EventFields.text(data, "id", where + ".data"),
                IncidentSource.PAGERDUTY,
                severity(data),
                EventFields.optionalText(data.path("service"), "summary").orElse("unknown"),
                new ArrayList<>(responders.values()),
                status,
                EventFields.instant(event, "occurred_at", where),
                EventFields.text(event, "id", where)));
    }

    private static Severity severity(JsonNode data) {
        Optional<Severity> byPriority = EventFields.optionalText(data.path("priority"), "summary")
                .flatMap(EventFields::severity);
        if (byPriority.isPresent()) {
            return byPriority.get();
        }
        return "high".equals(data.path("urgency").asText("")) ? Severity.SEV3 : Severity.SEV5;
    }
}
