package dev.jita.incidents;

import dev.jita.domain.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One incident event from one tool, mapped to what jita decides on.
 *
 * @param id         the incident's id in its tool
 * @param service    the affected service as the tool names it ("unknown" when it names none); informational
 * @param responders who the event names; an incident tool sends the current list with every event
 * @param occurredAt when the tool says the change happened; events older than the configured age are refused
 * @param eventId    the tool's own id of this event where it has one (stable across the tool's re-deliveries),
 *                   else EventBridge's event id (stable across EventBridge's retries)
 */
public record Incident(String id, IncidentSource source, Severity severity, String service, List<Responder> responders,
                       IncidentStatus status, Instant occurredAt, String eventId) {

    public Incident {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(service, "service");
        responders = List.copyOf(responders);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(eventId, "eventId");
        if (id.isBlank() || eventId.isBlank()) {
            throw new IllegalArgumentException("an incident event needs an incident id and an event id");
        }
    }

    /**
     * The incident's key across tools, {@code <source>:<id>}: what the incident record is keyed by and what a
     * request approved under it carries as its incidentId.
     */
    public String key() {
        return keyOf(source, id);
    }

    public static String keyOf(IncidentSource source, String id) {
        return source.label() + ":" + id;
    }
}
