package dev.jita.iam;

import dev.jita.aws.AwsCallException;
import dev.jita.aws.AwsQuery;
import dev.jita.aws.AwsServiceException;
import dev.jita.aws.Xml;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.w3c.dom.Element;

/** {@link IamGateway} on IAM's Query API: every failure leaves as an {@link IamGatewayException}. */
public final class AwsIamGateway implements IamGateway {

    private final AwsQuery iam;

    /** @param iam IAM on its Query protocol ({@code dev.jita.app.AwsClients#iam()} in Lambda) */
    public AwsIamGateway(AwsQuery iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    @Override
    public void putRolePolicy(String roleName, String policyName, String document) {
        call("PutRolePolicy", roleName, params("RoleName", roleName, "PolicyName", policyName,
                "PolicyDocument", document));
    }

    @Override
    public String getRolePolicy(String roleName, String policyName) {
        Element result = call("GetRolePolicy", roleName, params("RoleName", roleName, "PolicyName", policyName));
        String encoded = required(result, "PolicyDocument", "GetRolePolicy", roleName);
        // IAM returns the document URL-encoded (RFC 3986); a literal '+' arrives as %2B, so this is exact.
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    @Override
    public void deleteRolePolicy(String roleName, String policyName) {
        call("DeleteRolePolicy", roleName, params("RoleName", roleName, "PolicyName", policyName));
    }

    @Override
    public List<String> listRolePolicies(String roleName) {
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            Element page = call("ListRolePolicies", roleName, params("RoleName", roleName, "Marker", marker));
            Xml.child(page, "PolicyNames").ifPresent(list ->
                    Xml.children(list, "member").forEach(member -> names.add(member.getTextContent())));
            marker = next(page);
        } while (marker != null);
        return List.copyOf(names);
    }

    @Override
    public IamRole getRole(String roleName) {
        Element result = call("GetRole", roleName, params("RoleName", roleName));
        return toRole(Xml.child(result, "Role").orElseThrow(() -> missing("Role", "GetRole", roleName)), roleName);
    }

    @Override
    public List<IamRole> listRoles(String pathPrefix) {
        List<IamRole> roles = new ArrayList<>();
        String what = "(path " + pathPrefix + ")";
        String marker = null;
        do {
            Element page = call("ListRoles", what, params("PathPrefix", pathPrefix, "Marker", marker));
            Xml.child(page, "Roles").ifPresent(list ->
                    Xml.children(list, "member").forEach(member -> roles.add(toRole(member, what))));
            marker = next(page);
        } while (marker != null);
        return List.copyOf(roles);
    }

    private static String next(Element page) {
        return "true".equals(Xml.text(page, "IsTruncated")) ? Xml.text(page, "Marker") : null;
    }

    private static IamRole toRole(Element role, String roleName) {
        return new IamRole(required(role, "RoleName", "GetRole", roleName), required(role, "Path", "GetRole", roleName),
                required(role, "RoleId", "GetRole", roleName), required(role, "Arn", "GetRole", roleName));
    }

    private static String required(Element parent, String name, String operation, String roleName) {
        String text = Xml.text(parent, name);
        if (text == null) {
            throw missing(name, operation, roleName);
        }
        return text;
    }

    private static IamGatewayException missing(String name, String operation, String roleName) {
        return new IamGatewayException.ServiceFailure("IAM " + operation + " on role " + roleName + " answered without "
                + name + "; this is unexpected, try again", true, null);
    }

    /** Pairs of name and value, in order; null values are left out (IAM's optional Marker on the first page). */
    private static Map<String, String> params(String... pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                out.put(pairs[i], pairs[i + 1]);
            }
        }
        return out;
    }

    private Element call(String operation, String roleName, Map<String, String> parameters) {
        try {
            return iam.call(operation, parameters);
        } catch (AwsCallException e) {
            throw map(operation, roleName, e);
        }
    }

    /** The one place where IAM's errors become jita's. */
    static IamGatewayException map(String operation, String roleName, AwsCallException e) {
        String what = "IAM " + operation + " on role " + roleName + " failed: " + detail(e);
        if (!(e instanceof AwsServiceException service)) {
            return new IamGatewayException.ServiceFailure(what + " (IAM could not be reached; try again)", true, e);
        }
        return switch (service.errorCode()) {
            case "NoSuchEntity" -> new IamGatewayException.NoSuchEntity(what, e);
            case "LimitExceeded" -> new IamGatewayException.LimitExceeded(what, e);
            case "MalformedPolicyDocument" -> new IamGatewayException.MalformedPolicyDocument(what, e);
            case "InvalidInput", "ValidationError" -> new IamGatewayException.InvalidInput(what, e);
            case "ServiceFailure" -> new IamGatewayException.ServiceFailure(
                    what + " (IAM had an internal failure; try again)", true, e);
            default -> new IamGatewayException.ServiceFailure(what + (service.retryable() ? " (try again later)"
                    : " (check the function's IAM permissions and the request)"), service.retryable(), e);
        };
    }

    // IAM's own words name the role or policy, which helps a person; validation messages can quote a parameter,
    // so the text is cut short rather than risk a whole policy document in a log line.
    private static String detail(AwsCallException e) {
        if (e instanceof AwsServiceException service) {
            String message = service.awsMessage().map(m -> m.length() > 200 ? m.substring(0, 200) + "…" : m)
                    .orElse("no message");
            return service.reason() + ": " + message;
        }
        return e.getMessage();
    }
}
