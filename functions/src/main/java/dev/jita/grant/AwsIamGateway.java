package dev.jita.grant;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.ListRolePoliciesResponse;
import software.amazon.awssdk.services.iam.model.ListRolesResponse;
import software.amazon.awssdk.services.iam.model.MalformedPolicyDocumentException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.ServiceFailureException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** {@link IamGateway} on the AWS SDK v2: every SDK exception leaves as an {@link IamGatewayException}. */
public final class AwsIamGateway implements IamGateway {

    private final IamClient iam;

    public AwsIamGateway(IamClient iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    @Override
    public void putRolePolicy(String roleName, String policyName, String document) {
        call("PutRolePolicy", roleName, () -> iam.putRolePolicy(r -> r
                .roleName(roleName).policyName(policyName).policyDocument(document)));
    }

    @Override
    public String getRolePolicy(String roleName, String policyName) {
        String encoded = call("GetRolePolicy", roleName, () -> iam.getRolePolicy(r -> r
                .roleName(roleName).policyName(policyName))).policyDocument();
        // IAM returns the document URL-encoded (RFC 3986); a literal '+' arrives as %2B, so this is exact.
        return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
    }

    @Override
    public void deleteRolePolicy(String roleName, String policyName) {
        call("DeleteRolePolicy", roleName, () -> iam.deleteRolePolicy(r -> r
                .roleName(roleName).policyName(policyName)));
    }

    @Override
    public List<String> listRolePolicies(String roleName) {
        List<String> names = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListRolePoliciesResponse page = call("ListRolePolicies", roleName,
                    () -> iam.listRolePolicies(r -> r.roleName(roleName).marker(from)));
            names.addAll(page.policyNames());
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        return List.copyOf(names);
    }

    @Override
    public IamRole getRole(String roleName) {
        return toRole(call("GetRole", roleName, () -> iam.getRole(r -> r.roleName(roleName))).role());
    }

    @Override
    public List<IamRole> listRoles(String pathPrefix) {
        List<IamRole> roles = new ArrayList<>();
        String marker = null;
        do {
            String from = marker;
            ListRolesResponse page = call("ListRoles", "(path " + pathPrefix + ")",
                    () -> iam.listRoles(r -> r.pathPrefix(pathPrefix).marker(from)));
            page.roles().forEach(role -> roles.add(toRole(role)));
            marker = Boolean.TRUE.equals(page.isTruncated()) ? page.marker() : null;
        } while (marker != null);
        return List.copyOf(roles);
    }

    private static IamRole toRole(Role role) {
        return new IamRole(role.roleName(), role.path(), role.roleId(), role.arn());
    }

    private static <T> T call(String operation, String roleName, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw map(operation, roleName, e);
        }
    }

    /** The one place where the SDK's exceptions become jita's. */
    static IamGatewayException map(String operation, String roleName, SdkException e) {
        String what = "IAM " + operation + " on role " + roleName + " failed: " + detail(e);
        if (e instanceof NoSuchEntityException) {
            return new IamGatewayException.NoSuchEntity(what, e);
        }
        if (e instanceof LimitExceededException) {
            return new IamGatewayException.LimitExceeded(what, e);
        }
        if (e instanceof MalformedPolicyDocumentException) {
            return new IamGatewayException.MalformedPolicyDocument(what, e);
        }
        if (e instanceof InvalidInputException
                || e instanceof AwsServiceException ase && "ValidationError".equals(errorCode(ase))) {
            return new IamGatewayException.InvalidInput(what, e);
        }
        if (e instanceof ServiceFailureException) {
            return new IamGatewayException.ServiceFailure(what + " (IAM had an internal failure; try again)", true, e);
        }
        if (e instanceof AwsServiceException ase) {
            boolean retryable = ase.isThrottlingException() || ase.statusCode() >= 500;
            return new IamGatewayException.ServiceFailure(what + (retryable ? " (try again later)"
                    : " (check the function's IAM permissions and the request)"), retryable, e);
        }
        if (e instanceof SdkClientException) {
            return new IamGatewayException.ServiceFailure(what + " (IAM could not be reached; try again)", true, e);
        }
        return new IamGatewayException.ServiceFailure(what, false, e);
    }

    private static String errorCode(AwsServiceException e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    private static String detail(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorMessage() != null) {
            return ase.awsErrorDetails().errorMessage();
        }
        return String.valueOf(e.getMessage());
    }
}
