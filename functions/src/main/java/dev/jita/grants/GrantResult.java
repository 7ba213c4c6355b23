package dev.jita.grants;

import dev.jita.domain.Status;

/**
 * What the grant step did.
 *
 * @param status  the request's status afterwards
 * @param changed               false when a re-run found the grant already in place, or the request revoked before
 *                              it began
 * @param provisioningRequestId Identity Center's id for the assignment being provisioned; null for an IAM grant
 * @param identityCenter        the grant is a permission set of an Identity Center user (issue 14)
 */
public record GrantResult(String requestId, Status status, String roleName, String policyName, boolean changed,
                          String provisioningRequestId, boolean identityCenter) {

    /** An inline-policy grant. */
    public GrantResult(String requestId, Status status, String roleName, String policyName, boolean changed) {
        this(requestId, status, roleName, policyName, changed, null, false);
    }

    /** An Identity Center grant: {@code policyName} is the permission set's name. */
    static GrantResult identityCenter(String requestId, Status status, String roleName, String permissionSet,
                                      boolean changed, String provisioningRequestId) {
        return new GrantResult(requestId, status, roleName, permissionSet, changed, provisioningRequestId, true);
    }

    /** Whether Identity Center is provisioning the grant: the workflow awaits it before the request is ACTIVE. */
    public boolean pending() {
        return provisioningRequestId != null;
    }
}
