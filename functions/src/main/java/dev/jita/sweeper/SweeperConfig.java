package dev.jita.sweeper;

import dev.jita.app.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The sweeper's settings.
 *
 * @param eligibleRolePath the IAM path whose roles receive grants ({@code JITA_ELIGIBLE_ROLE_PATH}, default /jita/)
 * @param workflowGrace    how long after a window's end an ACTIVE request is left to its workflow's own revoke
 *                         (which retries for minutes) before the sweeper takes it as dead and revokes it
 *                         ({@code JITA_SWEEPER_GRACE}, ISO-8601, default PT30M)
 * @param restartGrace     how old a request (or the sweeper's last restart of its workflow) must be before the
 *                         sweeper looks for its workflow: a younger one may be having its execution started right now
 *                         ({@code JITA_SWEEPER_RESTART_GRACE}, ISO-8601, default PT5M)
 */
public record SweeperConfig(String eligibleRolePath, Duration workflowGrace, Duration restartGrace) {

    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(30);
    public static final Duration DEFAULT_RESTART_GRACE = Duration.ofMinutes(5);

    public SweeperConfig {
        Objects.requireNonNull(eligibleRolePath, "eligibleRolePath");
        Objects.requireNonNull(workflowGrace, "workflowGrace");
        Objects.requireNonNull(restartGrace, "restartGrace");
        if (workflowGrace.isNegative() || restartGrace.isNegative()) {
            throw new IllegalArgumentException("the sweeper's graces must not be negative; got " + workflowGrace
                    + " and " + restartGrace);
        }
    }

    public static SweeperConfig fromEnvironment(Map<String, String> env) {
        return new SweeperConfig(env.getOrDefault(Environment.ELIGIBLE_ROLE_PATH, Environment.DEFAULT_ELIGIBLE_ROLE_PATH),
                Environment.duration(env, Environment.SWEEPER_GRACE, DEFAULT_GRACE),
                Environment.duration(env, Environment.SWEEPER_RESTART_GRACE, DEFAULT_RESTART_GRACE));
    }
}
