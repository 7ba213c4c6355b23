package dev.jita.iam;

import java.util.List;

/**
 * IAM in each account jita acts in (issue 13): the jita account itself with the function's own credentials, every
 * other configured account through jita's target role there. A grant, its revoke and the sweeper pick the account of
 * the requester's role; nothing ever reaches a same-named role in another account.
 */
public interface TargetAccounts {

    /** The jita account. */
    String homeAccount();

    /** The home account first, then every configured target account: what the sweeper sweeps. */
    List<String> accounts();

    /**
     * IAM in {@code accountId}.
     *
     * @param sessionName who needs it, for CloudTrail in the target account: the request id, or {@code jita-sweeper};
     *                    used only when the account's role must be assumed (again)
     * @throws IamGatewayException.TargetUnreachable when the account is not configured, or STS refused the target role
     * @throws IamGatewayException.ServiceFailure    when STS failed in a way a later attempt may not (retryable)
     */
    IamGateway in(String accountId, String sessionName);

    /** IAM in the home account, with the function's own credentials. */
    default IamGateway home() {
        return in(homeAccount(), "jita");
    }
}
