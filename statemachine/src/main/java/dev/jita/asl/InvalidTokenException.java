package dev.jita.asl;

/** The string is not a task token this engine issued (Step Functions' InvalidToken). */
public final class InvalidTokenException extends StepFunctionsException {
    public InvalidTokenException(String message) {
        super("InvalidToken", message);
    }
}
