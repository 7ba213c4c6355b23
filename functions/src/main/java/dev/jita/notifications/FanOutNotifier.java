package dev.jita.notifications;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Sends one notification through every channel that reaches the recipient. A failing channel does not stop the
 * others; the report says what each did.
 */
public final class FanOutNotifier implements Notifier {

    public static final String CHANNEL = "fan-out";

    private final List<Notifier> channels;

    public FanOutNotifier(List<Notifier> channels) {
        this.channels = List.copyOf(channels);
        if (this.channels.isEmpty()) {
            throw new IllegalArgumentException("A fan-out needs at least one channel.");
        }
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public boolean reaches(Recipient recipient) {
        return channels.stream().anyMatch(c -> c.reaches(recipient));
    }

    /** Tries every channel that reaches the recipient, in order, and reports each outcome. */
    public DeliveryReport deliver(Notification notification) {
        return new DeliveryReport(channels.stream().map(channel -> attempt(channel, notification)).toList());
    }

    /**
     * Succeeds when at least one channel delivered: the person has the message, and retrying the whole would
     * send duplicates on the channels that worked.
     *
     * @throws NotificationException when no channel delivered; retryable when any failure was
     */
    @Override
    public void send(Notification notification) {
        DeliveryReport report = deliver(notification);
        if (report.anySent()) {
            return;
        }
        String approver = notification.to().approverId();
        List<DeliveryReport.Failed> failures = report.failures();
        if (failures.isEmpty()) {
            throw new NotificationException(CHANNEL, false, "No channel reaches approver " + approver
                    + "; give them an e-mail address or a Slack webhook in the rules.");
        }
        boolean retryable = failures.stream().anyMatch(f -> f.error().retryable());
        NotificationException error = new NotificationException(CHANNEL, retryable, "Every channel failed for approver "
                + approver + ": " + failures.stream().map(f -> f.error().getMessage()).collect(Collectors.joining(" ")));
        failures.forEach(f -> error.addSuppressed(f.error()));
        throw error;
    }

    private static DeliveryReport.ChannelResult attempt(Notifier channel, Notification notification) {
        Objects.requireNonNull(channel, "channel");
        if (!channel.reaches(notification.to())) {
            return new DeliveryReport.Skipped(channel.channel());
        }
        try {
            channel.send(notification);
            return new DeliveryReport.Sent(channel.channel());
        } catch (NotificationException e) {
            return new DeliveryReport.Failed(channel.channel(), e);
        } catch (RuntimeException e) {
            // A bug in one channel must not cost the approver the others.
            return new DeliveryReport.Failed(channel.channel(), new NotificationException(channel.channel(), false,
                    "The " + channel.channel() + " channel failed unexpectedly; check the logs.", e));
        }
    }
}
