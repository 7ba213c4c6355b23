package dev.jita.asl;

/**
 * An error of the execution API, named like the Step Functions API error it stands for
 * ({@code ExecutionAlreadyExists}, {@code TaskTimedOut}, {@code InvalidToken}, ...), so callers can map it the
 * way they would map the AWS SDK's exception.
 */
public class StepFunctionsException extends RuntimeException {
    private final String errorCode;

    public StepFunctionsException(String errorCode, String message) {
        super(message);
        this.errorCode = errorCode;
    }

    /** The Step Functions API error code, e.g. {@code TaskTimedOut}. */
    public String errorCode() {
        return errorCode;
    }
}
