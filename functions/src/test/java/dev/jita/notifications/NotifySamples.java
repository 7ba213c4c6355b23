package dev.jita.notifications;

import dev.jita.facts.RequestFacts;
import dev.jita.pages.Samples;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/** Recipients, links and notifications of every kind for the notify tests. */
public final class NotifySamples {

    public static final String LINK_TOKEN = "v1.eyJraWQiOiJsb2NhbC0xIn0.bWFjLW9mLXRoZS1saW5rLWZvci1hbGljZS0zMmJ5dGVz";
    public static final URI LINK = URI.create("https://jita.example.com/prod/approvals/" + LINK_TOKEN);
    public static final Recipient ALICE = new Recipient("alice", Optional.of("alice@example.com"), Optional.of("alice"));

    private NotifySamples() {
    }

    public static Notification decisionNeeded() {
        return decisionNeeded(Samples.facts());
    }

    public static Notification decisionNeeded(RequestFacts facts) {
        return new Notification(ALICE, facts, new Message.DecisionNeeded(LINK, Samples.LINK_EXPIRES));
    }

    /** One notification of each kind, about the same request, to alice. */
    public static List<Notification> everyKind(RequestFacts facts, URI link) {
        return List.of(
                new Notification(ALICE, facts, new Message.DecisionNeeded(link, Samples.LINK_EXPIRES)),
                new Notification(ALICE, facts, new Message.Decided(true, List.of("bob", "dave"))),
                new Notification(ALICE, facts, new Message.Decided(false, List.of("bob"))),
                new Notification(ALICE, facts, new Message.TimedOut()),
                new Notification(ALICE, facts, new Message.BreakGlass("INC-4411", "SEV1")),
                new Notification(ALICE, facts, new Message.FirstUse(facts.requesterArn(), "TerminateInstances",
                        "ec2.amazonaws.com", List.of("i-0abc1234"), Instant.parse("2026-11-23T10:20:00Z"),
                        Optional.empty())));
    }

    /** A clock that moves one second forward each time it is read, safe to share between threads. */
    public static final class SteppingClock extends Clock {
        private final AtomicLong seconds;

        public SteppingClock(Instant start) {
            this.seconds = new AtomicLong(start.getEpochSecond());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("UTC only");
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.getAndIncrement());
        }
    }
}
