package dev.jita.sweeper;

import dev.jita.app.Environment;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * The sweeper's settings.
 *
 * @param eligibleRolePath the IAM path whose roles receive grants ({@code JITA_ELIGIBLE_ROLE_PATH}, default /jita/)
 * @param workflowGrace    how long after a window's end an ACTIVE request is left to its workflow's own revoke
 *                         (which retries for minutes) before the sweeper takes it as dead and revokes it
 *                         ({@code JITA_SWEEPER_GRACE}, ISO-8601, default PT30M)
 */
public record SweeperConfig(String eligibleRolePath, Duration workflowGrace) {

    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(30);

    public SweeperConfig {
        Objects.requireNonNull(eligibleRolePath, "eligibleRolePath");
        Objects.requireNonNull(workflowGrace, "workflowGrace");
        if (workflowGrace.isNegative()) {
            throw new IllegalArgumentException("the sweeper's grace must not be negative; got " + workflowGrace);
        }
    }

    public static SweeperConfig fromEnvironment(Map<String, String> env) {
        String grace = env.getOrDefault(Environment.SWEEPER_GRACE, "");
        try {
            return new SweeperConfig(
                    env.getOrDefault(Environment.ELIGIBLE_ROLE_PATH, Environment.DEFAULT_ELIGIBLE_ROLE_PATH),
                    grace.isBlank() ? DEFAULT_GRACE : Duration.parse(grace));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException(Environment.SWEEPER_GRACE + " '" + grace
                    + "' is not an ISO-8601 duration; write it like PT30M", e);
        }
    }
}
