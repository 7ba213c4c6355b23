package dev.jita.incidents;

import dev.jita.domain.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What jita remembers of an incident across its events.
 *
 * @param status           the furthest status seen; events behind it change nothing
 * @param responders       as the newest admitted event listed them
 * @param occurredAt       when the newest admitted event happened
 * @param version          bumped by every admitted event; the optimistic lock of {@link IncidentRecords#admit}
 * @param handledEventIds  events whose effects are complete: a re-delivery of one of them does nothing
 * @param approvedRequests requests approved under this incident, written before each approval so that the
 *                         resolution finds every one of them
 */
public record IncidentRecord(String key, IncidentStatus status, Severity severity, String service,
                             List<Responder> responders, Instant occurredAt, long version,
                             Set<String> handledEventIds, Set<String> approvedRequests) {
    public IncidentRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(status, "status");
        responders = List.copyOf(responders);
        handledEventIds = Set.copyOf(handledEventIds);
        approvedRequests = Set.copyOf(approvedRequests);
    }
}
