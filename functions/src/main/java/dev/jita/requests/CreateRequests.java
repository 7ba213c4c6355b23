package dev.jita.requests;

import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.app.Pause;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Approver;
import dev.jita.domain.Eligibility;
import dev.jita.domain.EligibilityRequest;
import dev.jita.domain.EligibilityResult;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Sha256;
import dev.jita.domain.Status;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.GrantRefusedException;
import dev.jita.iam.InlinePolicySize;
import dev.jita.store.CapReachedException;
import dev.jita.store.Caps;
import dev.jita.store.ConflictException;
import dev.jita.store.IdempotencyStore;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /requests}: judge the request against the rules and the size of the grant it would make, store it
 * (PENDING_APPROVAL with its REQUESTED entry in one transaction, which also takes its place in its role's
 * {@link Caps}), approve it on arrival when its rule says so, and start its workflow (execution name = request id).
 *
 * <p>The workflow start comes after the write, so it can fail after the request exists. It is retried a few
 * times; if it still fails, a caller who sent an Idempotency-Key is told to send the same POST again, and that
 * retry finishes the job (the key leads back to the stored request; Step Functions treats a second start with the
 * same name and input as a no-op). Without a key nobody could finish it, so the request is ended (CANCELLED, or
 * FAILED once approved) with an audit entry saying why, rather than left pending with nothing to time it out.
 *
 * <p>It answers with a {@link CreateOutcome}, never with HTTP: the route says what each outcome means to a caller.
 */
public final class CreateRequests {

    private static final Logger LOG = LoggerFactory.getLogger(CreateRequests.class);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final int START_ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final RuleBook rules;
    private final Eligibility eligibility;
    private final RequestStore store;
    private final IdempotencyStore idempotency;
    private final Workflow workflow;
    private final Metrics metrics;
    private final Clock clock;
    private final RequestIds ids;
    private final Caps caps;
    private final Pause pause;

    /** @param caps how many requests one role may have pending, and pending or granted, at once */
    public CreateRequests(RuleBook rules, RequestStore store, IdempotencyStore idempotency, Workflow workflow,
                          Metrics metrics, Clock clock, RequestIds ids, Caps caps, Pause pause) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.store = Objects.requireNonNull(store, "store");
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.caps = Objects.requireNonNull(caps, "caps");
        this.eligibility = new Eligibility(rules, clock);
    }

    /**
     * @param rawBody        the body as received, hashed for the Idempotency-Key check
     * @param idempotencyKey the Idempotency-Key header, or null
     * @return accepted, or why not: invalid (bad key, grant not writable or too large), refused by the rules, key
     *         reused with another body, rule removed since, role at a cap, workflow not started
     */
    public CreateOutcome create(Requester who, Origin origin, NewRequest asked, String rawBody,
                                String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            return new CreateOutcome.Invalid("invalid-idempotency-key", "The Idempotency-Key must be 1 to 128"
                    + " visible ASCII characters; a UUID is a good choice.");
        }
        Duration duration = Duration.ofMinutes(asked.durationMinutes());
        EligibilityResult result = eligibility.decide(new EligibilityRequest(who, asked.actions(), asked.resources(),
                duration, asked.startAt(), asked.ruleId()));
        if (result instanceof EligibilityResult.NotEligible refused) {
            auditRefusal(who, origin, asked, refused);
            return new CreateOutcome.Refused(refused.reason(), refused.message());
        }
        Rule rule = ((EligibilityResult.Eligible) result).rule();

        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String requestId = ids.next();
        // Before the key is claimed, so that a body refused here claims nothing.
        Optional<CreateOutcome.Invalid> ungrantable = ungrantable(newRequest(requestId, who, asked, rule, now));
        if (ungrantable.isPresent()) {
            return ungrantable.get();
        }
        if (idempotencyKey != null) {
            IdempotencyStore.Claim claim = idempotency.claim(who.arn(), idempotencyKey, Sha256.hex(rawBody), requestId);
            if (claim instanceof IdempotencyStore.Claim.Mismatch) {
                return new CreateOutcome.KeyReused();
            }
            if (claim instanceof IdempotencyStore.Claim.Replay replay) {
                Optional<StoredRequest> earlier = store.find(replay.requestId());
                if (earlier.isPresent()) {
                    return finish(earlier.get(), true, true);
                }
                // The first attempt claimed the key but stored nothing: do it now, under the id it claimed.
                requestId = replay.requestId();
            }
        }

        boolean auto = rule.autoApprove().always();
        AccessRequest request = newRequest(requestId, who, asked, rule, now);
        String hash = RequestHash.of(request);
        AuditDraft requested = AuditEvents.requested(request, hash, origin);
        StoredRequest stored;
        try {
            if (auto) {
                // Approved on arrival: stored SCHEDULED with both entries in the one write that creates it.
                GrantWindow window = GrantWindow.fixedAt(now, request);
                stored = store.createApproved(request, hash, requested, window,
                        AuditEvents.autoApproved(request, window), caps);
            } else {
                stored = store.create(request, hash, requested, caps);
            }
        } catch (CapReachedException e) {
            return new CreateOutcome.TooMany(e.kind(), who.roleName(), e.limit());
        } catch (ConflictException e) {
            if (idempotencyKey != null && e.reason() == ConflictException.Reason.ALREADY_EXISTS) {
                // A concurrent retry with the same key got there first.
                return finish(store.get(requestId), true, true);
            }
            throw e;
        }
        metrics.count(Metric.RequestsCreated);
        return finish(stored, false, idempotencyKey != null);
    }

    /**
     * Takes a stored request as far as intake takes it: approved on arrival if its rule says so (a request created
     * before its rule became auto-approving, met again through its Idempotency-Key), workflow started.
     */
    private CreateOutcome finish(StoredRequest stored, boolean replay, boolean callerCanRetry) {
        Optional<Rule> ruleNow = rules.rule(stored.request().ruleId());
        if (ruleNow.isEmpty()) {
            return new CreateOutcome.RuleRemoved(stored.requestId());
        }
        Rule rule = ruleNow.get();
        StoredRequest current = stored;
        boolean auto = rule.autoApprove().always();
        if (auto && current.status() == Status.PENDING_APPROVAL) {
            current = approveOnArrival(current);
        }
        boolean needsStart = current.status() == Status.PENDING_APPROVAL
                || (auto && current.status() == Status.SCHEDULED);
        // Once the sweeper restarted a workflow that intake never started (as <requestId>-r<n>), a late retry must
        // not start a second one under the request id. Only a replay can meet that: a request created by this very
        // call is minutes younger than the sweeper's restart grace, so the read stays off the create path.
        boolean restarted = replay && store.workflowRestarts(current.requestId()).count() > 0;
        if (needsStart && !restarted && !startWorkflow(current, rule)) {
            if (callerCanRetry) {
                return new CreateOutcome.NotStarted(current.requestId());
            }
            endUnstarted(current);
            return new CreateOutcome.Unavailable(current.requestId());
        }
        List<String> approverIds = auto ? List.of()
                : rules.eligibleApprovers(rule, current.request().requester()).stream().map(Approver::id).toList();
        return new CreateOutcome.Accepted(current, rule, approverIds, replay);
    }

    private StoredRequest approveOnArrival(StoredRequest pending) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        GrantWindow window = GrantWindow.fixedAt(now, pending.request());
        try {
            return store.apply(pending,
                    RequestUpdate.moveTo(Status.SCHEDULED).withWindow(window),
                    AuditEvents.autoApproved(pending.request(), window));
        } catch (ConflictException e) {
            // A concurrent retry approved it meanwhile; carry on from what it wrote.
            return store.get(pending.requestId());
        }
    }

    /** Starts the request's workflow, retrying a few times; false when it did not start. */
    private boolean startWorkflow(StoredRequest request, Rule rule) {
        boolean auto = rule.autoApprove().always();
        GrantWindow window = auto ? request.window() : null;
        WorkflowInput input = new WorkflowInput(request.requestId(), auto, rule.approvalTimeout(), window);
        RuntimeException last = null;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                workflow.start(input);
                return true;
            } catch (RuntimeException e) {
                last = e;
                LOG.warn("starting the workflow of request {} failed (attempt {} of {}): {}", request.requestId(),
                        attempt, START_ATTEMPTS, e.getClass().getSimpleName());
                if (attempt < START_ATTEMPTS) {
                    pause.pause(backoff);
                    backoff = backoff.multipliedBy(4);
                }
            }
        }
        LOG.error("the workflow of request {} did not start", request.requestId(), last);
        return false;
    }

    private void endUnstarted(StoredRequest request) {
        boolean approved = request.status() == Status.SCHEDULED;
        Status target = approved ? Status.FAILED : Status.CANCELLED;
        AuditType type = approved ? AuditType.GRANT_FAILED : AuditType.CANCELLED;
        store.apply(request, RequestUpdate.moveTo(target), AuditEvents.workflowNotStarted(request.request(), type));
    }

    private static AccessRequest newRequest(String requestId, Requester who, NewRequest asked, Rule rule,
                                            Instant now) {
        return new AccessRequest(requestId, who, asked.actions(), asked.resources(),
                Duration.ofMinutes(asked.durationMinutes()), asked.justification(), asked.ticket(), asked.startAt(),
                rule.id(), now);
    }

    /**
     * One request may take at most {@link InlinePolicySize#REQUEST_LIMIT} of its role's inline-policy budget. The
     * size is that of the very policy the grant would write, counted as IAM counts; only its window is not known
     * yet, and its timestamps always take the same 20 characters. The grant checks the role's total again before it
     * writes (the last line: other requests share the role).
     *
     * @return why the request cannot be granted as asked, or empty when it can
     */
    private static Optional<CreateOutcome.Invalid> ungrantable(AccessRequest request) {
        GrantWindow window = GrantWindow.fixedAt(request.createdAt(), request);
        int size;
        try {
            size = InlinePolicySize.countedCharacters(
                    GrantPolicy.of(request, window.notBefore(), window.notAfter()).document());
        } catch (GrantRefusedException e) {
            return Optional.of(new CreateOutcome.Invalid("not-grantable", e.getMessage()));
        }
        if (size > InlinePolicySize.REQUEST_LIMIT) {
            return Optional.of(new CreateOutcome.Invalid("policy-too-large", String.format(Locale.ROOT, "These"
                    + " actions and resources would make a grant policy of %,d characters, over the %,d one request"
                    + " may use (half of IAM's %,d per role); split them into smaller requests.", size,
                    InlinePolicySize.REQUEST_LIMIT, InlinePolicySize.ROLE_AGGREGATE_LIMIT)));
        }
        return Optional.empty();
    }

    private void auditRefusal(Requester who, Origin origin, NewRequest asked, EligibilityResult.NotEligible refused) {
        try {
            String ruleId = refused.ruleId() != null ? refused.ruleId() : asked.ruleId();
            store.appendEvent(ids.next(), AuditEvents.rejected(who, origin, refused.reason(), ruleId, asked.actions(),
                    asked.resources(), asked.durationMinutes()));
        } catch (RuntimeException e) {
            // The refusal stands whether or not it could be recorded.
            LOG.warn("could not record a refused request of {}: {}", who.arn(), e.getClass().getSimpleName());
        }
    }
}
