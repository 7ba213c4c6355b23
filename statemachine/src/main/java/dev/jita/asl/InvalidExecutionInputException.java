package dev.jita.asl;

/** The execution input is not JSON or is larger than 256 KiB (Step Functions' InvalidExecutionInput). */
public final class InvalidExecutionInputException extends StepFunctionsException {
    public InvalidExecutionInputException(String message) {
        super("InvalidExecutionInput", message);
    }
}
