package dev.jita.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.jita.http.Problem;
import dev.jita.http.ProblemException;
import dev.jita.iam.IamRole;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jita local's stand-in for API Gateway's IAM authorizer: the caller names their assumed-role session in the
 * {@code X-Jita-Principal} header, and this fills {@code requestContext.identity} as SigV4 auth would (userArn,
 * accountId, and {@code caller} = {@code <role unique id>:<session>}). The handlers never read the header. A
 * request without a usable principal is refused here with 403, as API Gateway refuses an unsigned request before
 * any function runs.
 */
public final class Principals {
    public static final String HEADER = "X-Jita-Principal";

    // IAM's character sets: role names 1..64 of [\w+=,.@-], session names 2..64 of the same.
    private static final Pattern ASSUMED_ROLE = Pattern.compile(
            "arn:aws:sts::([0-9]{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");

    private final String account;
    private final BiFunction<String, String, Optional<IamRole>> roles;

    /**
     * @param account the one account jita local's IAM holds
     * @param roles   a role by name, if that account has it
     */
    public Principals(String account, Function<String, Optional<IamRole>> roles) {
        this(account, (inAccount, name) -> inAccount.equals(account) ? roles.apply(name) : Optional.empty());
        Objects.requireNonNull(roles, "roles");
    }

    /**
     * @param account the jita account, named in the answers' examples
     * @param roles   a role by account and name, if jita local models that account and it has that role
     */
    public Principals(String account, BiFunction<String, String, Optional<IamRole>> roles) {
        this.account = Objects.requireNonNull(account, "account");
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /**
     * The identity API Gateway would report for the principal named in {@code header}.
     *
     * @throws ProblemException 403 when the header is missing, malformed or names a role jita local does not have
     */
    public APIGatewayProxyRequestEvent.RequestIdentity identity(Optional<String> header, RawRequest raw) {
        String principal = header.map(String::strip).orElse("");
        if (principal.isEmpty()) {
            throw ProblemException.forbidden("missing-principal", "This route needs a signed-in caller: in jita local,"
                    + " send the header " + HEADER + ": arn:aws:sts::" + account + ":assumed-role/Engineer/<you>.");
        }
        Matcher arn = ASSUMED_ROLE.matcher(principal);
        if (!arn.matches()) {
            throw ProblemException.forbidden("invalid-principal", HEADER + " must name an assumed-role session,"
                    + " arn:aws:sts::" + account + ":assumed-role/<ROLE>/<SESSION>; fix the header and try again.");
        }
        String roleName = arn.group(2);
        Optional<IamRole> role = roles.apply(arn.group(1), roleName);
        if (role.isEmpty()) {
            throw new ProblemException(Problem.forbidden("unknown-principal", "jita local's account " + account
                    + " has no role " + roleName + " in account " + arn.group(1) + "; use one of its roles (see"
                    + " /local/iam)."));
        }
        String userId = role.get().roleId() + ":" + arn.group(3);
        // API Gateway reports the signing principal's own account, which for account B's Engineer is B.
        return new APIGatewayProxyRequestEvent.RequestIdentity()
                .withUserArn(principal)
                .withAccountId(arn.group(1))
                .withCaller(userId)
                .withUser(userId)
                .withSourceIp(raw.sourceIp())
                .withUserAgent(raw.header("User-Agent").orElse(null));
    }
}
