package dev.jita.sweeper;

import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.Origin;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.grants.IdentityCenterGrants;
import dev.jita.grants.RevokeOutcome;
import dev.jita.grants.RevokeService;
import dev.jita.grants.TaskError;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import dev.jita.iam.TargetAccounts;
import dev.jita.identitycenter.IdentityCenterException;
import dev.jita.store.ConflictException;
import dev.jita.store.Page;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.store.WorkflowRestarts;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.Workflow.ExecutionState;
import dev.jita.workflow.WorkflowInput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The third line of revocation (design.md "The grant": the policy's time condition first, the workflow's revoke
 * second), and what carries on a request whose workflow was lost (jita local killed and restarted, a StartExecution
 * that never happened, an execution stopped or failed). On every run:
 * <ol>
 *   <li>ACTIVE requests whose window has ended are ended EXPIRED through {@link RevokeService}: once the window
 *       ended longer ago than the grace whatever their workflow does, before that only when it is gone;</li>
 *   <li>PENDING_APPROVAL, APPROVED and SCHEDULED requests whose workflow is gone (its execution ended or never
 *       started) are ended when their time has run out: pending past the approval timeout TIMED_OUT, approved past
 *       the window's end FAILED (nothing was granted), each with its entry by the sweeper in the same transaction.
 *       With time left their workflow is started again as {@code <requestId>-r<n>} ({@link Workflow#restartName}),
 *       recorded first (WORKFLOW_RESTARTED) by a version-guarded write so that two sweeps never both restart it: a
 *       pending one waits for the approvers for the rest of its approval timeout (the links already sent stay
 *       valid), an approved one starts at WaitForStart with its approved window, as an auto-approved request does.
 *       The grant step re-checks the rule and the request's hash as always. After {@value #MAX_RESTARTS} restarts
 *       the sweeper stops restarting a request and reports it; it still ends it when its time runs out. An ACTIVE
 *       request is not restarted: the policy's own time condition ends its access, and step 1 ends it;</li>
 *   <li>REVOKE_FAILED requests are retried through {@link RevokeService}: EXPIRED when their window has ended,
 *       REVOKED when it has not (an early end), each after the REVOKE_FAILED entry in the same chain;</li>
 *   <li>in every account jita acts in ({@link TargetAccounts#accounts()}: its own and the configured targets),
 *       every {@code jita-*} inline policy on a role under the eligible path is compared with its request: one
 *       whose request does not exist, is not in flight (APPROVED, SCHEDULED, ACTIVE), belongs to another role (a
 *       role of the same name in another account is another role) or whose window has ended is an orphan: deleted, then SWEEPER_REMOVED on the request's trail when it has one,
 *       a log line and the SweeperRemoved metric; one already gone when the sweeper deletes it (its revoke got
 *       there first) is nobody's orphan and leaves no record (security.md "Grants": orphaned jita-*
 *       policies are removed by the sweeper and audited).</li>
 * </ol>
 * A grant whose window is still open is never touched. Everything is idempotent: a second run finds nothing left.
 * One failure (IAM throttling a role) does not stop the rest; it is reported and the next run tries again. An
 * account that cannot be reached (STS refused the target role, IAM failed listing its roles) is logged with its id
 * and counted ({@link Metric#SweepAccountFailed}); the other accounts are swept all the same.
 */
public final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final int PAGE = 100;
    /** How often the sweeper restarts one request's workflow before it only reports it. */
    static final int MAX_RESTARTS = 3;
    /** The statuses a request waits in for its workflow to move it on, besides ACTIVE. */
    private static final List<Status> AWAITING_WORKFLOW = List.of(Status.PENDING_APPROVAL, Status.APPROVED,
            Status.SCHEDULED);
    static final String WORKFLOW_ENDED = "WORKFLOW_ENDED";
    static final String WORKFLOW_NOT_FOUND = "WORKFLOW_NOT_FOUND";
    /** Further ahead than any grant can end (the longest is 12 h): every REVOKE_FAILED request has a window. */
    private static final Duration ANY_WINDOW = Duration.ofDays(366);
    public static final String RETRY_REASON = "the sweeper retried a revoke that had failed";
    /** The sweeper's session name when it assumes a target account's role (CloudTrail there shows it). */
    public static final String SESSION_NAME = "jita-sweeper";

    private final RequestStore store;
    private final TargetAccounts targets;
    private final RevokeService revokes;
    private final Workflow workflow;
    private final Supplier<RuleBook> rules;
    private final Metrics metrics;
    private final SweeperConfig config;
    private final Clock clock;
    private final Optional<IdentityCenterGrants> identityCenter;

    /**
     * @param targets the accounts to sweep, and IAM in each
     * @param rules   the rules as they are now: a pending request's approval timeout is its rule's
     */
    public Sweeper(RequestStore store, TargetAccounts targets, RevokeService revokes, Workflow workflow,
                   Supplier<RuleBook> rules, Metrics metrics, SweeperConfig config, Clock clock) {
        this(store, targets, revokes, workflow, rules, metrics, config, clock, Optional.empty());
    }

    /** @param identityCenter jita's permission sets to sweep too; empty where jita is not configured for it */
    public Sweeper(RequestStore store, TargetAccounts targets, RevokeService revokes, Workflow workflow,
                   Supplier<RuleBook> rules, Metrics metrics, SweeperConfig config, Clock clock,
                   Optional<IdentityCenterGrants> identityCenter) {
        this.identityCenter = Objects.requireNonNull(identityCenter, "identityCenter");
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.revokes = Objects.requireNonNull(revokes, "revokes");
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SweepReport sweep() {
        List<String> removed = new ArrayList<>();
        List<String> retried = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        List<String> ended = new ArrayList<>();
        List<String> restarted = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Instant now = clock.instant();

        eachWindowEndedBefore(Status.ACTIVE, now, r -> {
            try {
                boolean beyondGrace = r.window().notAfter().isBefore(now.minus(config.workflowGrace()));
                if (!beyondGrace && lostExecution(r, now).isEmpty()) {
                    return; // its workflow is about to revoke it
                }
                revokes.close(r.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE);
                stuck.add(r.requestId());
                LOG.warn("request {}: ACTIVE {} after its window ended; its workflow did not revoke, the sweeper did",
                        r.requestId(), Duration.between(r.window().notAfter(), now));
            } catch (RuntimeException e) {
                failures.add("revoke of stuck request " + r.requestId() + ": " + e.getMessage());
            }
        });

        for (Status status : AWAITING_WORKFLOW) {
            eachCreatedBefore(status, now.minus(config.restartGrace()), r -> {
                try {
                    lostExecution(r, now).ifPresent(lost -> carryOn(r, lost, now, ended, restarted, failures));
                } catch (RuntimeException e) {
                    failures.add("request " + r.requestId() + " (" + r.status() + ") whose workflow may be lost: "
                            + e.getMessage());
                }
            });
        }

        eachWindowEndedBefore(Status.REVOKE_FAILED, now.plus(ANY_WINDOW), r -> {
            try {
                boolean windowEnded = !r.window().notAfter().isAfter(now);
                StoredRequest after = windowEnded ? revokes.close(r.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE)
                        : revokes.revokeNow(r.requestId(), AuditEvents.SWEEPER_ACTOR, ActorKind.SYSTEM, Origin.NONE,
                                RETRY_REASON);
                retried.add(r.requestId());
                LOG.info("request {}: failed revoke retried by the sweeper, now {}", r.requestId(), after.status());
            } catch (RuntimeException e) {
                failures.add("retry of failed revoke " + r.requestId() + ": " + e.getMessage());
            }
        });

        for (String account : targets.accounts()) {
            sweepAccount(account, now, removed, failures);
        }
        identityCenter.ifPresent(sso -> sweepIdentityCenter(sso, now, removed, failures));
        failures.forEach(f -> LOG.error("sweeper: {}; the next run tries again", f));
        SweepReport report = new SweepReport(removed, retried, stuck, ended, restarted, failures);
        // A sweep that found nothing is the usual case (every minute, or every second of a scaled jita local).
        if (report.isEmpty()) {
            LOG.debug("sweep done: nothing to do");
        } else {
            LOG.info("sweep done: removed {}, retried {}, stuck ended {}, lost workflows ended {}, restarted {},"
                    + " failures {}", removed, retried, stuck, ended, restarted, failures.size());
        }
        return report;
    }

    /**
     * Removes the orphaned jita policies of one account. The account failing as a whole (STS refused the target
     * role, IAM refused or failed the listing) is one failure naming the account, and counted; one role failing is
     * one failure naming the role; either way the sweep goes on.
     */
    private void sweepAccount(String account, Instant now, List<String> removed, List<String> failures) {
        boolean home = account.equals(targets.homeAccount());
        String where = home ? "" : account + ":";
        IamGateway iam;
        List<IamRole> roles;
        try {
            iam = targets.in(account, SESSION_NAME);
            roles = iam.listRoles(config.eligibleRolePath());
        } catch (IamGatewayException e) {
            failures.add("account " + account + ", listing roles under " + config.eligibleRolePath() + ": "
                    + e.getMessage());
            metrics.count(Metric.SweepAccountFailed);
            return;
        }
        for (IamRole role : roles) {
            try {
                for (String policy : iam.listRolePolicies(role.roleName())) {
                    Optional<String> requestId = GrantPolicy.requestIdOf(policy);
                    if (requestId.isPresent() && isOrphan(account, role, requestId.get(), now)
                            && remove(iam, account, home, role.roleName(), policy, requestId.get())) {
                        removed.add(where + role.roleName() + "/" + policy);
                    }
                }
            } catch (RuntimeException e) {
                failures.add((home ? "" : "account " + account + ", ") + "role " + role.roleName() + ": "
                        + e.getMessage());
            }
        }
    }

    /** A request's execution that has ended or never started, and which of the two. */
    private record LostExecution(String name, ExecutionState state, WorkflowRestarts restarts) {
        String reasonCode() {
            return state == ExecutionState.ENDED ? WORKFLOW_ENDED : WORKFLOW_NOT_FOUND;
        }

        String what() {
            return "execution " + name + (state == ExecutionState.ENDED ? " has ended" : " never started");
        }
    }

    /**
     * The request's current execution ({@code <requestId>}, or {@code <requestId>-r<n>} after n restarts) when it
     * is gone; empty while it runs, and while the sweeper's own last restart is younger than the grace (its start
     * may still be on its way).
     */
    private Optional<LostExecution> lostExecution(StoredRequest r, Instant now) {
        WorkflowRestarts restarts = store.workflowRestarts(r.requestId());
        if (restarts.lastAt() != null && restarts.lastAt().isAfter(now.minus(config.restartGrace()))) {
            return Optional.empty();
        }
        String name = Workflow.executionName(r.requestId(), restarts.count());
        ExecutionState state = workflow.state(name);
        return state.gone() ? Optional.of(new LostExecution(name, state, restarts)) : Optional.empty();
    }

    /**
     * A request awaiting a workflow that is gone: ended if its time has run out, else its workflow started again.
     * A write refused because the request changed meanwhile (another sweep, a late step) means someone else acted.
     */
    private void carryOn(StoredRequest r, LostExecution lost, Instant now, List<String> ended,
                         List<String> restarted, List<String> failures) {
        boolean pending = r.status() == Status.PENDING_APPROVAL;
        Instant deadline = pending ? r.request().createdAt().plus(approvalTimeout(r))
                : r.window() == null ? now : r.window().notAfter(); // approved without a window: nothing can grant it
        try {
            if (!now.isBefore(deadline)) {
                end(r, lost, pending, deadline);
                ended.add(r.requestId());
            } else if (lost.restarts().count() >= MAX_RESTARTS) {
                failures.add("request " + r.requestId() + " (" + r.status() + "): " + lost.what() + " after "
                        + MAX_RESTARTS + " restarts by the sweeper; not restarting it again, it ends at " + deadline
                        + " unless its execution's failure is fixed and redriven");
            } else {
                restart(r, lost, pending, deadline, now);
                restarted.add(r.requestId());
            }
        } catch (ConflictException e) {
            LOG.info("request {}: changed while the sweeper looked at it ({}); left as it now is", r.requestId(),
                    e.reason());
        }
    }

    private void end(StoredRequest r, LostExecution lost, boolean pending, Instant deadline) {
        if (pending) {
            store.apply(r, RequestUpdate.moveTo(Status.TIMED_OUT), AuditEvents.lostWorkflowTimedOut(lost.name(),
                    lost.reasonCode(), lost.what() + " and the approval timeout passed at " + deadline
                            + " without a decision; the sweeper ended the request"));
            metrics.count(Metric.TimedOut);
        } else {
            store.apply(r, RequestUpdate.moveTo(Status.FAILED), AuditEvents.lostWorkflowNeverGranted(lost.name(),
                    lost.reasonCode(), lost.what() + " before granting and the window ended at " + deadline
                            + "; nothing was granted, the sweeper ended the request"));
        }
        LOG.warn("request {}: {} and its time ran out at {}; ended {}", r.requestId(), lost.what(), deadline,
                pending ? Status.TIMED_OUT : Status.FAILED);
    }

    /**
     * Records the restart, then starts the execution. Should the start fail, the next sweep after the grace finds
     * that execution never started and restarts the request under the next name.
     */
    private void restart(StoredRequest r, LostExecution lost, boolean pending, Instant deadline, Instant now) {
        int next = lost.restarts().count() + 1;
        String name = Workflow.restartName(r.requestId(), next);
        WorkflowInput input = pending
                ? new WorkflowInput(r.requestId(), false, Duration.between(now, deadline), null)
                // Flagged approved, the workflow goes straight to WaitForStart; the approval timeout is not read.
                : new WorkflowInput(r.requestId(), true, Duration.ZERO, r.window());
        AuditDraft entry = AuditEvents.workflowRestarted(lost.name(), lost.reasonCode(), name, lost.what()
                + " while the request was " + r.status() + "; the sweeper started " + name + " to carry it on"
                + (pending ? " until the approval timeout at " + deadline : " at its window " + r.window().notBefore()
                + " to " + r.window().notAfter()));
        store.recordRestart(r, next, entry);
        workflow.start(name, input);
        LOG.warn("request {}: {} while {}; restarted as {}", r.requestId(), lost.what(), r.status(), name);
    }

    /** The approval timeout of the request's rule; the longest of all rules when its rule is gone. */
    private Duration approvalTimeout(StoredRequest r) {
        RuleBook book = rules.get();
        return book.rule(r.request().ruleId()).map(Rule::approvalTimeout)
                .orElseGet(() -> book.rules().stream().map(Rule::approvalTimeout).max(Duration::compareTo)
                        .orElse(Duration.ZERO));
    }

    /**
     * Removes jita's orphaned permission sets (issue 14): one whose request does not exist, is not in flight or whose
     * window has ended, with its assignments first. Only permission sets named after a request and tagged as jita's
     * are looked at; nobody else's is ever changed. One whose assignment Identity Center is still deleting is left
     * for the next run.
     */
    private void sweepIdentityCenter(IdentityCenterGrants sso, Instant now, List<String> removed,
                                     List<String> failures) {
        List<IdentityCenterGrants.JitaPermissionSet> sets;
        try {
            sets = sso.jitaPermissionSets();
        } catch (IdentityCenterException e) {
            failures.add("Identity Center " + sso.instanceArn() + ", listing permission sets: " + e.getMessage());
            metrics.count(Metric.SweepAccountFailed);
            return;
        }
        for (IdentityCenterGrants.JitaPermissionSet set : sets) {
            try {
                Optional<StoredRequest> found = store.find(set.requestId());
                if (found.isPresent() && servesGrantInFlight(found.get(), now)) {
                    continue;
                }
                String account = found.map(r -> r.request().requester().accountId()).orElse(null);
                IdentityCenterGrants.Removal removal = sso.removeEverywhere(set.arn(), account);
                if (removal == IdentityCenterGrants.Removal.IN_PROGRESS) {
                    LOG.info("sweeper: Identity Center is still deleting an assignment of permission set {}; the next"
                            + " run deletes it", set.name());
                    continue;
                }
                if (removal == IdentityCenterGrants.Removal.NOTHING_THERE) {
                    continue; // its own revoke got there first
                }
                metrics.count(Metric.SweeperRemoved);
                removed.add("identity-center/" + set.name());
                if (found.isPresent()) {
                    store.appendEvent(set.requestId(), AuditEvents.sweeperRemoved(
                                    found.get().request().requester().roleName(), set.name())
                            .withDetail(AuditEvents.ACCOUNT, account)
                            .withDetail(AuditEvents.PERMISSION_SET_NAME, set.name())
                            .withDetail(AuditEvents.PERMISSION_SET_ARN, set.arn()));
                }
                LOG.warn("sweeper removed orphaned permission set {} ({}) of request {}{}", set.name(), set.arn(),
                        set.requestId(), found.isPresent() ? "" : ", which does not exist");
            } catch (RuntimeException e) {
                failures.add("permission set " + set.name() + ": " + e.getMessage());
            }
        }
    }

    private static boolean servesGrantInFlight(StoredRequest r, Instant now) {
        boolean inFlight = r.status() == Status.ACTIVE || r.status() == Status.APPROVED
                || r.status() == Status.SCHEDULED;
        return inFlight && r.window() != null && r.window().notAfter().isAfter(now);
    }

    /** Whether the policy serves no grant in flight: no request, another role, not in flight, or window over. */
    private boolean isOrphan(String account, IamRole role, String requestId, Instant now) {
        Optional<StoredRequest> found = store.find(requestId);
        if (found.isEmpty()) {
            return true;
        }
        StoredRequest r = found.get();
        boolean sameRole = r.request().requester().accountId().equals(account)
                && r.request().requester().roleName().equals(role.roleName());
        return !(servesGrantInFlight(r, now) && sameRole);
    }

    /**
     * Deletes the orphan and records it; records nothing when it was already gone: listed a moment ago, deleted
     * since by its own revoke (at the end of a window the two meet), so the sweeper removed nothing.
     *
     * @return whether this run removed it
     */
    private boolean remove(IamGateway iam, String account, boolean home, String roleName, String policy,
                           String requestId) {
        if (!iam.deleteRolePolicyIfPresent(roleName, policy)) {
            LOG.info("sweeper: policy {} on role {} in account {} was already gone when it came to delete it; nothing"
                    + " to record", policy, roleName, account);
            return false;
        }
        metrics.count(Metric.SweeperRemoved);
        if (store.find(requestId).isPresent()) {
            // The home account's entries stay as they were; a target account's name their account.
            store.appendEvent(requestId, home ? AuditEvents.sweeperRemoved(roleName, policy)
                    : AuditEvents.sweeperRemoved(account, roleName, policy));
            LOG.warn("sweeper removed orphaned policy {} from role {} in account {}", policy, roleName, account);
        } else {
            // No request holds this id: nothing to append to, and a forged id must not start a chain of its own.
            LOG.warn("sweeper removed policy {} from role {} in account {}: no request {} exists", policy, roleName,
                    account, requestId);
        }
        return true;
    }

    private void eachCreatedBefore(Status status, Instant before, Consumer<StoredRequest> action) {
        String cursor = null;
        do {
            Page<StoredRequest> page = store.createdBefore(status, before, PAGE, cursor);
            page.items().forEach(action);
            cursor = page.nextCursor();
        } while (cursor != null);
    }

    private void eachWindowEndedBefore(Status status, Instant before, Consumer<StoredRequest> action) {
        String cursor = null;
        do {
            Page<StoredRequest> page = store.windowEndedBefore(status, before, PAGE, cursor);
            page.items().forEach(action);
            cursor = page.nextCursor();
        } while (cursor != null);
    }
}
