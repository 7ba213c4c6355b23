package dev.jita.incidents;

/**
 * Where an incident stands, in the only order jita lets it move: an event whose status is behind the recorded
 * one (acknowledged after resolved, triggered after acknowledged) is out of order and changes nothing. A
 * resolved incident stays resolved for jita, even if its tool reopens it: reopening grants nothing by itself
 * (approvers still can), which is the safe way to be wrong.
 */
public enum IncidentStatus {
    TRIGGERED,
    ACKNOWLEDGED,
    RESOLVED;

    /** Whether an event in this status may follow one in {@code recorded}: same or later. */
    public boolean mayFollow(IncidentStatus recorded) {
        return ordinal() >= recorded.ordinal();
    }

    /** Triggered or acknowledged: responders' requests may be approved under it. */
    public boolean isOpen() {
        return this != RESOLVED;
    }
}
