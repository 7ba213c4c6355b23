package dev.jita.asl;

/** No state machine has that ARN (Step Functions' StateMachineDoesNotExist). */
public final class StateMachineDoesNotExistException extends StepFunctionsException {
    public StateMachineDoesNotExistException(String message) {
        super("StateMachineDoesNotExist", message);
    }
}
