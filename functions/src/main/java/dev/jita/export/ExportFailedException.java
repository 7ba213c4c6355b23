package dev.jita.export;

/** An export object could not be written (or read): the store's own failure, with its cause. */
public final class ExportFailedException extends RuntimeException {
    public ExportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
