package dev.jita.requests;

import dev.jita.store.StoredRequest;

/**
 * Ends a request's grant now (design.md, "Early revoke takes effect at once"): the same code the RevokeFunction
 * runs, in package dev.jita.grants; the route only decides who may ask.
 */
@FunctionalInterface
public interface EarlyRevoker {
    /**
     * Deletes the request's policy if there is one (NoSuchEntity is success) and records REVOKED with its audit
     * entry in one transaction; a request already REVOKED or EXPIRED is returned as it is.
     *
     * @return the request as it is afterwards
     */
    StoredRequest revokeNow(String requestId, Revocation by);
}
