package dev.jita.asl;

/**
 * Thrown by a {@link LambdaFunction} to fail with a chosen error name, as a function in another runtime would
 * (Node's {@code error.name}, Python's exception class): Retry and Catch match {@link #errorType()}.
 */
public class LambdaException extends RuntimeException {
    private final String errorType;

    public LambdaException(String errorType, String message) {
        super(message, null, false, false);
        if (errorType == null || errorType.isBlank()) {
            throw new IllegalArgumentException("errorType must be a non-blank error name such as \"Denied\"");
        }
        this.errorType = errorType;
    }

    /** The error name that Retry and Catch match. */
    public String errorType() {
        return errorType;
    }
}
