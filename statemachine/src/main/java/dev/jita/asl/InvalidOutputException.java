package dev.jita.asl;

/** The output given to SendTaskSuccess is not JSON (Step Functions' InvalidOutput). */
public final class InvalidOutputException extends StepFunctionsException {
    public InvalidOutputException(String message) {
        super("InvalidOutput", message);
    }
}
