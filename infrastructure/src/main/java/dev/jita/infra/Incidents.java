package dev.jita.infra;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Emergency access from incident tooling (issue 7): the EventBridge sources that feed the incident function and its
 * settings. Off (no function, no incidents table, no rules) while there is no source: every source needs setting up
 * outside this stack first (a partner event bus, or permission to put {@code jita.incident} events).
 *
 * @param sources          one EventBridge rule each; at most one per tool
 * @param maxEventAge      events that happened longer ago are refused ({@code JITA_INCIDENT_MAX_AGE}); empty: the
 *                         function's default, PT1H. Also how long EventBridge and Lambda keep retrying an event
 * @param responderAliases incident tool id to jita identity ({@code JITA_RESPONDER_ALIASES}), e.g. PagerDuty user ids
 *                         PXPGF42 to alice: PagerDuty names people only by such ids
 */
public record Incidents(List<IncidentSource> sources, Optional<Duration> maxEventAge,
                        Map<String, String> responderAliases) {

    /** The function's own default for JITA_INCIDENT_MAX_AGE (IncidentConfig.DEFAULT_MAX_AGE). */
    public static final Duration DEFAULT_MAX_EVENT_AGE = Duration.ofHours(1);
    /** Lambda keeps environment variables under 4 KB in all; the aliases must leave room for the rest. */
    static final int MAX_ALIASES_LENGTH = 2048;

    public Incidents {
        sources = List.copyOf(sources);
        Objects.requireNonNull(maxEventAge, "maxEventAge");
        responderAliases = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(responderAliases));
        Set<IncidentSource.Tool> tools = new HashSet<>();
        for (IncidentSource source : sources) {
            if (!tools.add(source.tool())) {
                throw new IllegalArgumentException("the incident source " + source.name() + " is listed twice;"
                        + " give each tool once");
            }
        }
        maxEventAge.ifPresent(age -> {
            if (age.compareTo(Duration.ofMinutes(1)) < 0 || age.compareTo(Duration.ofHours(24)) > 0) {
                throw new IllegalArgumentException("the incident event age limit must be between one minute and"
                        + " 24 hours (EventBridge retries no longer); got " + age);
            }
        });
        responderAliases.forEach((id, identity) -> {
            for (String part : List.of(id, identity)) {
                if (part.isBlank() || !part.equals(part.trim()) || part.contains(",") || part.contains("=")) {
                    throw new IllegalArgumentException("responder alias '" + id + "=" + identity + "' must be two"
                            + " non-blank values without ',', '=' or surrounding spaces, like PXPGF42=alice");
                }
            }
        });
        int length = aliasesVariable(responderAliases).length();
        if (length > MAX_ALIASES_LENGTH) {
            throw new IllegalArgumentException("the responder aliases take " + length + " characters, over the "
                    + MAX_ALIASES_LENGTH + " that fit in the incident function's environment (4 KB in all);"
                    + " alias only the responders whose tool ids match no session name");
        }
    }

    /** No incident handling. */
    public static Incidents none() {
        return new Incidents(List.of(), Optional.empty(), Map.of());
    }

    public static Incidents from(List<IncidentSource> sources) {
        return new Incidents(sources, Optional.empty(), Map.of());
    }

    public static Incidents from(IncidentSource... sources) {
        return from(List.of(sources));
    }

    public Incidents withMaxEventAge(Duration age) {
        return new Incidents(sources, Optional.of(age), responderAliases);
    }

    public Incidents withResponderAliases(Map<String, String> aliases) {
        return new Incidents(sources, maxEventAge, aliases);
    }

    public boolean enabled() {
        return !sources.isEmpty();
    }

    /** The age past which retrying an event is pointless: the function would refuse it. */
    public Duration effectiveMaxEventAge() {
        return maxEventAge.orElse(DEFAULT_MAX_EVENT_AGE);
    }

    /** JITA_RESPONDER_ALIASES: {@code id=identity,id=identity}, the format IncidentConfig reads. */
    public String responderAliasesVariable() {
        return aliasesVariable(responderAliases);
    }

    private static String aliasesVariable(Map<String, String> aliases) {
        return aliases.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    /** Parses the {@code jita:responderAliases} context value, the same format as the variable. */
    public static Map<String, String> parseAliases(String value) {
        Map<String, String> aliases = new LinkedHashMap<>();
        if (value == null) {
            return aliases;
        }
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new IllegalArgumentException("jita:responderAliases entry '" + pair.trim() + "' is not"
                        + " toolId=identity; write it like PXPGF42=alice");
            }
            aliases.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return aliases;
    }
}
