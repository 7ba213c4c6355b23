package dev.jita.requests;

import dev.jita.audit.ActorKind;
import dev.jita.audit.Origin;
import java.util.Objects;

/**
 * Who ends a grant early, for the audit entry.
 *
 * @param actor     the caller's principal ARN
 * @param actorKind {@link ActorKind#REQUESTER} or {@link ActorKind#ADMIN}
 */
public record Revocation(String actor, ActorKind actorKind, Origin origin) {
    public Revocation {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorKind, "actorKind");
        origin = origin == null ? Origin.NONE : origin;
    }
}
