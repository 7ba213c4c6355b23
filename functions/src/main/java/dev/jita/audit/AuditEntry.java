package dev.jita.audit;

import java.time.Instant;
import java.util.Map;

/** An audit entry as stored: the draft plus its place in the request's hash chain. */
public record AuditEntry(String requestId, long seq, AuditType type, Instant at, String actor, ActorKind actorKind,
                         Origin origin, Outcome outcome, Map<String, String> details, String prevHash, String hash) {

    public AuditEntry {
        details = Map.copyOf(details);
    }
}
