package dev.jita.incidents;

/**
 * An incident event jita cannot read: a source it does not know, a field missing or malformed. Retrying would not
 * help, so the function logs it and returns; the message says what was wrong.
 */
public final class IncidentEventException extends RuntimeException {
    public IncidentEventException(String message) {
        super(message);
    }
}
