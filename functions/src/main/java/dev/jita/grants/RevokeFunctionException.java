package dev.jita.grants;

/**
 * A revoke-now handed to the revoke function did not come back revoked: the invocation failed, the function failed
 * (IAM, STS), or it answered what it never answers. Like an IAM failure in-process, the caller answers an error
 * (intake: a 500 the engineer may retry; the incident function: a failed invocation EventBridge retries), never
 * success.
 */
public final class RevokeFunctionException extends RuntimeException {
    private final String requestId;

    public RevokeFunctionException(String requestId, String message, Throwable cause) {
        super("request " + requestId + ": " + message, cause);
        this.requestId = requestId;
    }

    public String requestId() {
        return requestId;
    }
}
