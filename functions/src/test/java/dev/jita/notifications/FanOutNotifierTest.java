package dev.jita.notifications;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FanOutNotifierTest {

    /** A channel that records what it sent, or fails as told. */
    private static final class Channel implements Notifier {
        final String name;
        final RuntimeException failure;
        final boolean reaches;
        final List<Notification> sent = new ArrayList<>();

        Channel(String name, RuntimeException failure, boolean reaches) {
            this.name = name;
            this.failure = failure;
            this.reaches = reaches;
        }

        @Override
        public String channel() {
            return name;
        }

        @Override
        public boolean reaches(Recipient recipient) {
            return reaches;
        }

        @Override
        public void send(Notification notification) {
            if (failure != null) {
                throw failure;
            }
            sent.add(notification);
        }
    }

    @Test
    void deliver_shouldSendOnTheOtherChannels_whenOneFails() {
        Channel email = new Channel("email", new NotificationException("email", true, "SES throttled"), true);
        Channel slack = new Channel("slack", null, true);
        Channel outbox = new Channel("outbox", null, true);
        DeliveryReport report = new FanOutNotifier(List.of(email, slack, outbox)).deliver(NotifySamples.decisionNeeded());
        assertEquals(1, slack.sent.size());
        assertEquals(1, outbox.sent.size());
        assertTrue(report.anySent());
        assertEquals(List.of("email"), report.failures().stream().map(DeliveryReport.Failed::channel).toList());
        assertInstanceOf(DeliveryReport.Sent.class, report.results().get(1));
    }

    @Test
    void deliver_shouldSkipChannels_thatDoNotReachTheRecipient_andContainABuggyOne() {
        Channel slack = new Channel("slack", null, false);
        Channel buggy = new Channel("email", new IllegalStateException("bug"), true);
        Channel outbox = new Channel("outbox", null, true);
        DeliveryReport report = new FanOutNotifier(List.of(slack, buggy, outbox)).deliver(NotifySamples.decisionNeeded());
        assertInstanceOf(DeliveryReport.Skipped.class, report.results().get(0));
        assertTrue(slack.sent.isEmpty());
        DeliveryReport.Failed failed = report.failures().get(0);
        assertFalse(failed.error().retryable());
        assertEquals(1, outbox.sent.size());
    }

    @Test
    void send_shouldSucceed_whenAnyChannelDelivered() {
        Channel email = new Channel("email", new NotificationException("email", false, "rejected"), true);
        Channel slack = new Channel("slack", null, true);
        assertDoesNotThrow(() -> new FanOutNotifier(List.of(email, slack)).send(NotifySamples.decisionNeeded()));
    }

    @Test
    void send_shouldThrowRetryable_whenAllFailedAndOneMayPassLater() {
        Channel email = new Channel("email", new NotificationException("email", false, "SES rejected."), true);
        Channel slack = new Channel("slack", new NotificationException("slack", true, "Slack 500."), true);
        NotificationException e = assertThrows(NotificationException.class,
                () -> new FanOutNotifier(List.of(email, slack)).send(NotifySamples.decisionNeeded()));
        assertTrue(e.retryable());
        assertEquals("Every channel failed for approver alice: SES rejected. Slack 500.", e.getMessage());
        assertEquals(2, e.getSuppressed().length);
    }

    @Test
    void send_shouldThrowNotRetryable_whenNoChannelReachesTheApprover() {
        Channel slack = new Channel("slack", null, false);
        Recipient nobody = new Recipient("bob", Optional.empty(), Optional.empty());
        NotificationException e = assertThrows(NotificationException.class, () -> new FanOutNotifier(List.of(slack))
                .send(new Notification(nobody, dev.jita.pages.Samples.facts(), new Message.TimedOut())));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith("No channel reaches approver bob"));
    }
}
