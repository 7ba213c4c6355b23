package dev.jita.activity;

/** An EventBridge event that is no CloudTrail API call jita can read; retrying it would not help. */
public final class CloudTrailEventException extends RuntimeException {
    public CloudTrailEventException(String message) {
        super(message);
    }
}
