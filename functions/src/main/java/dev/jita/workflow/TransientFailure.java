package dev.jita.workflow;

/**
 * A failure worth retrying (throttling, a service briefly unavailable). The workflow's Grant state retries this
 * error by its class name ({@link WorkflowErrors#TRANSIENT}); any other exception from the grant is final.
 */
public class TransientFailure extends RuntimeException {
    public TransientFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
