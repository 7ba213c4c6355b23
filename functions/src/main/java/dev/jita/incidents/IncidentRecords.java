package dev.jita.incidents;

import dev.jita.domain.Severity;
import dev.jita.store.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The incidents table ({@link Tables#incidents}): per incident its furthest status, the events already handled and
 * the requests approved under it (security.md "Input": incident events deduplicated by event id and incident id).
 *
 * <p>An event is admitted by one version-guarded write; its id joins {@code handledEventIds} only once all its
 * effects are done ({@link #markHandled}), so a delivery that crashed half-way is redone by EventBridge's retry,
 * and the effects themselves are idempotent (each request changes by a conditional write), which is what keeps
 * concurrent duplicate deliveries to one effect.
 */
public final class IncidentRecords {

    /** How long an incident is remembered after its last event: far beyond EventBridge's 24 h of retries. */
    static final Duration RETENTION = Duration.ofDays(30);
    private static final int ATTEMPTS = 10;

    private static final String STATUS = "status";
    private static final String SEVERITY = "severity";
    private static final String SERVICE = "service";
    private static final String RESPONDERS = "responders";
    private static final String OCCURRED_AT = "occurredAt";
    private static final String VERSION = "version";
    private static final String HANDLED = "handledEventIds";
    private static final String APPROVED = "approvedRequests";
    private static final String ID = "id";
    private static final String ON_CALL = "onCall";

    /** What became of an event at the door. */
    public sealed interface Admission {
    }

    /** Its status is the recorded one or later: act on it. */
    public record Admitted(IncidentRecord record) implements Admission {
    }

    /** This very event was handled before. */
    public record Duplicate(IncidentRecord record) implements Admission {
    }

    /** The incident is already further along (acknowledged after resolved, triggered after resolved). */
    public record OutOfOrder(IncidentRecord record) implements Admission {
    }

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;

    public IncidentRecords(DynamoDbClient ddb, String table, Clock clock) {
        this.ddb = Objects.requireNonNull(ddb, "ddb");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<IncidentRecord> find(String key) {
        Map<String, AttributeValue> item = ddb.getItem(GetItemRequest.builder().tableName(table)
                .key(key(key)).consistentRead(true).build()).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(record(item));
    }

    /**
     * Records the event's status (and, when it is the newest, its severity, service and responders), unless it
     * was handled before or the incident is already further along.
     */
    public Admission admit(Incident incident) {
        for (int attempt = 1; ; attempt++) {
            Optional<IncidentRecord> found = find(incident.key());
            if (found.isPresent()) {
                IncidentRecord rec = found.get();
                if (rec.handledEventIds().contains(incident.eventId())) {
                    return new Duplicate(rec);
                }
                if (!incident.status().mayFollow(rec.status())) {
                    return new OutOfOrder(rec);
                }
            }
            try {
                return new Admitted(write(incident, found));
            } catch (ConditionalCheckFailedException moved) {
                // Another event of this incident was admitted meanwhile: judge this one against it.
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("incident " + incident.key() + " kept changing under " + ATTEMPTS
                            + " attempts to record it; EventBridge will retry", moved);
                }
            }
        }
    }

    /** Remembers, before approving it, that {@code requestId} is approved under this incident. */
    public void recordApproval(String key, String requestId) {
        add(key, APPROVED, requestId);
    }

    /** The event's effects are complete: a re-delivery of it does nothing from now on. */
    public void markHandled(String key, String eventId) {
        add(key, HANDLED, eventId);
    }

    private IncidentRecord write(Incident incident, Optional<IncidentRecord> found) {
        boolean newest = found.isEmpty() || incident.status() != found.get().status()
                || !incident.occurredAt().isBefore(found.get().occurredAt());
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder("SET #status = :status, #version = :next, #expiresAt = :expiresAt");
        names.put("#status", STATUS);
        names.put("#version", VERSION);
        names.put("#expiresAt", Tables.INCIDENT_EXPIRES_AT);
        values.put(":status", s(incident.status().name()));
        long version = found.map(IncidentRecord::version).orElse(0L);
        values.put(":next", n(version + 1));
        Instant expires = (newest ? incident.occurredAt() : found.get().occurredAt()).plus(RETENTION);
        Instant now = clock.instant();
        values.put(":expiresAt", n((expires.isAfter(now) ? expires : now.plus(RETENTION)).getEpochSecond()));
        if (newest) {
            set.append(", #severity = :severity, #service = :service, #responders = :responders,"
                    + " #occurredAt = :occurredAt");
            names.put("#severity", SEVERITY);
            names.put("#service", SERVICE);
            names.put("#responders", RESPONDERS);
            names.put("#occurredAt", OCCURRED_AT);
            values.put(":severity", s(incident.severity().name()));
            values.put(":service", s(incident.service()));
            values.put(":responders", AttributeValue.fromL(incident.responders().stream()
                    .map(r -> AttributeValue.fromM(Map.of(ID, s(r.id()), ON_CALL, AttributeValue.fromBool(r.onCall()))))
                    .toList()));
            values.put(":occurredAt", s(incident.occurredAt().toString()));
        }
        String condition;
        if (found.isEmpty()) {
            names.put("#key", Tables.INCIDENT_KEY);
            condition = "attribute_not_exists(#key)";
        } else {
            condition = "#version = :current";
            values.put(":current", n(version));
        }
        Map<String, AttributeValue> after = ddb.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(key(incident.key()))
                .updateExpression(set.toString())
                .conditionExpression(condition)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValues("ALL_NEW")
                .build()).attributes();
        return record(after);
    }

    private void add(String key, String attribute, String value) {
        ddb.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(key(key))
                .updateExpression("ADD #set :value")
                .conditionExpression("attribute_exists(#key)")
                .expressionAttributeNames(Map.of("#set", attribute, "#key", Tables.INCIDENT_KEY))
                .expressionAttributeValues(Map.of(":value", AttributeValue.fromSs(List.of(value))))
                .build());
    }

    private static IncidentRecord record(Map<String, AttributeValue> item) {
        List<Responder> responders = item.containsKey(RESPONDERS)
                ? item.get(RESPONDERS).l().stream()
                        .map(v -> new Responder(v.m().get(ID).s(), Boolean.TRUE.equals(v.m().get(ON_CALL).bool())))
                        .toList()
                : List.of();
        return new IncidentRecord(
                item.get(Tables.INCIDENT_KEY).s(),
                IncidentStatus.valueOf(item.get(STATUS).s()),
                item.containsKey(SEVERITY) ? Severity.valueOf(item.get(SEVERITY).s()) : null,
                item.containsKey(SERVICE) ? item.get(SERVICE).s() : null,
                responders,
                item.containsKey(OCCURRED_AT) ? Instant.parse(item.get(OCCURRED_AT).s()) : null,
                Long.parseLong(item.get(VERSION).n()),
                strings(item, HANDLED),
                strings(item, APPROVED));
    }

    private static Set<String> strings(Map<String, AttributeValue> item, String attribute) {
        AttributeValue v = item.get(attribute);
        return v == null || !v.hasSs() ? Set.of() : Set.copyOf(v.ss());
    }

    private static Map<String, AttributeValue> key(String key) {
        return Map.of(Tables.INCIDENT_KEY, s(key));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
