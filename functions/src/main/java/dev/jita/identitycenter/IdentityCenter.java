package dev.jita.identitycenter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IAM Identity Center as jita uses it: one instance and its Identity Store, permission sets jita creates for a grant,
 * and the account assignments that give one user a permission set in one account. Assignments are provisioned
 * asynchronously: create and delete answer a request to poll. Every failure leaves as an
 * {@link IdentityCenterException}, so callers never depend on the SDK (and the stand-in throws exactly the same).
 */
public interface IdentityCenter {
    /** The instance, {@code arn:aws:sso:::instance/ssoins-...}. */
    String instanceArn();

    /** The Identity Store user with this user name. @throws IdentityCenterException.NotFound */
    IdentityCenterUser user(String userName);

    /** @return the new permission set's ARN. @throws IdentityCenterException.Conflict when the name exists */
    String createPermissionSet(String name, String description, Duration sessionDuration, Map<String, String> tags);

    /** @throws IdentityCenterException.NotFound */
    PermissionSetInfo describePermissionSet(String permissionSetArn);

    /** The permission set's tags (ListTagsForResource, every page). */
    Map<String, String> tags(String permissionSetArn);

    /** The instance's permission set ARNs, every page. */
    List<String> listPermissionSets();

    /** Creates or replaces the permission set's inline policy (it reaches an account when provisioned there). */
    void putInlinePolicy(String permissionSetArn, String document);

    /** The permission set's inline policy; empty when it has none. */
    Optional<String> inlinePolicy(String permissionSetArn);

    /** PrincipalType USER, TargetType AWS_ACCOUNT. */
    ProvisioningStatus createAccountAssignment(String accountId, String permissionSetArn, String userId);

    /** Where the creation of an assignment stands (DescribeAccountAssignmentCreationStatus): polled until it ends. */
    ProvisioningStatus assignmentCreationStatus(String provisioningRequestId);

    /**
     * Deletes the user's assignment of the permission set in the account; asynchronous: the assignment is listed
     * until the deletion has finished, and another operation on the permission set meanwhile is a Conflict.
     */
    ProvisioningStatus deleteAccountAssignment(String accountId, String permissionSetArn, String userId);

    /** Users (principal type USER) assigned this permission set in this account, every page. */
    List<String> assignedUsers(String accountId, String permissionSetArn);

    /** Accounts the permission set is provisioned to (ListAccountsForProvisionedPermissionSet), every page. */
    List<String> provisionedAccounts(String permissionSetArn);

    /**
     * @throws IdentityCenterException.NotFound when it is gone
     * @throws IdentityCenterException.Conflict while it is still assigned or provisioned, or another operation runs
     */
    void deletePermissionSet(String permissionSetArn);

    /**
     * Pushes the permission set as it is now (its inline policy) to an account it is provisioned to
     * (ProvisionPermissionSet, target AWS_ACCOUNT): what makes a changed policy reach the role, and so every session
     * of it, in that account. Asynchronous like an assignment.
     */
    ProvisioningStatus provisionPermissionSet(String permissionSetArn, String accountId);

    /**
     * Groups (principal type GROUP) assigned this permission set in this account, every page. jita never makes one;
     * an administrator could, and the permission set cannot be deleted while one stays.
     */
    List<String> assignedGroups(String accountId, String permissionSetArn);

    /** Deletes a group's assignment of the permission set in the account (DeleteAccountAssignment, GROUP). */
    ProvisioningStatus deleteGroupAssignment(String accountId, String permissionSetArn, String groupId);
}
