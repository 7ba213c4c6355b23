package dev.jita.links;

/** The MAC key could not be used (KMS throttled, disabled key, missing permission): retry or fix configuration. */
public final class SignerUnavailableException extends RuntimeException {
    public SignerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
