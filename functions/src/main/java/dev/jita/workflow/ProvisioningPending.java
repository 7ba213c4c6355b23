package dev.jita.workflow;

/**
 * Identity Center is still provisioning (or deleting) an assignment: not a failure. The workflow's AwaitProvisioning
 * and Revoke states retry on it with a bounded backoff; the class name is the error name they match.
 */
public final class ProvisioningPending extends RuntimeException {
    public ProvisioningPending(String message) {
        super(message);
    }
}
