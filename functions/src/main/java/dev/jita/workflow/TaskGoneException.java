package dev.jita.workflow;

/**
 * Step Functions no longer waits for this task: TaskTimedOut, InvalidToken or TaskDoesNotExist. For an approver it
 * means the request is no longer pending (410); it is never retried.
 */
public class TaskGoneException extends RuntimeException {
    private final String awsError;

    public TaskGoneException(String awsError, String message) {
        super(message);
        this.awsError = awsError;
    }

    /** The Step Functions error name, e.g. TaskTimedOut. */
    public String awsError() {
        return awsError;
    }
}
