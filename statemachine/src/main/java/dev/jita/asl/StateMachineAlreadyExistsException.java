package dev.jita.asl;

/** A state machine of that name exists with another definition (Step Functions' StateMachineAlreadyExists). */
public final class StateMachineAlreadyExistsException extends StepFunctionsException {
    public StateMachineAlreadyExistsException(String message) {
        super("StateMachineAlreadyExists", message);
    }
}
