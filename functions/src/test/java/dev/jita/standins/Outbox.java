package dev.jita.standins;

import dev.jita.notifications.Kind;
import dev.jita.notifications.MessageContent;
import dev.jita.notifications.Messages;
import dev.jita.notifications.Notification;
import dev.jita.notifications.Notifier;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * jita local's stand-in for e-mail and Slack: keeps every notification in memory, newest first, for the
 * /local/outbox page, so the approve-in-a-browser flow works without a mail server. Thread-safe. Holds links,
 * which is the point: on a laptop the person at the keyboard plays every approver.
 */
public final class Outbox implements Notifier {

    public static final String CHANNEL = "outbox";
    public static final int DEFAULT_CAPACITY = 1000;

    /**
     * One delivered notification.
     *
     * @param seq  1 for the first notification this outbox took, then counting up: orders entries of the same instant
     * @param body the plain-text message, as the e-mail's text part
     */
    public record Entry(long seq, Instant at, String recipientId, Optional<String> recipientEmail, Kind kind,
                        String requestId, String subject, String body, Optional<URI> link) {

        public Entry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(recipientId, "recipientId");
            Objects.requireNonNull(recipientEmail, "recipientEmail");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(link, "link");
        }

        @Override
        public String toString() {
            return "Outbox.Entry[seq=" + seq + ", at=" + at + ", to=" + recipientId + ", kind=" + kind + ", link="
                    + (link.isPresent() ? "<redacted>" : "none") + "]";
        }
    }

    private final Clock clock;
    private final int capacity;
    private final Deque<Entry> entries = new ArrayDeque<>();
    private long lastSeq;

    public Outbox(Clock clock) {
        this(clock, DEFAULT_CAPACITY);
    }

    /** @param capacity the oldest entries are dropped beyond this many, so a long demo cannot exhaust memory */
    public Outbox(Clock clock, int capacity) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (capacity < 1) {
            throw new IllegalArgumentException("The outbox capacity must be at least 1, was " + capacity + ".");
        }
        this.capacity = capacity;
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public void send(Notification notification) {
        MessageContent content = Messages.content(notification);
        String body = Messages.plainText(content);
        synchronized (entries) {
            // The clock is read under the lock too, so that newer entries never carry an earlier time.
            entries.addFirst(new Entry(++lastSeq, clock.instant(), notification.to().approverId(), notification.to().email(),
                    notification.kind(), notification.facts().requestId(), content.subject(), body, content.link()));
            if (entries.size() > capacity) {
                entries.removeLast();
            }
        }
    }

    /** Every entry kept, newest first; an immutable copy, unaffected by later sends. */
    public List<Entry> snapshot() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }
}
