package dev.jita.asl;

/** An execution of that name exists with another input, or has already closed (Step Functions' ExecutionAlreadyExists). */
public final class ExecutionAlreadyExistsException extends StepFunctionsException {
    public ExecutionAlreadyExistsException(String message) {
        super("ExecutionAlreadyExists", message);
    }
}
