package dev.jita.sweeper;

import java.util.List;

/**
 * What one sweep did.
 *
 * @param removed  orphaned policies deleted, as {@code role/policy}
 * @param retried  REVOKE_FAILED requests ended by the retry
 * @param stuck    ACTIVE requests long past their window (their workflow died) ended by the sweeper
 * @param failures what could not be done this time, one line each; the next sweep tries again
 */
public record SweepReport(List<String> removed, List<String> retried, List<String> stuck, List<String> failures) {
    public SweepReport {
        removed = List.copyOf(removed);
        retried = List.copyOf(retried);
        stuck = List.copyOf(stuck);
        failures = List.copyOf(failures);
    }
}
