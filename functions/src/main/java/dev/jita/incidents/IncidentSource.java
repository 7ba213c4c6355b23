package dev.jita.incidents;

/** The incident tools jita understands, each with the label it goes by in audit entries and incident keys. */
public enum IncidentSource {
    PAGERDUTY("pagerduty"),
    OPSGENIE("opsgenie"),
    INCIDENT_IO("incident.io"),
    /** The generic event of events/incident/README.md, for any other tool (or a person with PutEvents). */
    JITA("jita.incident");

    private final String label;

    IncidentSource(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
