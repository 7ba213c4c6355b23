package dev.jita.requests;

import dev.jita.domain.Status;
import dev.jita.store.StoredRequest;
import java.util.Objects;

/**
 * Ends a request's grant now (design.md, "Early revoke takes effect at once"): the same code the RevokeFunction
 * runs, in package dev.jita.grants ({@link GrantRevoker}); the route only decides who may ask.
 */
@FunctionalInterface
public interface EarlyRevoker {
    /**
     * Deletes the request's policy if there is one (NoSuchEntity is success) and records REVOKED with its audit
     * entry in one transaction; a request already REVOKED or EXPIRED is returned as it is.
     */
    Result revokeNow(String requestId, Revocation by);

    /** What an early revoke came to. */
    sealed interface Result {
    }

    /** The request as it is afterwards: REVOKED, or EXPIRED when its window had ended it first. */
    record Revoked(StoredRequest request) implements Result {
        public Revoked {
            Objects.requireNonNull(request, "request");
        }
    }

    /** The request has no grant to end yet: it is still pending approval. Nothing was changed. */
    record NotRevocable(Status status) implements Result {
    }
}
