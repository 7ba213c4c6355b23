package dev.jita.notifications;

/** One way of telling a person something: e-mail, Slack, the local outbox. */
public interface Notifier {

    /** A short name for logs and reports: {@code email}, {@code slack}, {@code outbox}. */
    String channel();

    /** Whether this channel has a way to reach the recipient at all (an address, a webhook). */
    default boolean reaches(Recipient recipient) {
        return true;
    }

    /**
     * Delivers or throws.
     *
     * @throws NotificationException if the channel could not deliver; says whether a retry may help
     */
    void send(Notification notification);
}
