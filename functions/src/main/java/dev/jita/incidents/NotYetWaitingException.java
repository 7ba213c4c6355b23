package dev.jita.incidents;

import java.util.List;

/**
 * Requests that an incident approves have no workflow waiting for approval yet (created milliseconds ago): the
 * event's other effects are done, and EventBridge's retry of the event approves these.
 */
public final class NotYetWaitingException extends RuntimeException {
    public NotYetWaitingException(String incidentKey, List<String> requestIds) {
        super("incident " + incidentKey + ": requests " + requestIds + " are not waiting for approval yet; the event"
                + " is retried");
    }
}
