package dev.jita.asl;

/**
 * A named ASL error, as Retry and Catch match it: {@code States.Timeout}, {@code States.Runtime}, a Lambda's
 * errorType, or the error of a SendTaskFailure. The cause is free text (often JSON), may be null.
 */
public class StatesError extends RuntimeException {
    private final String error;
    private final String errorCause;

    public StatesError(String error, String cause) {
        super(cause == null ? error : error + ": " + cause, null, false, false);
        this.error = error;
        this.errorCause = cause;
    }

    /** The error name that ErrorEquals matches. */
    public String error() {
        return error;
    }

    /** The cause string, or null. */
    public String errorCause() {
        return errorCause;
    }
}
