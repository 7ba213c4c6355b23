package dev.jita.asl;

/** No execution has that ARN (Step Functions' ExecutionDoesNotExist). */
public final class ExecutionDoesNotExistException extends StepFunctionsException {
    public ExecutionDoesNotExistException(String message) {
        super("ExecutionDoesNotExist", message);
    }
}
