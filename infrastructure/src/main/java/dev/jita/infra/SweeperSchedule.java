package dev.jita.infra;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When the sweeper runs (issue 7): it retries failed revokes, ends grants whose workflow died and removes jita-*
 * policies no grant in flight accounts for. It is the third line of revocation (the policy's own time condition
 * first, the workflow's Revoke second), so it is on by default, every {@link #DEFAULT_INTERVAL}.
 *
 * @param interval      time between runs; whole minutes, at least one (EventBridge's rate schedule)
 * @param workflowGrace how long an ACTIVE request whose window has ended is left to its own workflow before the
 *                      sweeper revokes it ({@code JITA_SWEEPER_GRACE}); empty: the function's default, PT30M
 */
public record SweeperSchedule(Duration interval, Optional<Duration> workflowGrace) {

    /**
     * Five minutes, not the minute jita local uses: nothing the sweeper does ends a permission (the policy's
     * aws:CurrentTime condition already has), it cleans up after failures, so a few minutes of delay cost nothing
     * while each run lists every eligible role's policies against IAM's account-wide API rate and costs an
     * invocation (8,640 runs a month instead of 43,200).
     */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(5);

    public SweeperSchedule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(workflowGrace, "workflowGrace");
        if (interval.compareTo(Duration.ofMinutes(1)) < 0 || !interval.equals(Duration.ofMinutes(interval.toMinutes()))) {
            throw new IllegalArgumentException("the sweeper interval must be whole minutes, at least one; got "
                    + interval);
        }
        workflowGrace.ifPresent(g -> {
            if (g.isNegative()) {
                throw new IllegalArgumentException("the sweeper's grace must not be negative; got " + g);
            }
        });
    }

    public static SweeperSchedule every(Duration interval) {
        return new SweeperSchedule(interval, Optional.empty());
    }

    public static SweeperSchedule byDefault() {
        return every(DEFAULT_INTERVAL);
    }

    public SweeperSchedule withWorkflowGrace(Duration grace) {
        return new SweeperSchedule(interval, Optional.of(grace));
    }
}
