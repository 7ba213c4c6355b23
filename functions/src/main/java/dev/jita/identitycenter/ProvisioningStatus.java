package dev.jita.identitycenter;

public record ProvisioningStatus(String requestId, State state, String failureReason) {
    public enum State { IN_PROGRESS, SUCCEEDED, FAILED }
}
