package dev.jita.cli.api;

/**
 * An answer of jita's API that is not a success: a problem+json (its reason code and one-sentence detail) or API
 * Gateway's own refusal ({@code {"message"}} with x-amzn-ErrorType, shown as the reason).
 */
public final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String reason;

    public ApiException(int status, String reason, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.reason = reason;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    public String detail() {
        return getMessage();
    }
}
