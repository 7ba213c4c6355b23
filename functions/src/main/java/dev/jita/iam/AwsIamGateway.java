package dev.jita.iam;

import dev.jita.app.AwsErrors;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/** {@link IamGateway} on the SDK's IAM client: every failure leaves as an {@link IamGatewayException}. */
public final class AwsIamGateway implements IamGateway {

    private final IamClient iam;

    /** @param iam the SDK's IAM client ({@code dev.jita.app.AwsClients} builds it in Lambda) */
    public AwsIamGateway(IamClient iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    @Override
    public void putRolePolicy(String roleName, String policyName, String document) {
        call("PutRolePolicy", roleName, () -> iam.putRolePolicy(r -> r.roleName(roleName).policyName(policyName)
                .policyDocument(document)));
    }

    @Override
    public String getRolePolicy(String roleName, String policyName) {
        String encoded = call("GetRolePolicy", roleName, () -> iam.getRolePolicy(r -> r.roleName(roleName)
                .policyName(policyName))).policyDocument();
        if (encoded == null) {
            throw missing("PolicyDocument", "GetRolePolicy", roleName);
        }
        // IAM returns the document URL-encoded (RFC 3986), and the SDK passes it on as sent; a literal '+' arrives
        // as %2B, so this is exact.
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    @Override
    public void deleteRolePolicy(String roleName, String policyName) {
        call("DeleteRolePolicy", roleName, () -> iam.deleteRolePolicy(r -> r.roleName(roleName)
                .policyName(policyName)));
    }

    @Override
    public List<String> listRolePolicies(String roleName) {
        // The paginator follows every Marker; pages are fetched as the stream is read, so errors surface here too.
        return call("ListRolePolicies", roleName, () -> List.copyOf(iam.listRolePoliciesPaginator(r -> r
                .roleName(roleName)).policyNames().stream().toList()));
    }

    @Override
    public IamRole getRole(String roleName) {
        Role role = call("GetRole", roleName, () -> iam.getRole(r -> r.roleName(roleName))).role();
        if (role == null) {
            throw missing("Role", "GetRole", roleName);
        }
        return toRole(role, roleName);
    }

    @Override
    public List<IamRole> listRoles(String pathPrefix) {
        String what = "(path " + pathPrefix + ")";
        return call("ListRoles", what, () -> iam.listRolesPaginator(r -> r.pathPrefix(pathPrefix)).roles().stream()
                .map(role -> toRole(role, what)).toList());
    }

    private static IamRole toRole(Role role, String roleName) {
        return new IamRole(required(role.roleName(), "RoleName", roleName), required(role.path(), "Path", roleName),
                required(role.roleId(), "RoleId", roleName), required(role.arn(), "Arn", roleName));
    }

    private static String required(String value, String name, String roleName) {
        if (value == null) {
            throw missing(name, "GetRole", roleName);
        }
        return value;
    }

    private static IamGatewayException missing(String name, String operation, String roleName) {
        return new IamGatewayException.ServiceFailure("IAM " + operation + " on role " + roleName + " answered without "
                + name + "; this is unexpected, try again", true, null);
    }

    private static <T> T call(String operation, String roleName, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw map(operation, roleName, e);
        }
    }

    /** The one place where IAM's errors become jita's. */
    static IamGatewayException map(String operation, String roleName, SdkException e) {
        String what = "IAM " + operation + " on role " + roleName + " failed: " + detail(e);
        String code = AwsErrors.code(e);
        if (!AwsErrors.answered(e)) {
            return new IamGatewayException.ServiceFailure(what + " (IAM could not be reached; try again)", true, e);
        }
        return switch (code) {
            case "NoSuchEntity" -> new IamGatewayException.NoSuchEntity(what, e);
            case "LimitExceeded" -> new IamGatewayException.LimitExceeded(what, e);
            case "MalformedPolicyDocument" -> new IamGatewayException.MalformedPolicyDocument(what, e);
            case "InvalidInput", "ValidationError" -> new IamGatewayException.InvalidInput(what, e);
            case "ServiceFailure" -> new IamGatewayException.ServiceFailure(
                    what + " (IAM had an internal failure; try again)", true, e);
            default -> new IamGatewayException.ServiceFailure(what + (AwsErrors.retryable(e) ? " (try again later)"
                    : " (check the function's IAM permissions and the request)"), AwsErrors.retryable(e), e);
        };
    }

    // IAM's own words name the role or policy, which helps a person; validation messages can quote a parameter,
    // so the text is cut short rather than risk a whole policy document in a log line.
    private static String detail(SdkException e) {
        if (AwsErrors.answered(e)) {
            return AwsErrors.reason(e) + ": " + AwsErrors.awsMessage(e);
        }
        return AwsErrors.reason(e);
    }
}
