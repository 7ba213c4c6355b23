package dev.jita.domain;

import static dev.jita.domain.Status.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StatusTest {

    /**
     * design.md's lifecycle, transcribed independently of Status: PENDING_APPROVAL → (APPROVED →) SCHEDULED →
     * ACTIVE → EXPIRED; DENIED, TIMED_OUT, CANCELLED only while pending; REVOKED early from approved, scheduled or
     * active; FAILED when the grant fails, or while pending when the approvers cannot be notified (approval.asl.json's
     * NotifyFailed path); REVOKE_FAILED from active, after which the sweeper's retry ends it.
     * APPROVED → ACTIVE is the grant landing at once when no start time is pending.
     */
    static final Map<Status, Set<Status>> DESIGN = new EnumMap<>(Map.ofEntries(
            Map.entry(PENDING_APPROVAL, EnumSet.of(APPROVED, SCHEDULED, DENIED, TIMED_OUT, CANCELLED, FAILED)),
            Map.entry(APPROVED, EnumSet.of(SCHEDULED, ACTIVE, FAILED, REVOKED)),
            Map.entry(SCHEDULED, EnumSet.of(ACTIVE, FAILED, REVOKED)),
            Map.entry(ACTIVE, EnumSet.of(EXPIRED, REVOKED, REVOKE_FAILED)),
            Map.entry(REVOKE_FAILED, EnumSet.of(EXPIRED, REVOKED)),
            Map.entry(EXPIRED, EnumSet.noneOf(Status.class)),
            Map.entry(DENIED, EnumSet.noneOf(Status.class)),
            Map.entry(TIMED_OUT, EnumSet.noneOf(Status.class)),
            Map.entry(CANCELLED, EnumSet.noneOf(Status.class)),
            Map.entry(REVOKED, EnumSet.noneOf(Status.class)),
            Map.entry(FAILED, EnumSet.noneOf(Status.class))));

    @ParameterizedTest
    @EnumSource(Status.class)
    void next_shouldBeExactlyTheDesignsTransitions(Status status) {
        assertEquals(DESIGN.get(status), status.next());
    }

    @ParameterizedTest
    @EnumSource(value = Status.class, names = {"EXPIRED", "DENIED", "TIMED_OUT", "CANCELLED", "REVOKED", "FAILED"})
    void isFinal_shouldHoldForEndStates_andTheyHaveNoExits(Status status) {
        assertTrue(status.isFinal());
        for (Status target : Status.values()) {
            assertFalse(status.canMoveTo(target));
            assertThrows(IllegalTransitionException.class, () -> status.moveTo(target));
        }
    }

    @Test
    void isFinal_shouldBeFalse_forRevokeFailed_becauseTheSweeperRetries() {
        assertFalse(REVOKE_FAILED.isFinal());
        assertTrue(REVOKE_FAILED.canMoveTo(REVOKED));
    }

    @Test
    void everyStatus_shouldBeReachableFromPendingApproval() {
        Set<Status> seen = EnumSet.of(PENDING_APPROVAL);
        Deque<Status> todo = new ArrayDeque<>(seen);
        while (!todo.isEmpty()) {
            for (Status n : todo.pop().next()) {
                if (seen.add(n)) {
                    todo.add(n);
                }
            }
        }
        assertEquals(EnumSet.allOf(Status.class), seen);
    }

    @Test
    void nothing_shouldLeadBackToPendingApproval_orAnyEarlierStatus() {
        assertTrue(Status.sourcesOf(PENDING_APPROVAL).isEmpty());
        for (Status s : Status.values()) {
            assertFalse(s.canMoveTo(s), s + " loops onto itself");
        }
    }

    @Test
    void sourcesOf_shouldListWhatTheStoresConditionAllows() {
        assertEquals(EnumSet.of(APPROVED, SCHEDULED), Status.sourcesOf(ACTIVE));
        assertEquals(EnumSet.of(APPROVED, SCHEDULED, ACTIVE, REVOKE_FAILED), Status.sourcesOf(REVOKED));
        assertEquals(EnumSet.of(PENDING_APPROVAL), Status.sourcesOf(DENIED));
        assertEquals(EnumSet.of(ACTIVE, REVOKE_FAILED), Status.sourcesOf(EXPIRED));
    }

    @Test
    void moveTo_shouldReturnTarget_whenLegal() {
        assertSame(APPROVED, PENDING_APPROVAL.moveTo(APPROVED));
    }

    @Test
    void moveTo_shouldExplain_whenIllegal() {
        IllegalTransitionException e = assertThrows(IllegalTransitionException.class, () -> DENIED.moveTo(ACTIVE));

        assertEquals(DENIED, e.from());
        assertEquals(ACTIVE, e.to());
        assertEquals("A request cannot move from DENIED to ACTIVE because DENIED is final.", e.getMessage());
        assertTrue(assertThrows(IllegalTransitionException.class, () -> PENDING_APPROVAL.moveTo(ACTIVE))
                .getMessage().contains("from PENDING_APPROVAL it may move to"));
    }
}
