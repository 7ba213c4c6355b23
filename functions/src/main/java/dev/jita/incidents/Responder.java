package dev.jita.incidents;

import java.util.Objects;

/**
 * A person an incident names.
 *
 * @param id     as the tool names them: an e-mail (Opsgenie, incident.io), a tool user id (PagerDuty's PXXXXXX), a
 *               user name, or a principal ARN; {@link ResponderMatch} says how it is matched to a requester
 * @param onCall paged for it or leading it (PagerDuty assignee, Opsgenie user responder or acknowledger,
 *               incident.io lead, generic {@code onCall: true}); what {@code autoApprove.incident.onCallOnly} needs
 */
public record Responder(String id, boolean onCall) {
    public Responder {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a responder needs an id");
        }
    }
}
