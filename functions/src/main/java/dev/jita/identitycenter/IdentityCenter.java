package dev.jita.identitycenter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Placeholder of the port (helper h14-port delivers the real one). */
public interface IdentityCenter {
    String instanceArn();

    IdentityCenterUser user(String userName);

    String createPermissionSet(String name, String description, Duration sessionDuration, Map<String, String> tags);

    PermissionSetInfo describePermissionSet(String permissionSetArn);

    Map<String, String> tags(String permissionSetArn);

    List<String> listPermissionSets();

    void putInlinePolicy(String permissionSetArn, String document);

    Optional<String> inlinePolicy(String permissionSetArn);

    ProvisioningStatus createAccountAssignment(String accountId, String permissionSetArn, String userId);

    ProvisioningStatus assignmentCreationStatus(String provisioningRequestId);

    ProvisioningStatus deleteAccountAssignment(String accountId, String permissionSetArn, String userId);

    ProvisioningStatus assignmentDeletionStatus(String provisioningRequestId);

    List<String> assignedUsers(String accountId, String permissionSetArn);

    List<String> provisionedAccounts(String permissionSetArn);

    void deletePermissionSet(String permissionSetArn);
}
