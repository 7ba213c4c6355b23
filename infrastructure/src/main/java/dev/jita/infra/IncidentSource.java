package dev.jita.infra;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awscdk.services.events.Match;

/**
 * Where incident events come from: one incident tool and the EventBridge bus its events arrive on. Each becomes one
 * rule that sends the tool's events to the incident function. The rule matches on {@code source} exactly as the
 * function's parser (dev.jita.incidents.IncidentEvents) tells tools apart, and on nothing else: what the function
 * does not read (a PagerDuty service event, an Opsgenie note) it ignores, and a finer pattern here would have to
 * be kept in step with the parsers.
 *
 * @param tool         which incident tool
 * @param eventBusName the bus the rule sits on; empty for the account's default bus. Partner sources (PagerDuty,
 *                     Opsgenie) deliver to a partner event bus named like the partner event source
 */
public record IncidentSource(Tool tool, Optional<String> eventBusName) {

    /** The generic source: anything allowed to put {@code source: jita.incident} events on the bus. */
    public static final String GENERIC_SOURCE = "jita.incident";

    /** The incident tools the function reads, each with the EventBridge sources it arrives under. */
    public enum Tool {
        GENERIC("Generic", List.of(GENERIC_SOURCE), List.of()),
        PAGERDUTY("PagerDuty", List.of(), List.of("aws.partner/pagerduty.com")),
        OPSGENIE("Opsgenie", List.of(), List.of("aws.partner/opsgenie.com")),
        /** incident.io workflows forwarded as {@code incident.io}, or an incident.io partner source. */
        INCIDENT_IO("IncidentIo", List.of("incident.io"), List.of("aws.partner/incident.io"));

        private final String ruleName;
        private final List<String> exactSources;
        private final List<String> sourcePrefixes;

        Tool(String ruleName, List<String> exactSources, List<String> sourcePrefixes) {
            this.ruleName = ruleName;
            this.exactSources = exactSources;
            this.sourcePrefixes = sourcePrefixes;
        }

        /** Construct id prefix of the tool's rule, e.g. "PagerDuty". */
        public String ruleName() {
            return ruleName;
        }

        public List<String> exactSources() {
            return exactSources;
        }

        public List<String> sourcePrefixes() {
            return sourcePrefixes;
        }

        /** Partner tools come only on their partner event bus; the others may use any bus. */
        boolean needsPartnerBus() {
            return exactSources.isEmpty();
        }
    }

    public IncidentSource {
        Objects.requireNonNull(tool, "tool");
        Objects.requireNonNull(eventBusName, "eventBusName");
        eventBusName = eventBusName.filter(s -> !s.isBlank());
        if (tool.needsPartnerBus()) {
            String prefix = tool.sourcePrefixes().get(0) + "/";
            String bus = eventBusName.orElseThrow(() -> new IllegalArgumentException("the " + tool.ruleName()
                    + " incident source needs its partner event bus name, like " + prefix + "...; copy it from the"
                    + " EventBridge console (Partner event sources)"));
            // The partner bus is named after its event source; another name means events the function refuses.
            if (!bus.startsWith(prefix)) {
                throw new IllegalArgumentException("the " + tool.ruleName() + " partner event bus '" + bus
                        + "' does not start with " + prefix + ", the source the incident function reads; give the"
                        + " bus associated with the " + tool.ruleName() + " partner event source");
            }
        }
    }

    /** The construct id of this source's rule, e.g. "PagerDutyIncidentRule". */
    public String name() {
        return tool.ruleName();
    }

    /** The rule's {@code source} pattern: the exact sources and prefixes of the tool. */
    public List<String> sourcePattern() {
        List<Object> matchers = new java.util.ArrayList<>();
        tool.exactSources().forEach(s -> matchers.add(Match.exactString(s)));
        tool.sourcePrefixes().forEach(p -> matchers.add(Match.prefix(p)));
        return matchers.size() == 1 ? castList(matchers.get(0)) : Match.anyOf(matchers.toArray());
    }

    @SuppressWarnings("unchecked")
    private static List<String> castList(Object o) {
        return (List<String>) o;
    }

    /** {@code source: jita.incident} on the default bus. */
    public static IncidentSource generic() {
        return new IncidentSource(Tool.GENERIC, Optional.empty());
    }

    /** {@code source: jita.incident} on another bus. */
    public static IncidentSource generic(String busName) {
        return new IncidentSource(Tool.GENERIC, Optional.of(busName));
    }

    /** PagerDuty's EventBridge partner integration; {@code partnerBusName} like aws.partner/pagerduty.com/... */
    public static IncidentSource pagerDuty(String partnerBusName) {
        return new IncidentSource(Tool.PAGERDUTY, Optional.of(partnerBusName));
    }

    /** Opsgenie's EventBridge integration; {@code partnerBusName} like aws.partner/opsgenie.com/... */
    public static IncidentSource opsgenie(String partnerBusName) {
        return new IncidentSource(Tool.OPSGENIE, Optional.of(partnerBusName));
    }

    /** incident.io events on a bus you name (the default bus when empty). */
    public static IncidentSource incidentIo(Optional<String> busName) {
        return new IncidentSource(Tool.INCIDENT_IO, busName);
    }

    /**
     * Parses the {@code jita:incidentSources} context value: comma-separated {@code generic} or
     * {@code generic=BUS}, {@code pagerduty=BUS}, {@code opsgenie=BUS}, {@code incidentio} or {@code incidentio=BUS}.
     */
    public static List<IncidentSource> parseList(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .map(IncidentSource::parseOne).toList();
    }

    private static IncidentSource parseOne(String item) {
        int eq = item.indexOf('=');
        String kind = eq < 0 ? item : item.substring(0, eq).trim();
        Optional<String> bus = eq < 0 ? Optional.empty() : Optional.of(item.substring(eq + 1).trim());
        Tool tool = switch (kind) {
            case "generic" -> Tool.GENERIC;
            case "pagerduty" -> Tool.PAGERDUTY;
            case "opsgenie" -> Tool.OPSGENIE;
            case "incidentio" -> Tool.INCIDENT_IO;
            default -> throw new IllegalArgumentException("unknown incident source '" + kind
                    + "' in jita:incidentSources; use generic[=BUS], pagerduty=BUS, opsgenie=BUS or incidentio[=BUS]");
        };
        return new IncidentSource(tool, bus);
    }
}
