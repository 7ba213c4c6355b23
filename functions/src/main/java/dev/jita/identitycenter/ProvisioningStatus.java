package dev.jita.identitycenter;

import java.util.Objects;

/**
 * Where an account assignment's creation or deletion stands: Identity Center provisions asynchronously, so the
 * request id is polled until the state is no longer {@link State#IN_PROGRESS}.
 *
 * @param failureReason Identity Center's reason when {@link State#FAILED}; null otherwise
 */
public record ProvisioningStatus(String requestId, State state, String failureReason) {
    public enum State { IN_PROGRESS, SUCCEEDED, FAILED }

    public ProvisioningStatus {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(state, "state");
    }
}
