package dev.jita.notifications;

import java.util.List;
import java.util.Objects;

/** What each channel did with one notification. */
public record DeliveryReport(List<ChannelResult> results) {

    /** The outcome on one channel. */
    public sealed interface ChannelResult {
        String channel();
    }

    public record Sent(String channel) implements ChannelResult {
    }

    /** The channel has no way to reach this recipient (no address, no webhook). */
    public record Skipped(String channel) implements ChannelResult {
    }

    public record Failed(String channel, NotificationException error) implements ChannelResult {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    public DeliveryReport {
        results = List.copyOf(results);
    }

    public boolean anySent() {
        return results.stream().anyMatch(r -> r instanceof Sent);
    }

    public List<Failed> failures() {
        return results.stream().filter(Failed.class::isInstance).map(Failed.class::cast).toList();
    }
}
