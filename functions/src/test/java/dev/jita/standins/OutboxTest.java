package dev.jita.standins;

import dev.jita.notifications.Kind;
import dev.jita.notifications.Message;
import dev.jita.notifications.Messages;
import dev.jita.notifications.Notification;
import dev.jita.notifications.NotifySamples;
import dev.jita.notifications.Recipient;
import dev.jita.pages.Samples;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @Test
    void snapshot_shouldListNewestFirst_withWhatThePageShows() {
        Outbox outbox = new Outbox(new NotifySamples.SteppingClock(T0));
        List<Notification> all = NotifySamples.everyKind(Samples.facts(), NotifySamples.LINK);
        all.forEach(outbox::send);
        List<Outbox.Entry> entries = outbox.snapshot();
        assertEquals(List.of(Kind.FIRST_USE, Kind.BREAK_GLASS, Kind.TIMED_OUT, Kind.DENIED, Kind.APPROVED,
                        Kind.DECISION_NEEDED),
                entries.stream().map(Outbox.Entry::kind).toList());
        Outbox.Entry decision = entries.get(5);
        assertEquals(T0, decision.at());
        assertEquals(T0.plusSeconds(5), entries.get(0).at());
        assertEquals("alice", decision.recipientId());
        assertEquals(Optional.of("alice@example.com"), decision.recipientEmail());
        assertEquals("req-7f3a", decision.requestId());
        assertEquals(Messages.content(all.get(0)).subject(), decision.subject());
        assertEquals(Messages.plainText(Messages.content(all.get(0))), decision.body());
        assertEquals(Optional.of(NotifySamples.LINK), decision.link());
        assertTrue(entries.subList(0, 5).stream().allMatch(e -> e.link().isEmpty()));
        assertFalse(decision.toString().contains(NotifySamples.LINK_TOKEN));
    }

    @Test
    void snapshot_shouldBeACopy_unaffectedByLaterSends() {
        Outbox outbox = new Outbox(new NotifySamples.SteppingClock(T0));
        outbox.send(NotifySamples.decisionNeeded());
        List<Outbox.Entry> before = outbox.snapshot();
        outbox.send(NotifySamples.decisionNeeded());
        assertEquals(1, before.size());
        assertThrows(UnsupportedOperationException.class, () -> before.add(before.get(0)));
    }

    @Test
    void send_shouldDropTheOldest_beyondCapacity() {
        Outbox outbox = new Outbox(new NotifySamples.SteppingClock(T0), 3);
        for (int i = 0; i < 5; i++) {
            outbox.send(NotifySamples.decisionNeeded());
        }
        assertEquals(List.of(5L, 4L, 3L), outbox.snapshot().stream().map(Outbox.Entry::seq).toList());
    }

    @Test
    void send_shouldKeepEveryEntryInOrder_whenManyThreadsSendAtOnce() throws Exception {
        int threads = 8;
        int each = 250;
        Outbox outbox = new Outbox(new NotifySamples.SteppingClock(T0), threads * each);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Recipient who = Recipient.email("approver" + t, "a" + t + "@example.com");
            done.add(pool.submit(() -> {
                go.await();
                for (int i = 0; i < each; i++) {
                    outbox.send(new Notification(who, Samples.facts(), new Message.TimedOut()));
                    if (i % 50 == 0) {
                        outbox.snapshot();
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<Outbox.Entry> entries = outbox.snapshot();
        assertEquals(threads * each, entries.size());
        Map<String, Integer> perRecipient = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(threads * each - i, entries.get(i).seq(), "seq strictly decreasing, none lost or repeated");
            perRecipient.merge(entries.get(i).recipientId(), 1, Integer::sum);
            if (i > 0) {
                assertFalse(entries.get(i).at().isAfter(entries.get(i - 1).at()), "newest first");
            }
        }
        assertEquals(threads, perRecipient.size());
        perRecipient.values().forEach(n -> assertEquals(each, n));
    }
}
