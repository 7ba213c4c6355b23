package dev.jita.sweeper;

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
        String grace = env.getOrDefault("JITA_SWEEPER_GRACE", "");
        try {
            return new SweeperConfig(env.getOrDefault("JITA_ELIGIBLE_ROLE_PATH", "/jita/"),
                    grace.isBlank() ? DEFAULT_GRACE : Duration.parse(grace));
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("JITA_SWEEPER_GRACE '" + grace + "' is not an ISO-8601 duration; write it"
                    + " like PT30M", e);
        }
    }
}
