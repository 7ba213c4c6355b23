package dev.jita.grants;

import dev.jita.audit.ActorKind;
import dev.jita.audit.Origin;
import dev.jita.store.StoredRequest;

/**
 * Ends a request's grant now: an engineer's early revoke (intake) and an incident's resolution (the incident
 * function). {@link RevokeService} does it in-process; in AWS, a request in another account is revoked by the revoke
 * function instead ({@link AccountRoutedRevocations}), because only it may assume jita's target role there.
 */
@FunctionalInterface
public interface Revocations {
    /**
     * Deletes the request's policy if there is one (NoSuchEntity is success) and records REVOKED with its audit entry
     * in one transaction. Whether the caller may is the caller's decision, made before.
     *
     * @param actor     who ends it: a principal ARN, or the incident tool's name
     * @param actorKind REQUESTER, ADMIN or INCIDENT
     * @param origin    where the call came from; {@link Origin#NONE} for none
     * @param reason    person-readable, e.g. "incident resolved"; null for none
     * @return the request afterwards; unchanged (and no error) when it had already ended
     * @throws NotRevocableException while the request is still pending approval
     * @throws RuntimeException      when the policy could not be deleted; nothing was recorded, the caller may retry
     */
    StoredRequest revokeNow(String requestId, String actor, ActorKind actorKind, Origin origin, String reason);
}
