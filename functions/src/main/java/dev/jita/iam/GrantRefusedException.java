package dev.jita.iam;

/** A policy jita will not build: a wildcard, a forbidden action, a bad window or identity. Not retryable. */
public final class GrantRefusedException extends RuntimeException {
    public GrantRefusedException(String message) {
        super(message);
    }
}
