package dev.jita.requests;

import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Reason;
import dev.jita.domain.Requester;
import dev.jita.store.ActorKind;
import dev.jita.store.AuditDraft;
import dev.jita.store.AuditType;
import dev.jita.store.Origin;
import dev.jita.store.Outcome;
import java.time.format.DateTimeFormatter;

/** The audit entries intake writes, one method per event, with constant detail keys. */
public final class RequestAudit {

    /** How jita names itself as the actor of what intake does on its own. */
    public static final String INTAKE = "jita:intake";

    public static final String RULE_ID = "ruleId";
    public static final String ACTIONS = "actions";
    public static final String RESOURCES = "resources";
    public static final String DURATION_MINUTES = "durationMinutes";
    public static final String TICKET = "ticket";
    public static final String START_AT = "startAt";
    public static final String REASON = "reason";
    public static final String NOT_BEFORE = "notBefore";
    public static final String NOT_AFTER = "notAfter";
    public static final String APPROVED_BY = "approvedBy";

    /** Reason detail of a request ended because its workflow never started. */
    public static final String WORKFLOW_NOT_STARTED = "workflow-not-started";

    private RequestAudit() {
    }

    public static AuditDraft requested(AccessRequest r, Origin origin) {
        return AuditDraft.of(AuditType.REQUESTED, r.requester().arn(), ActorKind.REQUESTER, Outcome.SUCCESS)
                .withOrigin(origin)
                .withDetail(RULE_ID, r.ruleId())
                .withDetail(ACTIONS, String.join(",", r.actions()))
                .withDetail(RESOURCES, String.join(",", r.resources()))
                .withDetail(DURATION_MINUTES, Long.toString(r.duration().toMinutes()))
                .withDetail(TICKET, r.ticket())
                .withDetail(START_AT, r.startAt() == null ? null : iso(r.startAt()));
    }

    /** A request eligibility refused; kept under the id it would have had, found by time range. */
    public static AuditDraft rejected(Requester who, Origin origin, NewRequest asked, Reason reason, String ruleId) {
        return AuditDraft.of(AuditType.REJECTED, who.arn(), ActorKind.REQUESTER, Outcome.REFUSED)
                .withOrigin(origin)
                .withDetail(REASON, reason.name())
                .withDetail(RULE_ID, ruleId != null ? ruleId : asked.ruleId())
                .withDetail(ACTIONS, String.join(",", asked.actions()))
                .withDetail(RESOURCES, String.join(",", asked.resources()))
                .withDetail(DURATION_MINUTES, Integer.toString(asked.durationMinutes()));
    }

    /** A rule that always auto-approves: approved on arrival, the window fixed now. */
    public static AuditDraft autoApproved(AccessRequest r, GrantWindow window) {
        return AuditDraft.of(AuditType.APPROVED, INTAKE, ActorKind.SYSTEM, Outcome.SUCCESS)
                .withDetail(RULE_ID, r.ruleId())
                .withDetail(APPROVED_BY, "rule:autoApprove.always")
                .withDetail(RESOURCES, String.join(",", r.resources()))
                .withDetail(NOT_BEFORE, iso(window.notBefore()))
                .withDetail(NOT_AFTER, iso(window.notAfter()));
    }

    public static AuditDraft cancelled(AccessRequest r, Requester by, Origin origin) {
        return AuditDraft.of(AuditType.CANCELLED, by.arn(), ActorKind.REQUESTER, Outcome.SUCCESS)
                .withOrigin(origin)
                .withDetail(RESOURCES, String.join(",", r.resources()));
    }

    /**
     * The workflow could not be started and the caller cannot finish the job (no Idempotency-Key): the request is
     * ended rather than left pending with nothing to time it out.
     */
    public static AuditDraft workflowNotStarted(AccessRequest r, AuditType type) {
        return AuditDraft.of(type, INTAKE, ActorKind.SYSTEM, Outcome.FAILURE)
                .withDetail(REASON, WORKFLOW_NOT_STARTED)
                .withDetail(RESOURCES, String.join(",", r.resources()));
    }

    private static String iso(java.time.Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }
}
