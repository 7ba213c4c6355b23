package dev.jita.notifications;

import java.util.Objects;

/**
 * A channel could not deliver. {@link #retryable()} says whether the same message may succeed later (throttling,
 * a 5xx, a timeout) or needs a person to fix something first (a rejected address, a revoked webhook).
 * The message never holds a link, a webhook URL or any other secret.
 */
public final class NotificationException extends RuntimeException {

    private final String channel;
    private final boolean retryable;

    public NotificationException(String channel, boolean retryable, String message) {
        this(channel, retryable, message, null);
    }

    public NotificationException(String channel, boolean retryable, String message, Throwable cause) {
        super(message, cause);
        this.channel = Objects.requireNonNull(channel, "channel");
        this.retryable = retryable;
    }

    public String channel() {
        return channel;
    }

    public boolean retryable() {
        return retryable;
    }
}
