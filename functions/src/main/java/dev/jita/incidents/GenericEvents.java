package dev.jita.incidents;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.domain.Severity;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The generic {@code jita.incident} event (schema: events/incident/README.md). Strict, unlike the tools' formats:
 * whoever writes it writes it for jita, so an unknown field is a mistake worth refusing rather than ignoring.
 */
final class GenericEvents {

    private static final Set<String> FIELDS =
            Set.of("incidentId", "eventId", "status", "severity", "service", "occurredAt", "responders");
    private static final Set<String> RESPONDER_FIELDS = Set.of("id", "onCall");

    private GenericEvents() {
    }

    static Optional<Incident> parse(JsonNode detail, String envelopeId) {
        unknownFields(detail, FIELDS, "detail");
        String statusText = EventFields.text(detail, "status", "detail");
        IncidentStatus status;
        try {
            status = IncidentStatus.valueOf(statusText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IncidentEventException("detail.status '" + statusText + "' is not triggered, acknowledged or"
                    + " resolved; the event was not acted on");
        }
        String severityText = EventFields.text(detail, "severity", "detail");
        Severity severity = Severity.parse(severityText.toUpperCase(Locale.ROOT)).orElseThrow(() ->
                new IncidentEventException("detail.severity '" + severityText + "' is not SEV1..SEV5; the event was"
                        + " not acted on"));
        List<Responder> responders = new ArrayList<>();
        JsonNode list = detail.path("responders");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new IncidentEventException("detail.responders must be a list of {id, onCall}; the event was not"
                    + " acted on");
        }
        for (JsonNode r : list) {
            unknownFields(r, RESPONDER_FIELDS, "detail.responders[]");
            JsonNode onCall = r.path("onCall");
            if (!onCall.isMissingNode() && !onCall.isBoolean()) {
                throw new IncidentEventException("detail.responders[].onCall must be true or false; the event was"
                        + " not acted on");
            }
            responders.add(new Responder(EventFields.text(r, "id", "detail.responders[]"), onCall.asBoolean(false)));
        }
        return Optional.of(new Incident(
                EventFields.text(detail, "incidentId", "detail"),
                IncidentSource.JITA,
                severity,
                EventFields.optionalText(detail, "service").orElse("unknown"),
                responders,
                status,
                EventFields.instant(detail, "occurredAt", "detail"),
                EventFields.optionalText(detail, "eventId").orElse(envelopeId)));
    }

    private static void unknownFields(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new IncidentEventException(where + " must be an object; the event was not acted on");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IncidentEventException(where + "." + name + " is not a field of jita.incident events (see"
                        + " events/incident/README.md); the event was not acted on");
            }
        }
    }
}
