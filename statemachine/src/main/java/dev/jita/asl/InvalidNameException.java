package dev.jita.asl;

/** The execution or state machine name breaks Step Functions' naming rules (Step Functions' InvalidName). */
public final class InvalidNameException extends StepFunctionsException {
    public InvalidNameException(String message) {
        super("InvalidName", message);
    }
}
