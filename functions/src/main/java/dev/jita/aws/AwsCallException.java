package dev.jita.aws;

/**
 * A call to an AWS service that did not succeed, after the client's own retries. Its message names the service, the
 * operation and the error, never the request body (which can hold a policy, a link or a task token).
 */
public abstract sealed class AwsCallException extends RuntimeException
        permits AwsServiceException, AwsUnreachableException {

    private final String operation;

    AwsCallException(String operation, String message, Throwable cause) {
        super(message, cause);
        this.operation = operation;
    }

    /** The operation that failed, e.g. {@code GenerateMac}. */
    public String operation() {
        return operation;
    }

    /** Whether the same call may succeed later: throttling, a 5xx, a network failure. */
    public abstract boolean retryable();

    /** What went wrong in one word for a person: the service's error code, or {@code unreachable}. */
    public abstract String reason();
}
