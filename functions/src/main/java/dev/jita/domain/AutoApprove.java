package dev.jita.domain;

import java.util.Objects;

/**
 * When a rule's requests skip the approvers.
 *
 * @param always   every request under the rule is approved on arrival (still audited, still time-boxed)
 * @param incident approve a responder's request while a qualifying incident is open; null when not allowed
 */
public record AutoApprove(boolean always, Incident incident) {
    public static final AutoApprove NEVER = new AutoApprove(false, null);

    /**
     * @param minSeverity the least severe incident that qualifies (SEV2 admits SEV1 and SEV2)
     * @param onCallOnly  only responders the incident marks as on call (paged, acknowledging, leading); without it,
     *                    any responder the incident names. Someone the incident does not name is never approved by it
     */
    public record Incident(Severity minSeverity, boolean onCallOnly) {
        public Incident {
            Objects.requireNonNull(minSeverity, "minSeverity");
        }
    }

    /** Whether an incident of this severity lets the rule's requests through without approvers. */
    public boolean allowsIncident(Severity severity) {
        return incident != null && severity.meets(incident.minSeverity());
    }
}
