package dev.jita.domain;

import static dev.jita.domain.Status.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class StatusPropertyTest {

    /**
     * Random sequences of attempted moves, legal or not, from PENDING_APPROVAL: only the design's moves are ever
     * taken, refused ones change nothing, a request never comes back to a status it left, and the order a user
     * relies on holds (nothing is granted unapproved, nothing expires that was never active).
     */
    @Property(tries = 5000)
    void randomTransitions_shouldNeverLeaveTheLifecycle(@ForAll @Size(max = 40) List<Status> attempts) {
        Status current = PENDING_APPROVAL;
        List<Status> path = new ArrayList<>(List.of(current));
        for (Status target : attempts) {
            Status from = current;
            if (current.canMoveTo(target)) {
                current = current.moveTo(target);
                assertTrue(StatusTest.DESIGN.get(from).contains(target), from + " -> " + target + " is not in design.md");
                assertFalse(path.contains(target), "came back to " + target + " via " + path);
                path.add(target);
            } else {
                assertThrows(IllegalTransitionException.class, () -> from.moveTo(target));
                assertEquals(from, current);
            }
        }

        assertTrue(path.size() <= 6, "a request makes at most five moves: " + path);
        if (path.contains(ACTIVE)) {
            assertTrue(path.contains(APPROVED) || path.contains(SCHEDULED), "granted without approval: " + path);
        }
        if (path.contains(EXPIRED)) {
            assertTrue(path.contains(ACTIVE), "expired without being active: " + path);
        }
        for (Status decidedWhilePending : EnumSet.of(DENIED, TIMED_OUT, CANCELLED)) {
            if (path.contains(decidedWhilePending)) {
                assertEquals(List.of(PENDING_APPROVAL, decidedWhilePending), path);
            }
        }
        if (current.isFinal()) {
            Status end = current;
            assertTrue(EnumSet.allOf(Status.class).stream().noneMatch(end::canMoveTo));
        }
    }

    /** Walking only legal moves, chosen at random, always ends in a final status within five moves. */
    @Property(tries = 2000)
    void legalWalks_shouldAlwaysEndInAFinalStatus(@ForAll @Size(min = 5, max = 5) List<Integer> choices) {
        Status current = PENDING_APPROVAL;
        Set<Status> visited = EnumSet.of(current);
        for (int choice : choices) {
            if (current.isFinal()) {
                break;
            }
            List<Status> options = new ArrayList<>(current.next());
            current = current.moveTo(options.get(Math.floorMod(choice, options.size())));
            assertTrue(visited.add(current));
        }
        assertTrue(current.isFinal(), "still " + current + " after " + visited);
    }
}
