package dev.jita.domain;

/** An ARN or ARN pattern was refused; {@link #refusal()} carries the reason code and the message. */
public final class InvalidArnException extends IllegalArgumentException {
    private final transient Refusal refusal;

    InvalidArnException(Reason reason, String message) {
        super(message);
        this.refusal = new Refusal(reason, message);
    }

    public Refusal refusal() {
        return refusal;
    }
}
