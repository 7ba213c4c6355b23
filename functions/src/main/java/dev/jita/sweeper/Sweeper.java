package dev.jita.sweeper;

import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.domain.Status;
import dev.jita.grant.GrantPolicy;
import dev.jita.grant.IamGateway;
import dev.jita.grant.IamGatewayException;
import dev.jita.grant.IamRole;
import dev.jita.lifecycle.RevokeOutcome;
import dev.jita.lifecycle.RevokeService;
import dev.jita.lifecycle.TaskError;
import dev.jita.store.ActorKind;
import dev.jita.store.AuditEvents;
import dev.jita.store.Origin;
import dev.jita.store.Page;
import dev.jita.store.RequestStore;
import dev.jita.store.StoredRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The third line of revocation (design.md "The grant": the policy's time condition first, the workflow's revoke
 * second). On every run:
 * <ol>
 *   <li>ACTIVE requests whose window ended longer ago than the grace (their workflow died) are ended EXPIRED;</li>
 *   <li>REVOKE_FAILED requests are retried through {@link RevokeService}: EXPIRED when their window has ended,
 *       REVOKED when it has not (an early end), each after the REVOKE_FAILED entry in the same chain;</li>
 *   <li>every {@code jita-*} inline policy on a role under the eligible path is compared with its request: one
 *       whose request does not exist, is not in flight (APPROVED, SCHEDULED, ACTIVE), belongs to another role or
 *       whose window has ended is an orphan: deleted, then SWEEPER_REMOVED on the request's trail when it has one,
 *       a log line and the SweeperRemoved metric; one already gone when the sweeper deletes it (its revoke got
 *       there first) is nobody's orphan and leaves no record (security.md "Grants": orphaned jita-*
 *       policies are removed by the sweeper and audited).</li>
 * </ol>
 * A grant whose window is still open is never touched. Everything is idempotent: a second run finds nothing left.
 * One failure (IAM throttling a role) does not stop the rest; it is reported and the next run tries again.
 */
public final class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);
    private static final int PAGE = 100;
    /** Further ahead than any grant can end (the longest is 12 h): every REVOKE_FAILED request has a window. */
    private static final Duration ANY_WINDOW = Duration.ofDays(366);
    public static final String RETRY_REASON = "the sweeper retried a revoke that had failed";

    private final RequestStore store;
    private final IamGateway iam;
    private final RevokeService revokes;
    private final Metrics metrics;
    private final SweeperConfig config;
    private final Clock clock;

    public Sweeper(RequestStore store, IamGateway iam, RevokeService revokes, Metrics metrics, SweeperConfig config,
                   Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.iam = Objects.requireNonNull(iam, "iam");
        this.revokes = Objects.requireNonNull(revokes, "revokes");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public SweepReport sweep() {
        List<String> removed = new ArrayList<>();
        List<String> retried = new ArrayList<>();
        List<String> stuck = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Instant now = clock.instant();

        eachWindowEndedBefore(Status.ACTIVE, now.minus(config.workflowGrace()), r -> {
            try {
                revokes.close(r.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE);
                stuck.add(r.requestId());
                LOG.warn("request {}: ACTIVE {} after its window ended; its workflow did not revoke, the sweeper did",
                        r.requestId(), Duration.between(r.window().notAfter(), now));
            } catch (RuntimeException e) {
                failures.add("revoke of stuck request " + r.requestId() + ": " + e.getMessage());
            }
        });

        eachWindowEndedBefore(Status.REVOKE_FAILED, now.plus(ANY_WINDOW), r -> {
            try {
                boolean ended = !r.window().notAfter().isAfter(now);
                StoredRequest after = ended ? revokes.close(r.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE)
                        : revokes.revokeNow(r.requestId(), AuditEvents.SWEEPER_ACTOR, ActorKind.SYSTEM, Origin.NONE,
                                RETRY_REASON);
                retried.add(r.requestId());
                LOG.info("request {}: failed revoke retried by the sweeper, now {}", r.requestId(), after.status());
            } catch (RuntimeException e) {
                failures.add("retry of failed revoke " + r.requestId() + ": " + e.getMessage());
            }
        });

        List<IamRole> roles;
        try {
            roles = iam.listRoles(config.eligibleRolePath());
        } catch (IamGatewayException e) {
            failures.add("listing roles under " + config.eligibleRolePath() + ": " + e.getMessage());
            roles = List.of();
        }
        for (IamRole role : roles) {
            try {
                for (String policy : iam.listRolePolicies(role.roleName())) {
                    Optional<String> requestId = GrantPolicy.requestIdOf(policy);
                    if (requestId.isPresent() && isOrphan(role, requestId.get(), now)
                            && remove(role.roleName(), policy, requestId.get())) {
                        removed.add(role.roleName() + "/" + policy);
                    }
                }
            } catch (RuntimeException e) {
                failures.add("role " + role.roleName() + ": " + e.getMessage());
            }
        }
        failures.forEach(f -> LOG.error("sweeper: {}; the next run tries again", f));
        LOG.info("sweep done: removed {}, retried {}, stuck ended {}, failures {}", removed, retried, stuck,
                failures.size());
        return new SweepReport(removed, retried, stuck, failures);
    }

    /** Whether the policy serves no grant in flight: no request, another role, not in flight, or window over. */
    private boolean isOrphan(IamRole role, String requestId, Instant now) {
        Optional<StoredRequest> found = store.find(requestId);
        if (found.isEmpty()) {
            return true;
        }
        StoredRequest r = found.get();
        boolean inFlight = r.status() == Status.ACTIVE || r.status() == Status.APPROVED
                || r.status() == Status.SCHEDULED;
        boolean sameRole = r.request().requester().roleName().equals(role.roleName());
        boolean windowOpen = r.window() != null && r.window().notAfter().isAfter(now);
        return !(inFlight && sameRole && windowOpen);
    }

    /**
     * Deletes the orphan and records it; records nothing when it was already gone: listed a moment ago, deleted
     * since by its own revoke (at the end of a window the two meet), so the sweeper removed nothing.
     *
     * @return whether this run removed it
     */
    private boolean remove(String roleName, String policy, String requestId) {
        if (!iam.deleteRolePolicyIfPresent(roleName, policy)) {
            LOG.info("sweeper: policy {} on role {} was already gone when it came to delete it; nothing to record",
                    policy, roleName);
            return false;
        }
        metrics.count(Metric.SweeperRemoved);
        if (store.find(requestId).isPresent()) {
            store.appendEvent(requestId, AuditEvents.sweeperRemoved(roleName, policy));
            LOG.warn("sweeper removed orphaned policy {} from role {}", policy, roleName);
        } else {
            // No request holds this id: nothing to append to, and a forged id must not start a chain of its own.
            LOG.warn("sweeper removed policy {} from role {}: no request {} exists", policy, roleName, requestId);
        }
        return true;
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
