package dev.jita.asl;

/** The token is well formed but names no task of this engine (Step Functions' TaskDoesNotExist). */
public final class TaskDoesNotExistException extends StepFunctionsException {
    public TaskDoesNotExistException(String message) {
        super("TaskDoesNotExist", message);
    }
}
