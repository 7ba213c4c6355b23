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
 * Opsgenie alert actions through its EventBridge integration ({@code aws.partner/opsgenie.com/...}); the detail is
 * Opsgenie's outgoing webhook body {@code {action, alert: {alertId, priority, entity, createdAt, updatedAt,
 * username, responders[]}}}. Create is triggered, Acknowledge acknowledged, Close resolved; other actions (AddNote,
 * Escalate...) change nothing and are ignored.
 *
 * <p>Severity: the alert's priority P1..P5 is SEV1..SEV5. Responders: user responders (Opsgenie user names are
 * e-mail addresses), on call, and the user who acknowledged. Opsgenie's webhook carries no event id, so the event
 * id is {@code alertId:action:updatedAt}: the same for every re-delivery of one action.
 */
final class OpsgenieEvents {

    private static final Logger LOG = LoggerFactory.getLogger(OpsgenieEvents.class);

    private OpsgenieEvents() {
    }

    static Optional<Incident> parse(JsonNode detail) {
        String action = EventFields.text(detail, "action", "detail");
        IncidentStatus status;
        switch (action) {
            case "Create" -> status = IncidentStatus.TRIGGERED;
            case "Acknowledge" -> status = IncidentStatus.ACKNOWLEDGED;
            case "Close" -> status = IncidentStatus.RESOLVED;
            default -> {
                return Optional.empty();
            }
        }
        JsonNode alert = detail.path("alert");
        if (!alert.isObject()) {
            throw new IncidentEventException("detail.alert is missing; the event was not acted on");
        }
        String alertId = EventFields.text(alert, "alertId", "detail.alert");
        Map<String, Responder> responders = new LinkedHashMap<>();
        for (JsonNode r : alert.path("responders")) {
            if ("user".equals(r.path("type").asText(""))) {
                EventFields.optionalText(r, "username").or(() -> EventFields.optionalText(r, "name"))
                        .ifPresent(u -> responders.put(u, new Responder(
                                EventFields.bounded(u, "detail.alert.responders[].username"), true)));
            }
        }
        if (status == IncidentStatus.ACKNOWLEDGED) {
            EventFields.optionalText(alert, "username").ifPresent(u -> responders.putIfAbsent(u,
                    new Responder(EventFields.bounded(u, "detail.alert.username"), true)));
        }
        String priority = EventFields.optionalText(alert, "priority").orElse(null);
        Severity severity = EventFields.severity(priority).orElseGet(() -> {
            LOG.warn("opsgenie alert {}: priority '{}' is not P1..P5; taken as SEV5", alertId, priority);
            return Severity.SEV5;
        });
        Instant occurredAt = alert.has("updatedAt") ? EventFields.instant(alert, "updatedAt", "detail.alert")
                : EventFields.instant(alert, "createdAt", "detail.alert");
        return Optional.of(new Incident(alertId, IncidentSource.OPSGENIE, severity,
                EventFields.optionalText(alert, "entity").orElse("unknown"), new ArrayList<>(responders.values()),
                status, occurredAt, alertId + ":" + action + ":" + occurredAt.toEpochMilli()));
    }
}
