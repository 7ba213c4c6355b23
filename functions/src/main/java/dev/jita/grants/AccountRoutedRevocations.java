package dev.jita.grants;

import dev.jita.audit.ActorKind;
import dev.jita.audit.Origin;
import dev.jita.domain.Requester;
import dev.jita.store.RequestStore;
import dev.jita.store.StoredRequest;
import java.util.Objects;

/**
 * Revoke-now by the requester's account (issue 13): a request in the jita account is revoked here, in-process, exactly
 * as in a single-account setup; a request in any other account, and every IAM Identity Center user's request (issue
 * 14), is handed to {@code elsewhere}, the revoke function. Intake and the incident function use this in AWS: jita's
 * target role and its Identity Center role trust only the grant, revoke and sweeper functions, and intake, which faces
 * the internet, must stay out of those trusts (the Identity Center role can create and assign permission sets).
 */
public final class AccountRoutedRevocations implements Revocations {
    private final RequestStore store;
    private final String homeAccount;
    private final Revocations here;
    private final RemoteRevoker elsewhere;

    /**
     * @param homeAccount the jita account: its requests are revoked by {@code here}
     * @param here        in-process ({@link RevokeService}), with this function's own IAM permissions
     * @param elsewhere   the revoke function, for every other account and every Identity Center user
     */
    public AccountRoutedRevocations(RequestStore store, String homeAccount, Revocations here, RemoteRevoker elsewhere) {
        this.store = Objects.requireNonNull(store, "store");
        this.homeAccount = Objects.requireNonNull(homeAccount, "homeAccount");
        this.here = Objects.requireNonNull(here, "here");
        this.elsewhere = Objects.requireNonNull(elsewhere, "elsewhere");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Through the revoke function, its answers mean what {@link RevokeService}'s do here: not revocable is a
     * {@link NotRevocableException}, a failure a {@link RevokeFunctionException}; otherwise the request as it is now.
     */
    @Override
    public StoredRequest revokeNow(String requestId, String actor, ActorKind actorKind, Origin origin, String reason) {
        Requester requester = store.get(requestId).request().requester();
        if (homeAccount.equals(requester.accountId()) && requester.identityCenter().isEmpty()) {
            return here.revokeNow(requestId, actor, actorKind, origin, reason);
        }
        RevokeNowCall.Answer answer = elsewhere.revokeNow(new RevokeNowCall(requestId, actor, actorKind, origin,
                reason));
        if (answer.notRevocable()) {
            throw new NotRevocableException(requestId, answer.status());
        }
        return store.get(requestId);
    }
}
