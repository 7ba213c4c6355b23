package dev.jita.incidents;

import dev.jita.approvals.WorkflowHandoff;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.Origin;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Approver;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.facts.RequestFacts;
import dev.jita.grants.Revocations;
import dev.jita.notifications.Message;
import dev.jita.notifications.Notification;
import dev.jita.notifications.NotificationException;
import dev.jita.notifications.Notifier;
import dev.jita.notifications.Recipient;
import dev.jita.store.ConflictException;
import dev.jita.store.Page;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an incident event does (design.md "Incidents"). Triggered or acknowledged: every pending request of a
 * responder the event names, under a rule whose {@code autoApprove.incident} admits the incident's severity (and,
 * with onCallOnly, only of a responder on call), is approved: INCIDENT_AUTO_APPROVED, window fixed now and never
 * longer than the rule's maxDuration, then the workflow is told exactly as for an approver's approval
 * ({@link WorkflowHandoff}). Under a {@code breakGlass} rule the entry carries a forced reason and every approver
 * of the rule is told. Resolved: every request approved under the incident that has not ended is revoked
 * (REVOKED, reason "incident resolved").
 *
 * <p>security.md "Input": events are deduplicated by event id and incident id, events behind the incident's
 * recorded status change nothing, and events older than the configured age are refused. security.md "Workflow":
 * every handler can run twice on the same input with one effect.
 */
public final class IncidentResponse {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentResponse.class);
    /** Incident tools' clocks drift; an event this far ahead of ours is still taken as now. */
    static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);
    /** Slack beyond the longest approval timeout before a request surely is no longer pending. */
    private static final Duration PENDING_MARGIN = Duration.ofHours(1);
    private static final int PAGE = 100;
    private static final int ATTEMPTS = 5;
    public static final String RESOLVED_REASON = "incident resolved";

    /** What one event did. */
    public sealed interface Result {
    }

    /** Too old (or too far ahead) to act on; logged. */
    public record Refused(String reason) implements Result {
    }

    /** Handled before: nothing done. */
    public record Duplicate() implements Result {
    }

    /** The incident is already further along: nothing done. */
    public record OutOfOrder(IncidentStatus recorded) implements Result {
    }

    /**
     * Acted on.
     *
     * @param approved requests approved under the incident by this event
     * @param revoked  requests revoked by this event (resolution)
     * @param tooLate  requests approved whose workflow had stopped waiting (ended FAILED)
     */
    public record Applied(IncidentStatus status, List<String> approved, List<String> revoked, List<String> tooLate)
            implements Result {
        public Applied {
            approved = List.copyOf(approved);
            revoked = List.copyOf(revoked);
            tooLate = List.copyOf(tooLate);
        }
    }

    private final IncidentRecords records;
    private final RequestStore store;
    private final Supplier<RuleBook> rules;
    private final WorkflowHandoff handoff;
    private final Revocations revokes;
    private final Notifier notifier;
    private final IncidentConfig config;
    private final ResponderMatch match;
    private final Clock clock;

    /** @param rules the rules as they are now; read on every event */
    public IncidentResponse(IncidentRecords records, RequestStore store, Supplier<RuleBook> rules,
                            WorkflowHandoff handoff, Revocations revokes, Notifier notifier, IncidentConfig config,
                            Clock clock) {
        this.records = Objects.requireNonNull(records, "records");
        this.store = Objects.requireNonNull(store, "store");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.handoff = Objects.requireNonNull(handoff, "handoff");
        this.revokes = Objects.requireNonNull(revokes, "revokes");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.config = Objects.requireNonNull(config, "config");
        this.match = new ResponderMatch(config.responderAliases());
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@link #handle(Incident, Delivery)} for a delivery with no Lambda request behind it (the tests). */
    public Result handle(Incident incident) {
        return handle(incident, Delivery.unnamed());
    }

    /**
     * Applies the event if this delivery wins its claim ({@link IncidentRecords#admit}); every other delivery of
     * it answers {@link Duplicate}. A failure releases the claim and is thrown, so the retry applies the event.
     *
     * @throws NotYetWaitingException when a qualifying request's workflow has not reached AwaitApproval yet; the
     *                                rest of the event's effects are done and a retry finishes the job
     */
    public Result handle(Incident incident, Delivery delivery) {
        Instant now = clock.instant();
        if (incident.occurredAt().isBefore(now.minus(config.maxEventAge()))) {
            String why = "event " + incident.eventId() + " of incident " + incident.key() + " happened at "
                    + incident.occurredAt() + ", more than " + config.maxEventAge() + " ago";
            LOG.warn("incident event refused as stale: {}", why);
            return new Refused(why);
        }
        if (incident.occurredAt().isAfter(now.plus(FUTURE_TOLERANCE))) {
            String why = "event " + incident.eventId() + " of incident " + incident.key() + " claims to happen at "
                    + incident.occurredAt() + ", in the future";
            LOG.warn("incident event refused: {}", why);
            return new Refused(why);
        }
        IncidentRecords.Admission admission = records.admit(incident, delivery);
        if (admission instanceof IncidentRecords.Duplicate) {
            LOG.info("incident {}: event {} handled before, nothing to do", incident.key(), incident.eventId());
            return new Duplicate();
        }
        if (admission instanceof IncidentRecords.InProgress) {
            LOG.info("incident {}: event {} is being handled by another delivery, nothing to do", incident.key(),
                    incident.eventId());
            return new Duplicate();
        }
        if (admission instanceof IncidentRecords.OutOfOrder out) {
            LOG.info("incident {}: event {} ({}) is behind the recorded status {}, nothing to do", incident.key(),
                    incident.eventId(), incident.status(), out.record().status());
            return new OutOfOrder(out.record().status());
        }
        IncidentRecords.Admitted admitted = (IncidentRecords.Admitted) admission;
        Applied applied;
        try {
            applied = apply(incident, admitted);
            records.markHandled(admitted.claim());
        } catch (RuntimeException e) {
            try {
                records.release(admitted.claim());
            } catch (RuntimeException releaseFailed) {
                // the claim then expires with this delivery's time, or Lambda's retry (same id) takes it over
                e.addSuppressed(releaseFailed);
            }
            throw e;
        }
        LOG.info("incident {} {} ({}): approved {}, revoked {}", incident.key(), incident.status(),
                incident.severity(), applied.approved(), applied.revoked());
        return applied;
    }

    private Applied apply(Incident incident, IncidentRecords.Admitted admitted) {
        if (!incident.status().isOpen()) {
            return resolve(incident, admitted.record());
        }
        if (admitted.retry()) {
            resendHandoffs(incident, admitted.record());
        }
        return approveResponders(incident);
    }

    /**
     * A retry of an open event: an earlier attempt may have approved a request and failed before the workflow
     * heard of it, and a request no longer pending is not approved again, so tell the workflow once more. Step
     * Functions ignores a second success for a task already done ({@link WorkflowHandoff#resend}).
     */
    private void resendHandoffs(Incident incident, IncidentRecord record) {
        for (String requestId : new TreeSet<>(record.approvedRequests())) {
            Optional<StoredRequest> found = store.find(requestId);
            if (found.isEmpty() || !incident.key().equals(found.get().incidentId())
                    || (found.get().status() != Status.APPROVED && found.get().status() != Status.SCHEDULED)) {
                continue;
            }
            handoff.taskToken(requestId).ifPresent(token -> handoff.resend(found.get(), token));
        }
    }

    private Applied approveResponders(Incident incident) {
        RuleBook book = rules.get();
        List<Rule> qualifying = book.rules().stream()
                .filter(r -> r.autoApprove().allowsIncident(incident.severity())).toList();
        List<String> approved = new ArrayList<>();
        List<String> tooLate = new ArrayList<>();
        List<String> notWaiting = new ArrayList<>();
        if (qualifying.isEmpty()) {
            return new Applied(incident.status(), approved, List.of(), tooLate);
        }
        Instant horizon = clock.instant().minus(pendingHorizon(book));
        for (Responder responder : incident.responders()) {
            for (StoredRequest pending : pendingOf(responder, qualifying, horizon)) {
                Optional<Rule> rule = book.rule(pending.request().ruleId());
                if (rule.isEmpty() || !qualifies(rule.get(), incident, responder)
                        || !match.matches(responder, pending.request().requester())) {
                    continue;
                }
                switch (approve(pending, rule.get(), incident)) {
                    case APPROVED -> approved.add(pending.requestId());
                    case TOO_LATE -> tooLate.add(pending.requestId());
                    case NOT_WAITING_YET -> notWaiting.add(pending.requestId());
                    case NO_LONGER_PENDING -> {
                        // decided, cancelled or approved by a concurrent delivery meanwhile
                    }
                }
            }
        }
        if (!notWaiting.isEmpty()) {
            throw new NotYetWaitingException(incident.key(), notWaiting);
        }
        return new Applied(incident.status(), approved, List.of(), tooLate);
    }

    private static boolean qualifies(Rule rule, Incident incident, Responder responder) {
        return rule.autoApprove().allowsIncident(incident.severity())
                && (!rule.autoApprove().incident().onCallOnly() || responder.onCall());
    }

    /**
     * The responder's requests still pending, under any of its possible principals, each once. Reads each
     * principal's requests newest first and stops at the first one older than any approval timeout: nothing older
     * can still be pending, so the cost follows recent activity, not the whole history.
     */
    private List<StoredRequest> pendingOf(Responder responder, List<Rule> rules, Instant horizon) {
        Set<String> seen = new LinkedHashSet<>();
        List<StoredRequest> found = new ArrayList<>();
        for (String arn : match.principalArns(responder, rules)) {
            String cursor = null;
            boolean more = true;
            while (more) {
                Page<StoredRequest> page = store.byRequester(arn, Optional.empty(), PAGE, cursor);
                cursor = page.nextCursor();
                more = cursor != null;
                for (StoredRequest r : page.items()) {
                    if (r.request().createdAt().isBefore(horizon)) {
                        more = false;
                        break;
                    }
                    if (r.status() == Status.PENDING_APPROVAL && seen.add(r.requestId())) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    private enum Approval { APPROVED, TOO_LATE, NOT_WAITING_YET, NO_LONGER_PENDING }

    private Approval approve(StoredRequest read, Rule rule, Incident incident) {
        String requestId = read.requestId();
        Optional<String> token = handoff.taskToken(requestId);
        if (token.isEmpty()) {
            LOG.info("request {}: its workflow does not wait for approval yet; the incident event will be retried",
                    requestId);
            return Approval.NOT_WAITING_YET;
        }
        // Before the approval, so the resolution finds every request approved under the incident.
        records.recordApproval(incident.key(), requestId);
        StoredRequest current = read;
        for (int attempt = 1; ; attempt++) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            GrantWindow window = windowFor(current.request(), rule, now);
            Status target = window.notBefore().isAfter(now) ? Status.SCHEDULED : Status.APPROVED;
            StoredRequest after;
            try {
                after = store.apply(current, RequestUpdate.moveTo(target).withWindow(window)
                        .withIncident(incident.key()), entry(incident, rule, window));
            } catch (ConflictException e) {
                if (e.reason() == ConflictException.Reason.STALE_VERSION && attempt < ATTEMPTS) {
                    current = store.get(requestId);
                    if (current.status() == Status.PENDING_APPROVAL) {
                        continue;
                    }
                }
                LOG.info("request {}: no longer pending ({}), not approved under incident {}", requestId,
                        e.actualStatus(), incident.key());
                return Approval.NO_LONGER_PENDING;
            }
            WorkflowHandoff.Told told = handoff.approved(after, window, token.get(), incident.source().label());
            if (told == WorkflowHandoff.Told.TOO_LATE) {
                return Approval.TOO_LATE;
            }
            LOG.info("request {}: approved under incident {} ({}){}", requestId, incident.key(),
                    incident.severity(), rule.breakGlass() ? ", break-glass" : "");
            if (rule.breakGlass()) {
                tellApprovers(after, rule, incident);
            }
            return Approval.APPROVED;
        }
    }

    /** The window fixed now, as for an approver's approval, and never longer than the rule allows today. */
    static GrantWindow windowFor(AccessRequest request, Rule rule, Instant now) {
        GrantWindow fixed = GrantWindow.fixedAt(now, request);
        Duration length = Duration.between(fixed.notBefore(), fixed.notAfter());
        return length.compareTo(rule.maxDuration()) <= 0 ? fixed
                : new GrantWindow(fixed.notBefore(), fixed.notBefore().plus(rule.maxDuration()));
    }

    private static AuditDraft entry(Incident incident, Rule rule, GrantWindow window) {
        String reason = rule.breakGlass() ? "break-glass: approved without approvers under "
                + incident.source().label() + " incident " + incident.id() + " (" + incident.severity()
                + "); every approver of rule " + rule.id() + " is told" : null;
        return AuditEvents.incidentAutoApproved(incident.id(), incident.source().label(), incident.severity().name(),
                window, reason);
    }

    /** Break-glass: every approver of the rule hears of it; one unreachable approver does not undo the approval. */
    private void tellApprovers(StoredRequest approved, Rule rule, Incident incident) {
        RuleBook book = rules.get();
        RequestFacts facts = RequestFacts.of(approved.request(), 0, Math.max(1, rule.approvalsRequired()));
        for (Approver approver : book.approversOf(rule)) {
            try {
                notifier.send(new Notification(new Recipient(approver.id(), Optional.of(approver.email()),
                        Optional.of(approver.id())), facts,
                        new Message.BreakGlass(incident.id(), incident.severity().name())));
            } catch (NotificationException | IllegalArgumentException e) {
                LOG.warn("request {}: could not tell approver {} of the break-glass approval: {}",
                        approved.requestId(), approver.id(), e.getMessage());
            }
        }
    }

    private Applied resolve(Incident incident, IncidentRecord record) {
        List<String> revoked = new ArrayList<>();
        for (String requestId : new TreeSet<>(record.approvedRequests())) {
            Optional<StoredRequest> found = store.find(requestId);
            if (found.isEmpty() || !incident.key().equals(found.get().incidentId())) {
                continue; // recorded, then not approved after all (decided or cancelled meanwhile)
            }
            Status status = found.get().status();
            if (status == Status.APPROVED || status == Status.SCHEDULED || status == Status.ACTIVE) {
                StoredRequest after = revokes.revokeNow(requestId, incident.source().label(), ActorKind.INCIDENT,
                        Origin.NONE, RESOLVED_REASON);
                if (after.status() == Status.REVOKED) {
                    revoked.add(requestId);
                }
            }
        }
        return new Applied(incident.status(), List.of(), revoked, List.of());
    }

    private static Duration pendingHorizon(RuleBook book) {
        return book.rules().stream().map(Rule::approvalTimeout).max(Duration::compareTo).orElse(Duration.ZERO)
                .plus(PENDING_MARGIN);
    }
}
