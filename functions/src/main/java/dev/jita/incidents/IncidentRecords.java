package dev.jita.incidents;

import dev.jita.domain.Severity;
import dev.jita.store.Tables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * The incidents table ({@link Tables#incidents}): per incident its furthest status, the events already handled, the
 * events being handled and the requests approved under it (security.md "Input": incident events deduplicated by
 * event id and incident id).
 *
 * <p>An event is admitted by one version-guarded write that also claims it for the admitting delivery: of any
 * number of deliveries at once, exactly one wins the claim and applies the event; the others answer duplicate. The
 * claim ends in one of three ways: {@link #markHandled} once every effect is done (from then on a re-delivery is a
 * duplicate), {@link #release} when the delivery fails (EventBridge's retry claims it afresh), or its expiry, when
 * the delivery died without a word. Lambda's own retry of the failed delivery carries the same {@link Delivery#id}
 * and takes its claim over at once. A retry redoes the event: its effects are idempotent (each request changes by a
 * conditional write), and {@link Admitted#retry} says that an earlier attempt may have left some of them half done.
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
    private static final String CLAIMS = "claims";
    private static final String OWNER = "owner";
    private static final String UNTIL = "until";
    private static final String ID = "id";
    private static final String ON_CALL = "onCall";

    /** What became of an event at the door. */
    public sealed interface Admission {
    }

    /**
     * Its status is the recorded one or later, and this delivery holds its claim: act on it, then
     * {@link #markHandled} or {@link #release}.
     *
     * @param retry an earlier delivery claimed this event and did not finish it
     */
    public record Admitted(IncidentRecord record, Claim claim, boolean retry) implements Admission {
    }

    /** This very event was handled before. */
    public record Duplicate(IncidentRecord record) implements Admission {
    }

    /** Another delivery of this very event holds its claim and is applying it now. */
    public record InProgress(IncidentRecord record) implements Admission {
    }

    /** The incident is already further along (acknowledged after resolved, triggered after resolved). */
    public record OutOfOrder(IncidentRecord record) implements Admission {
    }

    /** A delivery's hold on one event of one incident, until {@code until}. */
    public record Claim(String key, String eventId, String owner, Instant until) {
    }

    private record Held(String owner, Instant until) {
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
        Map<String, AttributeValue> item = read(key);
        return item.isEmpty() ? Optional.empty() : Optional.of(record(item));
    }

    private Map<String, AttributeValue> read(String key) {
        Map<String, AttributeValue> item = ddb.getItem(GetItemRequest.builder().tableName(table)
                .key(key(key)).consistentRead(true).build()).item();
        return item == null ? Map.of() : item;
    }

    private static Optional<Held> held(Map<String, AttributeValue> item, String eventId) {
        AttributeValue claims = item.get(CLAIMS);
        if (claims == null || !claims.hasM() || !claims.m().containsKey(eventId)) {
            return Optional.empty();
        }
        Map<String, AttributeValue> claim = claims.m().get(eventId).m();
        return Optional.of(new Held(claim.get(OWNER).s(), Instant.ofEpochMilli(Long.parseLong(claim.get(UNTIL).n()))));
    }

    /**
     * Records the event's status (and, when it is the newest, its severity, service and responders) and claims the
     * event for {@code delivery}, unless it was handled before, another delivery holds it, or the incident is
     * already further along.
     */
    public Admission admit(Incident incident, Delivery delivery) {
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> item = read(incident.key());
            Optional<IncidentRecord> found = item.isEmpty() ? Optional.empty() : Optional.of(record(item));
            Optional<Held> held = held(item, incident.eventId());
            Instant now = clock.instant();
            if (found.isPresent()) {
                IncidentRecord rec = found.get();
                if (rec.handledEventIds().contains(incident.eventId())) {
                    return new Duplicate(rec);
                }
                if (held.isPresent() && held.get().until().isAfter(now)
                        && !held.get().owner().equals(delivery.id())) {
                    return new InProgress(rec);
                }
                if (!incident.status().mayFollow(rec.status())) {
                    return new OutOfOrder(rec);
                }
            }
            Claim claim = new Claim(incident.key(), incident.eventId(), delivery.id(),
                    now.plus(delivery.timeLeft()).truncatedTo(ChronoUnit.MILLIS));
            try {
                return new Admitted(write(incident, found, item.containsKey(CLAIMS), claim), claim, held.isPresent());
            } catch (ConditionalCheckFailedException moved) {
                // Another event, or another delivery of this one, was admitted meanwhile: judge this one against it.
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

    /** The event's effects are complete: a re-delivery of it does nothing from now on, and its claim is over. */
    public void markHandled(Claim claim) {
        ddb.updateItem(UpdateItemRequest.builder().tableName(table)
                .key(key(claim.key()))
                .updateExpression("ADD #handled :event REMOVE #claims.#event")
                .conditionExpression("attribute_exists(#key)")
                .expressionAttributeNames(Map.of("#handled", HANDLED, "#claims", CLAIMS, "#event", claim.eventId(),
                        "#key", Tables.INCIDENT_KEY))
                .expressionAttributeValues(Map.of(":event", AttributeValue.fromSs(List.of(claim.eventId()))))
                .build());
    }

    /**
     * The delivery failed: its claim ends now, so the retry can claim the event at once. Kept as an expired claim,
     * which tells the retry it is one. Does nothing if another delivery holds the event by now.
     */
    public void release(Claim claim) {
        try {
            ddb.updateItem(UpdateItemRequest.builder().tableName(table)
                    .key(key(claim.key()))
                    .updateExpression("SET #claims.#event.#until = :ended")
                    .conditionExpression("#claims.#event.#owner = :owner")
                    .expressionAttributeNames(Map.of("#claims", CLAIMS, "#event", claim.eventId(), "#until", UNTIL,
                            "#owner", OWNER))
                    .expressionAttributeValues(Map.of(":ended", n(0), ":owner", s(claim.owner())))
                    .build());
        } catch (ConditionalCheckFailedException notOurs) {
            // handled or claimed anew by another delivery after ours expired: theirs to finish
        }
    }

    private IncidentRecord write(Incident incident, Optional<IncidentRecord> found, boolean hasClaims, Claim claim) {
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
        // The claim rides on the version-guarded write: of the deliveries that read this version, one wins it.
        names.put("#claims", CLAIMS);
        AttributeValue held = AttributeValue.fromM(Map.of(OWNER, s(claim.owner()),
                UNTIL, n(claim.until().toEpochMilli())));
        if (hasClaims) {
            set.append(", #claims.#event = :claim");
            names.put("#event", claim.eventId());
            values.put(":claim", held);
        } else {
            set.append(", #claims = :claims");
            values.put(":claims", AttributeValue.fromM(Map.of(claim.eventId(), held)));
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
