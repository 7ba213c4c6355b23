package dev.jita.infra;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where incident events come from: an EventBridge bus and the event sources on it that jita listens to.
 * Partner sources (PagerDuty, Opsgenie) deliver to a partner event bus whose name the partner setup gives you.
 *
 * @param name           construct id of the rule, e.g. "PagerDuty"
 * @param eventBusName   the bus the rule sits on; empty for the account's default bus
 * @param sourcePrefix   matched as a prefix of the event's {@code source}
 */
public record IncidentSource(String name, Optional<String> eventBusName, String sourcePrefix) {

    /** The generic source: anything can put {@code source: jita.incident} events on the default bus. */
    public static final String GENERIC_SOURCE = "jita.incident";

    public IncidentSource {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(eventBusName, "eventBusName");
        Objects.requireNonNull(sourcePrefix, "sourcePrefix");
        if (!name.matches("[A-Za-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("incident source name '" + name + "' must be letters and digits,"
                    + " starting with a letter; it names the EventBridge rule");
        }
    }

    public static IncidentSource generic() {
        return new IncidentSource("Generic", Optional.empty(), GENERIC_SOURCE);
    }

    /** PagerDuty's EventBridge partner integration; {@code partnerBusName} like aws.partner/pagerduty.com/... */
    public static IncidentSource pagerDuty(String partnerBusName) {
        return new IncidentSource("PagerDuty", Optional.of(partnerBusName), "aws.partner/pagerduty.com");
    }

    /** Opsgenie's EventBridge partner integration; {@code partnerBusName} like aws.partner/atlassian.com/opsgenie/... */
    public static IncidentSource opsgenie(String partnerBusName) {
        return new IncidentSource("Opsgenie", Optional.of(partnerBusName), "aws.partner/atlassian.com");
    }

    /** incident.io, whose workflows put events on a bus you name (the default bus when empty) with source incident.io. */
    public static IncidentSource incidentIo(Optional<String> busName) {
        return new IncidentSource("IncidentIo", busName, "incident.io");
    }

    /**
     * Parses the {@code jita:incidentSources} context value: comma-separated {@code generic},
     * {@code pagerduty=BUS}, {@code opsgenie=BUS}, {@code incidentio} or {@code incidentio=BUS}.
     */
    public static List<IncidentSource> parseList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(IncidentSource::parseOne).toList();
    }

    private static IncidentSource parseOne(String item) {
        int eq = item.indexOf('=');
        String kind = eq < 0 ? item : item.substring(0, eq);
        Optional<String> bus = eq < 0 ? Optional.empty() : Optional.of(item.substring(eq + 1)).filter(s -> !s.isBlank());
        return switch (kind) {
            case "generic" -> generic();
            case "pagerduty" -> pagerDuty(bus.orElseThrow(() -> needsBus(kind)));
            case "opsgenie" -> opsgenie(bus.orElseThrow(() -> needsBus(kind)));
            case "incidentio" -> incidentIo(bus);
            default -> throw new IllegalArgumentException("unknown incident source '" + kind
                    + "'; use generic, pagerduty=BUS, opsgenie=BUS or incidentio[=BUS]");
        };
    }

    private static IllegalArgumentException needsBus(String kind) {
        return new IllegalArgumentException("incident source '" + kind + "' needs its partner event bus name, like "
                + kind + "=aws.partner/...; copy it from the EventBridge console");
    }
}
