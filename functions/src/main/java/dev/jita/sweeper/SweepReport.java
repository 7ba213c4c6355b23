package dev.jita.sweeper;

import java.util.List;

/**
 * What one sweep did.
 *
 * @param removed   orphaned policies deleted, as {@code role/policy}
 * @param retried   REVOKE_FAILED requests ended by the retry
 * @param stuck     ACTIVE requests past their window whose workflow died, ended EXPIRED by the sweeper
 * @param ended     requests whose workflow was lost and whose time ran out, ended by the sweeper (pending ones
 *                  TIMED_OUT, approved ones FAILED: never granted)
 * @param restarted requests whose workflow was lost with time left, whose workflow the sweeper started again
 * @param failures  what could not be done this time, one line each; the next sweep tries again
 */
public record SweepReport(List<String> removed, List<String> retried, List<String> stuck, List<String> ended,
                          List<String> restarted, List<String> failures) {
    public SweepReport {
        removed = List.copyOf(removed);
        retried = List.copyOf(retried);
        stuck = List.copyOf(stuck);
        ended = List.copyOf(ended);
        restarted = List.copyOf(restarted);
        failures = List.copyOf(failures);
    }

    /** Whether the sweep changed nothing and met no failure. */
    public boolean isEmpty() {
        return removed.isEmpty() && retried.isEmpty() && stuck.isEmpty() && ended.isEmpty() && restarted.isEmpty()
                && failures.isEmpty();
    }
}
