package dev.jita.requests;

import dev.jita.grants.NotRevocableException;
import dev.jita.grants.Revocations;
import java.util.Objects;

/**
 * The early revoke of the engineer routes on {@link Revocations} (grants/): the workflow's Revoke code, in-process or,
 * for a request in another account, through the revoke function.
 */
public final class GrantRevoker implements EarlyRevoker {
    private final Revocations revokes;

    public GrantRevoker(Revocations revokes) {
        this.revokes = Objects.requireNonNull(revokes, "revokes");
    }

    @Override
    public Result revokeNow(String requestId, Revocation by) {
        try {
            return new Revoked(revokes.revokeNow(requestId, by.actor(), by.actorKind(), by.origin(), null));
        } catch (NotRevocableException e) {
            return new NotRevocable(e.status());
        }
    }
}
