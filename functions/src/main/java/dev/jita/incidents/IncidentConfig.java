package dev.jita.incidents;

import dev.jita.app.Environment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The incident function's settings (CDK sets the environment; jita local builds the record).
 *
 * @param incidentsTable   the incidents table ({@code JITA_INCIDENTS_TABLE})
 * @param maxEventAge      events that happened longer ago are refused and logged ({@code JITA_INCIDENT_MAX_AGE},
 *                         ISO-8601, default PT1H): an event retried for hours must not open access now
 * @param responderAliases tool responder id to jita identity ({@code JITA_RESPONDER_ALIASES},
 *                         {@code PXPGF42=alice,carol@example.com=carol}): for tools that name people by ids no
 *                         session carries, like PagerDuty's user ids; see {@link ResponderMatch}
 */
public record IncidentConfig(String incidentsTable, Duration maxEventAge, Map<String, String> responderAliases) {

    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(1);

    public IncidentConfig {
        Objects.requireNonNull(incidentsTable, "incidentsTable");
        Objects.requireNonNull(maxEventAge, "maxEventAge");
        if (maxEventAge.isNegative() || maxEventAge.isZero()) {
            throw new IllegalArgumentException("the incident event age limit must be positive, like PT1H; got "
                    + maxEventAge);
        }
        responderAliases = Map.copyOf(responderAliases);
    }

    public static IncidentConfig fromEnvironment(Map<String, String> env) {
        String table = env.get(Environment.INCIDENTS_TABLE);
        if (table == null || table.isBlank()) {
            throw new IllegalStateException("environment variable " + Environment.INCIDENTS_TABLE
                    + " is not set; the CDK stack sets it, set it yourself when running the function elsewhere");
        }
        return new IncidentConfig(table, Environment.duration(env, Environment.INCIDENT_MAX_AGE, DEFAULT_MAX_AGE),
                aliases(env.getOrDefault(Environment.RESPONDER_ALIASES, "")));
    }

    /** {@code id=identity,id=identity}; blanks ignored. */
    static Map<String, String> aliases(String text) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalStateException(Environment.RESPONDER_ALIASES + " entry '" + pair.trim() + "' is not"
                        + " toolId=identity; write it like PXPGF42=alice");
            }
            aliases.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return aliases;
    }
}
