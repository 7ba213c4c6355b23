package dev.jita.approvals;

import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.Origin;
import dev.jita.domain.Approver;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.facts.RequestFacts;
import dev.jita.links.CsrfTokens;
import dev.jita.links.LinkPayload;
import dev.jita.links.LinkRejectedException;
import dev.jita.links.LinkTokens;
import dev.jita.links.SignerUnavailableException;
import dev.jita.store.Approval;
import dev.jita.store.AuditLog;
import dev.jita.store.ConflictException;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.TaskGoneException;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowErrors;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens behind {@code /approvals/{token}}: the confirm page on GET and HEAD (which never changes anything)
 * and the decision on POST (design.md "Approver routes", security.md "Approval links").
 *
 * <p>Bad links and bad forms all end in {@link ApprovalOutcome.InvalidLink}, one page whatever the reason; the
 * reason goes to the log, the LinkRejected metric and, on POST, a LINK_REJECTED entry for the request the link
 * names (on its side chain when the link's MAC did not verify, see {@link #rejectedOnPost}). GET and HEAD write no
 * audit entry even for a bad link: mail scanners and link previewers fetch links, often long after they expired,
 * and a write on GET would let anyone who knows a request id grow its audit trail through a method that must
 * change nothing. POST is where a bad link tries to act, so POST is what the trail records.
 */
public final class ApprovalDesk {

    private static final Logger LOG = LoggerFactory.getLogger(ApprovalDesk.class);
    private static final int ATTEMPTS = 5;
    /** Longer than the approval function's timeout (29 s), see {@link #mayResend}. */
    static final Duration RESEND_AFTER = Duration.ofSeconds(60);

    /** Why a link or its form was refused, beyond {@link dev.jita.links.RejectReason}; for the trail only. */
    enum Rejection {
        /** The link verified but names no request jita holds. */
        UNKNOWN_REQUEST,
        /** The POST body is not what the confirm page sends. */
        FORM_INVALID,
        /** The CSRF token is missing or was not issued for this link. */
        BAD_CSRF,
        /** The request no longer hashes to what the link binds: it is not what the approver was asked about. */
        REQUEST_CHANGED
    }

    private final RequestStore store;
    private final Supplier<RuleBook> rules;
    private final LinkTokens links;
    private final CsrfTokens csrf;
    private final Workflow workflow;
    private final Metrics metrics;
    private final Clock clock;
    private final WorkflowHandoff handoff;

    /** @param rules the rules as they are now; approvers are re-checked against them on every call */
    public ApprovalDesk(RequestStore store, Supplier<RuleBook> rules, LinkTokens links, CsrfTokens csrf,
                        Workflow workflow, Metrics metrics, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.links = Objects.requireNonNull(links, "links");
        this.csrf = Objects.requireNonNull(csrf, "csrf");
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.handoff = new WorkflowHandoff(store, workflow, metrics);
    }

    /** GET and HEAD: the confirm page, or why there is none. Reads only; never writes anything. */
    public ApprovalOutcome view(String token, Origin origin) {
        try {
            LinkPayload link;
            try {
                link = links.verify(token);
            } catch (LinkRejectedException e) {
                return rejectedOnRead(e.reason().name(), UntrustedClaims.of(token).map(UntrustedClaims::requestId),
                        origin);
            }
            Optional<StoredRequest> found = store.find(link.rid());
            if (found.isEmpty()) {
                return rejectedOnRead(Rejection.UNKNOWN_REQUEST.name(), Optional.of(link.rid()), origin);
            }
            StoredRequest current = found.get();
            if (!RequestHash.matches(current.request(), link.rh())) {
                return rejectedOnRead(Rejection.REQUEST_CHANGED.name(), Optional.of(link.rid()), origin);
            }
            RuleBook book = rules.get();
            Optional<ApprovalOutcome> blocked = gate(current, link.aid(), book);
            if (blocked.isPresent()) {
                return blocked.get();
            }
            Rule rule = book.rule(current.request().ruleId()).orElseThrow();
            int required = required(rule);
            RequestFacts facts = RequestFacts.of(current.request(),
                    approvedBy(current, book, rule).size(), required);
            return new ApprovalOutcome.Confirm(facts, link.aid(), link.expiresAt(), csrf.issue(link));
        } catch (SignerUnavailableException e) {
            LOG.error("approval link could not be checked: {}", e.getMessage());
            return new ApprovalOutcome.Unavailable();
        }
    }

    /**
     * POST: records this approver's decision once, and on the deciding approval or a denial moves the request and
     * tells the workflow.
     *
     * @param body            the form as API Gateway passed it
     * @param isBase64Encoded as API Gateway reports it for the body
     */
    public ApprovalOutcome decide(String token, String body, boolean isBase64Encoded, Origin origin) {
        try {
            LinkPayload link;
            try {
                link = links.verify(token);
            } catch (LinkRejectedException e) {
                Optional<UntrustedClaims> claims = UntrustedClaims.of(token);
                return rejectedOnPost(e.reason().name(), claims.map(UntrustedClaims::requestId),
                        claims.map(UntrustedClaims::approverId).orElse(null), origin, e.macVerified());
            }
            Optional<StoredRequest> found = store.find(link.rid());
            if (found.isEmpty()) {
                return rejectedOnPost(Rejection.UNKNOWN_REQUEST.name(), Optional.empty(), link.aid(),
                        origin, true);
            }
            Optional<ApprovalForm> form = ApprovalForm.parse(body, isBase64Encoded);
            if (form.isEmpty()) {
                return rejectedOnPost(Rejection.FORM_INVALID.name(), Optional.of(link.rid()), link.aid(),
                        origin, true);
            }
            if (!csrf.check(link, form.get().csrf())) {
                return rejectedOnPost(Rejection.BAD_CSRF.name(), Optional.of(link.rid()), link.aid(),
                        origin, true);
            }
            if (!RequestHash.matches(found.get().request(), link.rh())) {
                return rejectedOnPost(Rejection.REQUEST_CHANGED.name(), Optional.of(link.rid()), link.aid(),
                        origin, true);
            }
            return record(found.get(), link.aid(), form.get(), origin);
        } catch (SignerUnavailableException e) {
            LOG.error("approval link could not be checked: {}", e.getMessage());
            return new ApprovalOutcome.Unavailable();
        }
    }

    private ApprovalOutcome record(StoredRequest read, String approverId, ApprovalForm form, Origin origin) {
        RuleBook book = rules.get();
        StoredRequest current = read;
        for (int attempt = 1; ; attempt++) {
            Optional<ApprovalOutcome> blocked = gate(current, approverId, book);
            if (blocked.isPresent()) {
                if (blocked.get() instanceof ApprovalOutcome.AlreadyDecided && mayResend(current, approverId)) {
                    return resend(current, blocked.get());
                }
                if (blocked.get() instanceof ApprovalOutcome.Refused refused) {
                    store.appendEvent(current.requestId(),
                            AuditEvents.decisionRefused(approverId, refused.refusal().name(), origin));
                    LOG.warn("request {}: decision of {} refused ({})", current.requestId(), approverId,
                            refused.refusal());
                }
                return blocked.get();
            }
            Rule rule = book.rule(current.request().ruleId()).orElseThrow();
            Step step = step(current, approverId, form, origin, book, rule);
            Optional<String> taskToken = Optional.empty();
            if (step.target() != null) {
                taskToken = handoff.taskToken(current.requestId());
                if (taskToken.isEmpty()) {
                    // Notify stores the token with its NOTIFIED entry; a click can only beat it by milliseconds.
                    LOG.error("request {}: no task token on record yet, decision of {} not recorded",
                            current.requestId(), approverId);
                    return new ApprovalOutcome.Unavailable();
                }
            }
            StoredRequest after;
            try {
                after = store.apply(current, step.update(), step.events());
            } catch (ConflictException e) {
                switch (e.reason()) {
                    case ALREADY_DECIDED:
                        return new ApprovalOutcome.AlreadyDecided(Optional.ofNullable(e.actualStatus()));
                    case NOT_PENDING:
                    case ILLEGAL_TRANSITION:
                        return new ApprovalOutcome.NoLongerPending(Optional.ofNullable(e.actualStatus()));
                    case STALE_VERSION:
                        if (attempt >= ATTEMPTS) {
                            throw e;
                        }
                        // Another approver decided meanwhile: count again on what is there now.
                        current = store.get(current.requestId());
                        continue;
                    default:
                        throw e;
                }
            }
            LOG.info("request {}: {} recorded for {}, now {}", after.requestId(), form.decision(), approverId,
                    after.status());
            if (step.target() == null) {
                return new ApprovalOutcome.Recorded(form.decision(), after.status(), step.approvalsSoFar(),
                        step.approvalsRequired());
            }
            return tellWorkflow(after, approverId, form.decision(), step, taskToken.get());
        }
    }

    /** The write one decision makes: the decision alone, or with the move to APPROVED/SCHEDULED or DENIED. */
    private record Step(RequestUpdate update, List<AuditDraft> events, Status target, GrantWindow window,
                        int approvalsSoFar, int approvalsRequired) {
    }

    private Step step(StoredRequest current, String approverId, ApprovalForm form, Origin origin, RuleBook book,
                      Rule rule) {
        Instant now = clock.instant();
        String comment = form.comment().isBlank() ? null : form.comment();
        int required = required(rule);
        List<String> approvedBy = approvedBy(current, book, rule);
        if (form.decision() == Decision.DENY) {
            RequestUpdate update = RequestUpdate.decision(approverId,
                    new Approval(dev.jita.domain.Decision.DENY, now, comment)).withTarget(Status.DENIED);
            return new Step(update, List.of(AuditEvents.denialRecorded(approverId, comment, origin),
                    AuditEvents.denied(approverId, origin)), Status.DENIED, null, approvedBy.size(), required);
        }
        List<String> withThis = new ArrayList<>(approvedBy);
        withThis.add(approverId);
        RequestUpdate update = RequestUpdate.decision(approverId,
                new Approval(dev.jita.domain.Decision.APPROVE, now, comment));
        AuditDraft recorded = AuditEvents.approvalRecorded(approverId, comment, origin);
        if (withThis.size() < required) {
            return new Step(update, List.of(recorded), null, null, withThis.size(), required);
        }
        // The clock starts at the deciding approval, not at the request (design.md, "Workflow").
        GrantWindow window = GrantWindow.fixedAt(now, current.request());
        Status target = window.notBefore().isAfter(now) ? Status.SCHEDULED : Status.APPROVED;
        update = update.withTarget(target).withWindow(window);
        return new Step(update, List.of(recorded, AuditEvents.approved(approverId, withThis, window, origin)),
                target, window, withThis.size(), required);
    }

    private ApprovalOutcome tellWorkflow(StoredRequest after, String approverId, Decision decision, Step step,
                                         String taskToken) {
        if (decision == Decision.DENY) {
            try {
                metrics.count(Metric.Denied);
                workflow.rejected(taskToken, WorkflowErrors.DENIED, "Denied by approver " + approverId + ".");
            } catch (TaskGoneException gone) {
                // A late decision (security.md "Workflow"): answered 410, never retried.
                LOG.warn("request {}: the workflow no longer waits ({}); denial by {} came too late",
                        after.requestId(), gone.awsError(), approverId);
                return new ApprovalOutcome.NoLongerPending(Optional.of(Status.DENIED));
            } catch (RuntimeException e) {
                // DENIED is final and recorded: the wait times out and its TimedOut step leaves DENIED as it is.
                LOG.error("request {}: denial by {} recorded, but the workflow could not be told ({}); it ends at "
                        + "its approval timeout", after.requestId(), approverId, e.getClass().getSimpleName());
            }
        } else {
            try {
                if (handoff.approved(after, step.window(), taskToken, approverId) == WorkflowHandoff.Told.TOO_LATE) {
                    return new ApprovalOutcome.NoLongerPending(Optional.empty());
                }
            } catch (HandoffFailedException e) {
                LOG.error("{}; the approver's next POST re-sends it", e.getMessage());
                return new ApprovalOutcome.NotPassedOn();
            }
        }
        return new ApprovalOutcome.Recorded(decision, after.status(), step.approvalsSoFar(),
                step.approvalsRequired());
    }

    /**
     * Whether this approver's POST, already decided, should send the window again: the request is approved by
     * approvers (not an incident), not granted yet, this approver approved it, and the deciding approval is older
     * than {@link #RESEND_AFTER}. The approval function's timeout is shorter, so the POST that recorded the
     * approval has finished its own handoff by then: a re-send never races it (had it won, that POST would have
     * met TaskGone and ended the request FAILED). A double click gets its 409 without a re-send.
     */
    private boolean mayResend(StoredRequest current, String approverId) {
        Approval mine = current.approvals().get(approverId);
        return (current.status() == Status.APPROVED || current.status() == Status.SCHEDULED)
                && current.incidentId() == null && current.grant().isEmpty() && current.window() != null
                && mine != null && mine.decision() == dev.jita.domain.Decision.APPROVE
                && current.approvals().values().stream().map(Approval::at).max(Comparator.naturalOrder())
                        .orElseThrow().plus(RESEND_AFTER).isBefore(clock.instant());
    }

    /** The approval stands; tell the workflow again in case the first handoff was lost, and answer as before. */
    private ApprovalOutcome resend(StoredRequest current, ApprovalOutcome alreadyDecided) {
        Optional<String> taskToken = handoff.taskToken(current.requestId());
        if (taskToken.isEmpty()) {
            return alreadyDecided;
        }
        try {
            handoff.resend(current, taskToken.get());
            return alreadyDecided;
        } catch (HandoffFailedException e) {
            LOG.error("{}; the approver may try again", e.getMessage());
            return new ApprovalOutcome.NotPassedOn();
        }
    }

    /**
     * Why this approver may not decide now, if they may not: the requester never (even when listed), a decision
     * already on record (409), a request no longer pending (410), an approver the current rules no longer list.
     */
    private static Optional<ApprovalOutcome> gate(StoredRequest current, String approverId, RuleBook book) {
        Optional<Approver> approver = book.rule(current.request().ruleId()).stream()
                .flatMap(rule -> book.approversOf(rule).stream())
                .filter(a -> a.id().equals(approverId))
                .findFirst();
        if (approver.isPresent() && approver.get().mightBe(current.request().requester())) {
            return Optional.of(new ApprovalOutcome.Refused(Refusal.OWN_REQUEST));
        }
        if (current.approvals().containsKey(approverId)) {
            return Optional.of(new ApprovalOutcome.AlreadyDecided(Optional.of(current.status())));
        }
        if (current.status() != Status.PENDING_APPROVAL) {
            return Optional.of(new ApprovalOutcome.NoLongerPending(Optional.of(current.status())));
        }
        if (approver.isEmpty()) {
            return Optional.of(new ApprovalOutcome.Refused(Refusal.NO_LONGER_APPROVER));
        }
        return Optional.empty();
    }

    /**
     * The approvals that count, oldest first: only from approvers the current rules still let approve this
     * request, so a removed approver's earlier approval no longer helps reach N.
     */
    private static List<String> approvedBy(StoredRequest current, RuleBook book, Rule rule) {
        Set<String> eligible = book.eligibleApprovers(rule, current.request().requester()).stream()
                .map(Approver::id).collect(Collectors.toSet());
        return current.approvals().entrySet().stream()
                .filter(e -> e.getValue().decision() == dev.jita.domain.Decision.APPROVE)
                .filter(e -> eligible.contains(e.getKey()))
                .sorted(Comparator.comparing((Map.Entry<String, Approval> e) -> e.getValue().at())
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static int required(Rule rule) {
        return Math.max(1, rule.approvalsRequired());
    }

    private ApprovalOutcome rejectedOnRead(String reason, Optional<String> requestId, Origin origin) {
        metrics.count(Metric.LinkRejected);
        LOG.warn("approval link rejected: reason={} method=GET request={} sourceIp={}", reason,
                requestId.orElse("-"), origin.sourceIp());
        return new ApprovalOutcome.InvalidLink();
    }

    /**
     * The generic answer to a refused link on POST, and its LINK_REJECTED entry for the request it names, if that
     * request exists (a made-up id must not start an audit chain of its own). A token whose MAC did not verify may
     * be anyone's, so its entry goes on the request's side chain ({@link AuditLog#linkRejectionsOf}), never the
     * request's own: a flood of forgeries naming a real request must not move its audit head under the real
     * decisions (whose writes retry only a few times when it moves). A side chain rather than a cap, because a cap
     * would stop recording exactly while an attack goes on.
     *
     * <p>The refusal is the answer: a store that fails or keeps moving while the entry is written is logged, never
     * turned into another answer (a 503 for a forged token would tell its sender the request id exists).
     *
     * @param macVerified whether the link's MAC had verified, so that {@code requestId} is jita's own
     */
    private ApprovalOutcome rejectedOnPost(String reason, Optional<String> requestId, String claimedApprover,
                                           Origin origin, boolean macVerified) {
        metrics.count(Metric.LinkRejected);
        boolean audited = false;
        if (requestId.isPresent()) {
            try {
                if (store.find(requestId.get()).isPresent()) {
                    store.appendEvent(macVerified ? requestId.get() : AuditLog.linkRejectionsOf(requestId.get()),
                            AuditEvents.linkRejected(reason, "POST", claimedApprover, origin));
                    audited = true;
                }
            } catch (RuntimeException e) {
                LOG.warn("approval link rejection not audited for request {}: {}", requestId.get(),
                        e.getClass().getSimpleName());
            }
        }
        LOG.warn("approval link rejected: reason={} method=POST request={} macVerified={} audited={} sourceIp={}",
                reason, requestId.orElse("-"), macVerified, audited, origin.sourceIp());
        return new ApprovalOutcome.InvalidLink();
    }
}
