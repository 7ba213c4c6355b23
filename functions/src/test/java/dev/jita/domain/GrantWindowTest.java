package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GrantWindowTest {
    private static final AccessRequest STARTS_AT_TEN = Fixtures.request(); // startAt 10:00Z, 30 minutes

    private static Clock at(String instant) {
        return Clock.fixed(Instant.parse(instant), ZoneOffset.UTC);
    }

    @Test
    void fixedAt_shouldStartAtStartAt_whenApprovedEarlier() {
        GrantWindow w = GrantWindow.fixedAt(Instant.parse("2026-11-02T09:20:00Z"), STARTS_AT_TEN);

        assertEquals(Instant.parse("2026-11-02T10:00:00Z"), w.notBefore());
        assertEquals(Instant.parse("2026-11-02T10:30:00Z"), w.notAfter());
    }

    @Test
    void fixedAt_shouldStartAtApproval_whenApprovedAfterStartAt_soTheClockStartsAtApproval() {
        GrantWindow w = GrantWindow.fixedAt(Instant.parse("2026-11-02T10:45:00Z"), STARTS_AT_TEN);

        assertEquals(Instant.parse("2026-11-02T10:45:00Z"), w.notBefore());
        assertEquals(Instant.parse("2026-11-02T11:15:00Z"), w.notAfter());
    }

    @Test
    void fixedAt_shouldStartAtApproval_whenThereIsNoStartAt() {
        AccessRequest r = STARTS_AT_TEN;
        AccessRequest now = new AccessRequest(r.requestId(), r.requester(), r.actions(), r.resources(), r.duration(),
                r.justification(), r.ticket(), null, r.ruleId(), r.createdAt());

        GrantWindow w = GrantWindow.fixedAt(Instant.parse("2026-11-02T09:05:00Z"), now);

        assertEquals(Duration.ofMinutes(30), Duration.between(w.notBefore(), w.notAfter()));
        assertEquals(Instant.parse("2026-11-02T09:05:00Z"), w.notBefore());
    }

    @Test
    void isOpen_andIsStillAhead_shouldReadTheInjectedClock() {
        GrantWindow w = new GrantWindow(Instant.parse("2026-11-02T10:00:00Z"), Instant.parse("2026-11-02T10:30:00Z"));

        assertFalse(w.isOpen(at("2026-11-02T09:59:59Z")));
        assertTrue(w.isStillAhead(at("2026-11-02T09:59:59Z")));
        assertTrue(w.isOpen(at("2026-11-02T10:00:00Z")));
        assertTrue(w.isOpen(at("2026-11-02T10:29:59Z")));
        assertFalse(w.isOpen(at("2026-11-02T10:30:00Z")));
        assertFalse(w.isStillAhead(at("2026-11-02T10:30:00Z")));
    }

    @Test
    void constructor_shouldRefuse_anEmptyOrBackwardWindow() {
        Instant t = Instant.parse("2026-11-02T10:00:00Z");
        assertThrows(IllegalArgumentException.class, () -> new GrantWindow(t, t));
        assertThrows(IllegalArgumentException.class, () -> new GrantWindow(t, t.minusSeconds(1)));
    }
}
