package dev.jita.grants;

import dev.jita.domain.Status;

/**
 * What the grant step did.
 *
 * @param status  the request's status afterwards
 * @param changed               false when a re-run found the grant already in place, or the request revoked before
 *                              it began
 * @param provisioningRequestId Identity Center's id for the assignment being provisioned; null for an IAM grant
 */
public record GrantResult(String requestId, Status status, String roleName, String policyName, boolean changed,
                          String provisioningRequestId) {

    public GrantResult(String requestId, Status status, String roleName, String policyName, boolean changed) {
        this(requestId, status, roleName, policyName, changed, null);
    }

    /** Whether Identity Center is provisioning the grant: the workflow awaits it before the request is ACTIVE. */
    public boolean pending() {
        return provisioningRequestId != null;
    }
}
