package dev.jita.grants;

/**
 * The revoke function seen from intake and the incident function: hands it a revoke-now for a request in another
 * account and gives back its answer. In AWS a synchronous Lambda invocation ({@link LambdaRevoker}).
 */
@FunctionalInterface
public interface RemoteRevoker {
    /**
     * @return the revoke function's answer: the request's status afterwards, or not revocable (still pending)
     * @throws RevokeFunctionException when the revoke function could not be reached, failed, or answered nonsense;
     *                                 nothing is known to have been revoked
     */
    RevokeNowCall.Answer revokeNow(RevokeNowCall call);
}
