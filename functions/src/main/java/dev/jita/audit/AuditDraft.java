package dev.jita.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An audit entry as a caller describes it. The store adds what only it can know: the request id, the
 * sequence number, the time, the previous entry's hash and this entry's hash.
 *
 * @param actor   who did it: an IAM principal ARN, an approver id, {@code jita:<function>} for the system
 * @param details what else matters for this event (resource, decision, reason code...); strings only so
 *                the hash has one spelling
 */
public record AuditDraft(AuditType type, String actor, ActorKind actorKind, Origin origin, Outcome outcome,
                         Map<String, String> details) {

    public AuditDraft {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorKind, "actorKind");
        origin = origin == null ? Origin.NONE : origin;
        Objects.requireNonNull(outcome, "outcome");
        details = Map.copyOf(details);
    }

    public static AuditDraft of(AuditType type, String actor, ActorKind actorKind, Outcome outcome) {
        return new AuditDraft(type, actor, actorKind, Origin.NONE, outcome, Map.of());
    }

    public AuditDraft withOrigin(Origin newOrigin) {
        return new AuditDraft(type, actor, actorKind, newOrigin, outcome, details);
    }

    /** Adds one detail; a null value is left out rather than stored. */
    public AuditDraft withDetail(String key, String value) {
        if (value == null) {
            return this;
        }
        Map<String, String> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new AuditDraft(type, actor, actorKind, origin, outcome, more);
    }
}
