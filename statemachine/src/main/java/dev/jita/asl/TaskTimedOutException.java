package dev.jita.asl;

/** The task of that token has already closed: it succeeded, failed, timed out, or its execution ended (Step Functions' TaskTimedOut). */
public final class TaskTimedOutException extends StepFunctionsException {
    public TaskTimedOutException(String message) {
        super("TaskTimedOut", message);
    }
}
