package dev.jita.requests;

import dev.jita.api.ProblemException;
import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Approver;
import dev.jita.domain.Eligibility;
import dev.jita.domain.EligibilityRequest;
import dev.jita.domain.EligibilityResult;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Reason;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Sha256;
import dev.jita.domain.Status;
import dev.jita.store.AuditDraft;
import dev.jita.store.AuditEvents;
import dev.jita.store.AuditType;
import dev.jita.store.ConflictException;
import dev.jita.store.IdempotencyStore;
import dev.jita.store.Origin;
import dev.jita.store.Page;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.web.Problem;
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
 * {@code POST /requests}: judge the request against the rules, store it (PENDING_APPROVAL with its REQUESTED entry
 * in one transaction), approve it on arrival when its rule says so, and start its workflow (execution name =
 * request id).
 *
 * <p>The workflow start comes after the write, so it can fail after the request exists. It is retried a few
 * times; if it still fails, a caller who sent an Idempotency-Key is told to send the same POST again, and that
 * retry finishes the job (the key leads back to the stored request; Step Functions treats a second start with the
 * same name and input as a no-op). Without a key nobody could finish it, so the request is ended (CANCELLED, or
 * FAILED once approved) with an audit entry saying why, rather than left pending with nothing to time it out.
 */
public final class CreateRequests {

    private static final Logger LOG = LoggerFactory.getLogger(CreateRequests.class);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final int START_ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    /** A backstop on how far the pending count reads (100 requests a page). */
    private static final int MAX_COUNT_PAGES = 20;
    /** Slack beyond the longest approval timeout before a request surely is no longer pending. */
    private static final Duration PENDING_MARGIN = Duration.ofHours(1);

    private final RuleBook rules;
    private final Eligibility eligibility;
    private final RequestStore store;
    private final IdempotencyStore idempotency;
    private final Workflow workflow;
    private final Metrics metrics;
    private final Clock clock;
    private final RequestIds ids;
    private final int maxPending;
    private final Pause pause;
    private final Duration pendingHorizon;

    public CreateRequests(RuleBook rules, RequestStore store, IdempotencyStore idempotency, Workflow workflow,
                          Metrics metrics, Clock clock, RequestIds ids, int maxPending, Pause pause) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.store = Objects.requireNonNull(store, "store");
        this.idempotency = Objects.requireNonNull(idempotency, "idempotency");
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.pause = Objects.requireNonNull(pause, "pause");
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1");
        }
        this.maxPending = maxPending;
        this.eligibility = new Eligibility(rules, clock);
        this.pendingHorizon = rules.rules().stream().map(Rule::approvalTimeout).max(Duration::compareTo)
                .orElse(Duration.ZERO).plus(PENDING_MARGIN);
    }

    /**
     * What intake answers with.
     *
     * @param approverIds who will be asked (ids only), empty for an auto-approved request
     * @param replay      true when an Idempotency-Key led back to an earlier request
     */
    public record Created(StoredRequest request, Rule rule, List<String> approverIds, boolean replay) {
        public Created {
            approverIds = List.copyOf(approverIds);
        }
    }

    /**
     * @param rawBody        the body as received, hashed for the Idempotency-Key check
     * @param idempotencyKey the Idempotency-Key header, or null
     * @throws ProblemException 400 bad key, 403 not eligible, 409 key reused with another body, 429 too many
     *                          pending, 503 workflow not started
     */
    public Created create(Requester who, Origin origin, NewRequest asked, String rawBody, String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw ProblemException.badRequest("invalid-idempotency-key", "The Idempotency-Key must be 1 to 128"
                    + " visible ASCII characters; a UUID is a good choice.");
        }
        Duration duration = Duration.ofMinutes(asked.durationMinutes());
        EligibilityResult result = eligibility.decide(new EligibilityRequest(who, asked.actions(), asked.resources(),
                duration, asked.startAt(), asked.ruleId()));
        if (result instanceof EligibilityResult.NotEligible refused) {
            auditRefusal(who, origin, asked, refused);
            throw ProblemException.forbidden(code(refused.reason()), refused.message());
        }
        Rule rule = ((EligibilityResult.Eligible) result).rule();

        String requestId = ids.next();
        if (idempotencyKey != null) {
            IdempotencyStore.Claim claim = idempotency.claim(who.arn(), idempotencyKey, Sha256.hex(rawBody), requestId);
            if (claim instanceof IdempotencyStore.Claim.Mismatch) {
                throw ProblemException.conflict("idempotency-key-reused", "This Idempotency-Key was already used"
                        + " with a different body; use a new key for a new request.");
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
        if (!auto) {
            capPending(who); // an auto-approved request never waits, so it adds nothing to what is pending
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        AccessRequest request = new AccessRequest(requestId, who, asked.actions(), asked.resources(), duration,
                asked.justification(), asked.ticket(), asked.startAt(), rule.id(), now);
        String hash = RequestHash.of(request);
        AuditDraft requested = AuditEvents.requested(request, hash, origin);
        StoredRequest stored;
        try {
            if (auto) {
                // Approved on arrival: stored SCHEDULED with both entries in the one write that creates it.
                GrantWindow window = GrantWindow.fixedAt(now, request);
                stored = store.createApproved(request, hash, requested, window,
                        AuditEvents.autoApproved(request, window));
            } else {
                stored = store.create(request, hash, requested);
            }
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
    private Created finish(StoredRequest stored, boolean replay, boolean callerCanRetry) {
        Rule rule = rules.rule(stored.request().ruleId()).orElseThrow(() -> ProblemException.conflict("rule-removed",
                "The rule request " + stored.requestId() + " was made under no longer exists; make a new request."));
        StoredRequest current = stored;
        boolean auto = rule.autoApprove().always();
        if (auto && current.status() == Status.PENDING_APPROVAL) {
            current = approveOnArrival(current);
        }
        boolean needsStart = current.status() == Status.PENDING_APPROVAL
                || (auto && current.status() == Status.SCHEDULED);
        if (needsStart) {
            startWorkflow(current, rule, callerCanRetry);
        }
        List<String> approverIds = auto ? List.of()
                : rules.eligibleApprovers(rule, current.request().requester()).stream().map(Approver::id).toList();
        return new Created(current, rule, approverIds, replay);
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

    private void startWorkflow(StoredRequest request, Rule rule, boolean callerCanRetry) {
        boolean auto = rule.autoApprove().always();
        GrantWindow window = auto ? request.window() : null;
        WorkflowInput input = new WorkflowInput(request.requestId(), auto, rule.approvalTimeout(), window);
        RuntimeException last = null;
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            try {
                workflow.start(input);
                return;
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
        if (callerCanRetry) {
            throw new ProblemException(Problem.unavailable("workflow-not-started", "Request " + request.requestId()
                    + " is saved but its approval workflow did not start; send the same POST with the same"
                    + " Idempotency-Key again to finish it."));
        }
        endUnstarted(request);
        throw new ProblemException(Problem.unavailable("workflow-unavailable", "jita could not start the approval"
                + " workflow, so nothing was requested; try again in a minute, with an Idempotency-Key."));
    }

    private void endUnstarted(StoredRequest request) {
        boolean approved = request.status() == Status.SCHEDULED;
        Status target = approved ? Status.FAILED : Status.CANCELLED;
        AuditType type = approved ? AuditType.GRANT_FAILED : AuditType.CANCELLED;
        store.apply(request, RequestUpdate.moveTo(target), AuditEvents.workflowNotStarted(request.request(), type));
    }

    /**
     * security.md: "A flood from one principal is capped (pending requests per requester) with 429." Reads the
     * requester's requests newest first and stops at the first one older than any approval timeout (plus a
     * margin): nothing older can still be pending, so the cost follows recent activity, not the whole history.
     */
    private void capPending(Requester who) {
        Instant horizon = clock.instant().minus(pendingHorizon);
        int pending = 0;
        String cursor = null;
        for (int page = 0; page < MAX_COUNT_PAGES; page++) {
            Page<StoredRequest> found = store.byRequester(who.arn(), Optional.empty(), 100, cursor);
            for (StoredRequest r : found.items()) {
                if (r.request().createdAt().isBefore(horizon)) {
                    return;
                }
                if (r.status() == Status.PENDING_APPROVAL && ++pending >= maxPending) {
                    throw new ProblemException(Problem.tooManyRequests("too-many-pending", "You already have "
                            + pending + " requests awaiting approval, the most allowed; cancel one or wait for"
                            + " decisions."));
                }
            }
            cursor = found.nextCursor();
            if (cursor == null) {
                return;
            }
        }
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

    /** The Reason as the API spells it: FORBIDDEN_ACTION is forbidden-action. */
    static String code(Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
