package dev.jita.http;

import dev.jita.domain.Arn;
import dev.jita.domain.Requester;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the authenticated caller into a {@link Requester}. Only assumed-role sessions qualify: a grant is an inline
 * policy on a role scoped to one session by {@code aws:userid}, which IAM users, account roots and federated users
 * do not have. The identity is read from {@code requestContext.identity} alone (security.md, "Requester identity
 * only from the authenticated request context").
 */
public final class Identities {

    // IAM's character sets: role names 1..64 of [\w+=,.@-], session names 2..64 of the same.
    private static final Pattern ASSUMED_ROLE = Pattern.compile(
            "arn:([a-z-]+):sts::([0-9]{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");
    // A role's unique id (AROA...), then the session name.
    private static final Pattern CALLER = Pattern.compile("([A-Z0-9]{16,128}):(.+)");

    private Identities() {
    }

    /**
     * @throws ProblemException 401 without an authenticated caller; 403 for a principal that is not an assumed-role
     *                          session or whose identity fields disagree
     */
    public static Requester requester(CallerIdentity identity) {
        if (identity == null || !identity.authenticated()) {
            throw new ProblemException(Problem.of(401, "unauthenticated",
                    "This route needs a request signed with AWS credentials; call it through IAM (SigV4) auth."),
                    Map.of("WWW-Authenticate", "AWS4-HMAC-SHA256"));
        }
        Matcher arn = ASSUMED_ROLE.matcher(identity.userArn());
        if (!arn.matches() || !Arn.PARTITIONS.contains(arn.group(1))) {
            throw ProblemException.forbidden("principal-not-supported",
                    "Only an assumed-role session can receive a session-scoped grant; call jita with role"
                            + " credentials (SSO or sts:AssumeRole), not as an IAM user or root.");
        }
        String account = arn.group(2);
        String role = arn.group(3);
        String session = arn.group(4);
        if (identity.accountId() != null && !identity.accountId().equals(account)) {
            throw inconsistent();
        }
        Matcher caller = identity.caller() == null ? null : CALLER.matcher(identity.caller());
        if (caller == null || !caller.matches() || !caller.group(2).equals(session)) {
            throw inconsistent();
        }
        return new Requester(identity.userArn(), account, role, session, identity.caller());
    }

    private static ProblemException inconsistent() {
        return ProblemException.forbidden("identity-mismatch",
                "The caller's identity fields do not agree with each other; sign the request again with your"
                        + " role session's own credentials.");
    }
}
