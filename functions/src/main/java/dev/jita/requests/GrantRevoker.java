package dev.jita.requests;

import dev.jita.grants.NotRevocableException;
import dev.jita.grants.RevokeService;
import java.util.Objects;

/** The early revoke of the engineer routes on {@link RevokeService} (grants/), the workflow's Revoke code. */
public final class GrantRevoker implements EarlyRevoker {
    private final RevokeService revokes;

    public GrantRevoker(RevokeService revokes) {
        this.revokes = Objects.requireNonNull(revokes, "revokes");
    }

    @Override
    public Result revokeNow(String requestId, Revocation by) {
        try {
            return new Revoked(revokes.revokeNow(requestId, by.actor(), by.actorKind(), by.origin()));
        } catch (NotRevocableException e) {
            return new NotRevocable(e.status());
        }
    }
}
