package dev.jita.identitycenter;

import dev.jita.app.AwsErrors;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.identitystore.model.DescribeUserResponse;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.ssoadmin.model.AccountAssignmentOperationStatus;
import software.amazon.awssdk.services.ssoadmin.model.PermissionSet;
import software.amazon.awssdk.services.ssoadmin.model.PrincipalType;
import software.amazon.awssdk.services.ssoadmin.model.ProvisionTargetType;
import software.amazon.awssdk.services.ssoadmin.model.Tag;
import software.amazon.awssdk.services.ssoadmin.model.TargetType;

/**
 * {@link IdentityCenter} on the SDK's SSO Admin and Identity Store clients (built for the region where Identity
 * Center lives): every failure leaves as an {@link IdentityCenterException}, and every list follows every page.
 */
public final class AwsIdentityCenter implements IdentityCenter {
    /** The Identity Store attribute a user name is looked up by (GetUserId's unique attribute). */
    private static final String USER_NAME_ATTRIBUTE = "userName";

    private final SsoAdminClient ssoAdmin;
    private final IdentitystoreClient identityStore;
    private final String instanceArn;
    private final String identityStoreId;

    /**
     * @param ssoAdmin        the SDK's SSO Admin client ({@code dev.jita.app.AwsClients} builds it)
     * @param identityStore   the SDK's Identity Store client, same region and credentials
     * @param instanceArn     {@code arn:aws:sso:::instance/ssoins-...}
     * @param identityStoreId {@code d-...}, the instance's Identity Store
     */
    public AwsIdentityCenter(SsoAdminClient ssoAdmin, IdentitystoreClient identityStore, String instanceArn,
                             String identityStoreId) {
        this.ssoAdmin = Objects.requireNonNull(ssoAdmin, "ssoAdmin");
        this.identityStore = Objects.requireNonNull(identityStore, "identityStore");
        this.instanceArn = Objects.requireNonNull(instanceArn, "instanceArn");
        this.identityStoreId = Objects.requireNonNull(identityStoreId, "identityStoreId");
    }

    @Override
    public String instanceArn() {
        return instanceArn;
    }

    @Override
    public IdentityCenterUser user(String userName) {
        String what = "user " + userName;
        String userId = call("GetUserId", what, () -> identityStore.getUserId(r -> r.identityStoreId(identityStoreId)
                .alternateIdentifier(a -> a.uniqueAttribute(u -> u.attributePath(USER_NAME_ATTRIBUTE)
                        .attributeValue(Document.fromString(userName)))))).userId();
        if (userId == null) {
            throw missing("UserId", "GetUserId", what);
        }
        DescribeUserResponse user = call("DescribeUser", what, () -> identityStore.describeUser(r -> r
                .identityStoreId(identityStoreId).userId(userId)));
        String displayName = user.displayName() == null || user.displayName().isBlank() ? userName : user.displayName();
        return new IdentityCenterUser(userId, user.userName() == null ? userName : user.userName(), displayName,
                email(user));
    }

    // The one marked primary, else the first: a user may have several, or none.
    private static String email(DescribeUserResponse user) {
        if (!user.hasEmails() || user.emails().isEmpty()) {
            return null;
        }
        return user.emails().stream().filter(e -> Boolean.TRUE.equals(e.primary())).findFirst()
                .orElse(user.emails().get(0)).value();
    }

    @Override
    public String createPermissionSet(String name, String description, Duration sessionDuration,
                                      Map<String, String> tags) {
        String what = "permission set " + name;
        List<Tag> sdkTags = tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue())
                .build()).toList();
        PermissionSet created = call("CreatePermissionSet", what, () -> ssoAdmin.createPermissionSet(r -> r
                .instanceArn(instanceArn).name(name).description(description)
                // ISO-8601, as Identity Center takes it: PT1H.
                .sessionDuration(sessionDuration.toString()).tags(sdkTags))).permissionSet();
        if (created == null || created.permissionSetArn() == null) {
            throw missing("PermissionSetArn", "CreatePermissionSet", what);
        }
        return created.permissionSetArn();
    }

    @Override
    public PermissionSetInfo describePermissionSet(String permissionSetArn) {
        String what = "permission set " + permissionSetArn;
        PermissionSet set = call("DescribePermissionSet", what, () -> ssoAdmin.describePermissionSet(r -> r
                .instanceArn(instanceArn).permissionSetArn(permissionSetArn))).permissionSet();
        if (set == null || set.name() == null) {
            throw missing("PermissionSet", "DescribePermissionSet", what);
        }
        return new PermissionSetInfo(set.permissionSetArn() == null ? permissionSetArn : set.permissionSetArn(),
                set.name(), set.description(), set.createdDate());
    }

    @Override
    public Map<String, String> tags(String permissionSetArn) {
        // The paginators follow every NextToken; pages are fetched as the stream is read, so errors surface here.
        return call("ListTagsForResource", "permission set " + permissionSetArn, () -> {
            Map<String, String> tags = new LinkedHashMap<>();
            ssoAdmin.listTagsForResourcePaginator(r -> r.instanceArn(instanceArn).resourceArn(permissionSetArn))
                    .tags().forEach(t -> tags.put(t.key(), t.value()));
            return Map.copyOf(tags);
        });
    }

    @Override
    public List<String> listPermissionSets() {
        return call("ListPermissionSets", "instance " + instanceArn, () -> List.copyOf(ssoAdmin
                .listPermissionSetsPaginator(r -> r.instanceArn(instanceArn)).permissionSets().stream().toList()));
    }

    @Override
    public void putInlinePolicy(String permissionSetArn, String document) {
        call("PutInlinePolicyToPermissionSet", "permission set " + permissionSetArn, () -> ssoAdmin
                .putInlinePolicyToPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(permissionSetArn)
                        .inlinePolicy(document)));
    }

    @Override
    public Optional<String> inlinePolicy(String permissionSetArn) {
        String policy = call("GetInlinePolicyForPermissionSet", "permission set " + permissionSetArn, () -> ssoAdmin
                .getInlinePolicyForPermissionSet(r -> r.instanceArn(instanceArn).permissionSetArn(permissionSetArn)))
                .inlinePolicy();
        // Identity Center answers an empty policy, not an error, for a permission set without one.
        return policy == null || policy.isEmpty() ? Optional.empty() : Optional.of(policy);
    }

    @Override
    public ProvisioningStatus createAccountAssignment(String accountId, String permissionSetArn, String userId) {
        String what = assignment(accountId, permissionSetArn, userId);
        return status(call("CreateAccountAssignment", what, () -> ssoAdmin.createAccountAssignment(r -> r
                .instanceArn(instanceArn).targetId(accountId).targetType(TargetType.AWS_ACCOUNT)
                .permissionSetArn(permissionSetArn).principalType(PrincipalType.USER).principalId(userId)))
                .accountAssignmentCreationStatus(), "CreateAccountAssignment", what);
    }

    @Override
    public ProvisioningStatus assignmentCreationStatus(String provisioningRequestId) {
        String what = "assignment creation request " + provisioningRequestId;
        return status(call("DescribeAccountAssignmentCreationStatus", what, () -> ssoAdmin
                .describeAccountAssignmentCreationStatus(r -> r.instanceArn(instanceArn)
                        .accountAssignmentCreationRequestId(provisioningRequestId)))
                .accountAssignmentCreationStatus(), "DescribeAccountAssignmentCreationStatus", what);
    }

    @Override
    public ProvisioningStatus deleteAccountAssignment(String accountId, String permissionSetArn, String userId) {
        String what = assignment(accountId, permissionSetArn, userId);
        return status(call("DeleteAccountAssignment", what, () -> ssoAdmin.deleteAccountAssignment(r -> r
                .instanceArn(instanceArn).targetId(accountId).targetType(TargetType.AWS_ACCOUNT)
                .permissionSetArn(permissionSetArn).principalType(PrincipalType.USER).principalId(userId)))
                .accountAssignmentDeletionStatus(), "DeleteAccountAssignment", what);
    }

    @Override
    public List<String> assignedUsers(String accountId, String permissionSetArn) {
        return assigned(accountId, permissionSetArn, PrincipalType.USER);
    }

    @Override
    public List<String> assignedGroups(String accountId, String permissionSetArn) {
        return assigned(accountId, permissionSetArn, PrincipalType.GROUP);
    }

    private List<String> assigned(String accountId, String permissionSetArn, PrincipalType type) {
        return call("ListAccountAssignments", "permission set " + permissionSetArn + " in account " + accountId,
                () -> List.copyOf(ssoAdmin.listAccountAssignmentsPaginator(r -> r.instanceArn(instanceArn)
                                .accountId(accountId).permissionSetArn(permissionSetArn)).accountAssignments().stream()
                        .filter(a -> a.principalType() == type).map(a -> a.principalId()).toList()));
    }

    @Override
    public ProvisioningStatus deleteGroupAssignment(String accountId, String permissionSetArn, String groupId) {
        String what = "permission set " + permissionSetArn + " for group " + groupId + " in account " + accountId;
        return status(call("DeleteAccountAssignment", what, () -> ssoAdmin.deleteAccountAssignment(r -> r
                .instanceArn(instanceArn).targetId(accountId).targetType(TargetType.AWS_ACCOUNT)
                .permissionSetArn(permissionSetArn).principalType(PrincipalType.GROUP).principalId(groupId)))
                .accountAssignmentDeletionStatus(), "DeleteAccountAssignment", what);
    }

    @Override
    public List<String> provisionedAccounts(String permissionSetArn) {
        return call("ListAccountsForProvisionedPermissionSet", "permission set " + permissionSetArn,
                () -> List.copyOf(ssoAdmin.listAccountsForProvisionedPermissionSetPaginator(r -> r
                        .instanceArn(instanceArn).permissionSetArn(permissionSetArn)).accountIds().stream().toList()));
    }

    @Override
    public void deletePermissionSet(String permissionSetArn) {
        call("DeletePermissionSet", "permission set " + permissionSetArn, () -> ssoAdmin.deletePermissionSet(r -> r
                .instanceArn(instanceArn).permissionSetArn(permissionSetArn)));
    }

    private static String assignment(String accountId, String permissionSetArn, String userId) {
        return "permission set " + permissionSetArn + " for user " + userId + " in account " + accountId;
    }

    private static ProvisioningStatus status(AccountAssignmentOperationStatus status, String operation, String what) {
        if (status == null) {
            throw missing("a request id", operation, what);
        }
        return status(status.requestId(), status.statusAsString(), status.failureReason(), operation, what);
    }

    private static ProvisioningStatus status(String requestId, String value, String failureReason, String operation,
                                             String what) {
        if (requestId == null) {
            throw missing("a request id", operation, what);
        }
        ProvisioningStatus.State state = switch (value == null ? "" : value) {
            case "IN_PROGRESS" -> ProvisioningStatus.State.IN_PROGRESS;
            case "SUCCEEDED" -> ProvisioningStatus.State.SUCCEEDED;
            case "FAILED" -> ProvisioningStatus.State.FAILED;
            default -> throw missing("a known status (got " + value + ")", operation, what);
        };
        String reason = state == ProvisioningStatus.State.FAILED && (failureReason == null
                || failureReason.isBlank()) ? "no reason given" : failureReason;
        return new ProvisioningStatus(requestId, state, state == ProvisioningStatus.State.FAILED ? reason : null);
    }

    @Override
    public ProvisioningStatus provisionPermissionSet(String permissionSetArn, String accountId) {
        String what = "permission set " + permissionSetArn + " in account " + accountId;
        var status = call("ProvisionPermissionSet", what, () -> ssoAdmin.provisionPermissionSet(r -> r
                .instanceArn(instanceArn).permissionSetArn(permissionSetArn)
                .targetType(ProvisionTargetType.AWS_ACCOUNT).targetId(accountId)))
                .permissionSetProvisioningStatus();
        if (status == null) {
            throw missing("a request id", "ProvisionPermissionSet", what);
        }
        return status(status.requestId(), status.statusAsString(), status.failureReason(), "ProvisionPermissionSet",
                what);
    }

    private static IdentityCenterException missing(String name, String operation, String what) {
        return new IdentityCenterException.ServiceFailure("Identity Center " + operation + " on " + what
                + " answered without " + name + "; this is unexpected, try again", true, null);
    }

    private static <T> T call(String operation, String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw map(operation, what, e);
        }
    }

    /** The one place where Identity Center's (and the Identity Store's) errors become jita's. */
    static IdentityCenterException map(String operation, String what, SdkException e) {
        String message = "Identity Center " + operation + " on " + what + " failed: " + detail(e);
        if (!AwsErrors.answered(e)) {
            return new IdentityCenterException.ServiceFailure(
                    message + " (Identity Center could not be reached; try again)", true, e);
        }
        return switch (AwsErrors.code(e)) {
            case "ResourceNotFoundException" -> new IdentityCenterException.NotFound(message, e);
            case "ConflictException" -> new IdentityCenterException.Conflict(message, e);
            case "ServiceQuotaExceededException" -> new IdentityCenterException.QuotaExceeded(message, e);
            case "AccessDeniedException" -> new IdentityCenterException.AccessDenied(
                    message + " (check the Identity Center role's permissions)", e);
            case "ValidationException" -> new IdentityCenterException.Validation(message, e);
            default -> new IdentityCenterException.ServiceFailure(message + (AwsErrors.retryable(e)
                    ? " (try again later)" : " (check jita's Identity Center configuration and the request)"),
                    AwsErrors.retryable(e), e);
        };
    }

    // Identity Center's own words name the resource, which helps a person; a validation message can quote a
    // parameter, so AwsErrors cuts it short rather than risk a whole policy document in a log line.
    private static String detail(SdkException e) {
        if (AwsErrors.answered(e)) {
            return AwsErrors.reason(e) + ": " + AwsErrors.awsMessage(e);
        }
        return AwsErrors.reason(e);
    }
}
