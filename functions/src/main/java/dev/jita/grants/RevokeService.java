package dev.jita.grants;

import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.Origin;
import dev.jita.domain.Status;
import dev.jita.grants.GrantRefused.Reason;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.TargetAccounts;
import dev.jita.identitycenter.IdentityCenterException;
import dev.jita.workflow.ProvisioningPending;
import dev.jita.workflow.TransientFailure;
import dev.jita.store.ConflictException;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends requests: the workflow's Revoke, TimedOut, GrantFailed, NotifyFailed and RevokeFailed steps
 * ({@link #close}), and the early revoke of POST /requests/{id}/revoke ({@link #revokeNow}). Both take the
 * request's policy off its role first (NoSuchEntity is success), then record the ending with its audit entry in one
 * transaction. Idempotent: a request already ended is left as it is (security.md, "Workflow": every handler can run
 * twice on the same input with one effect).
 *
 * <p>The policy is deleted in the requester's own account. IAM failures propagate, an account jita cannot reach
 * (STS refused its target role) included: the workflow retries the revoke, then records REVOKE_FAILED; the
 * early-revoke route answers with an error and the caller may try again; the sweeper retries REVOKE_FAILED later.
 * The one exception: a request that can never have been granted (still pending, or whose grant was refused because
 * the account could not be reached) is ended without reaching that account, recorded as nothing deleted.
 */
public final class RevokeService implements Revocations {
    private static final Logger LOG = LoggerFactory.getLogger(RevokeService.class);
    /** An early revoke's note when Identity Center accepted the deletion but had not finished it yet. */
    static final String EARLY_REVOKE_IN_PROGRESS = "assignment deletion accepted and in progress; the sweeper deletes"
            + " the permission set once it has finished";
    private static final int ATTEMPTS = 5;

    private final RequestStore store;
    private final TargetAccounts targets;
    private final Metrics metrics;
    private final Optional<IdentityCenterGrants> identityCenter;

    /** @param targets IAM per account: the policy is deleted in the requester's own account */
    public RevokeService(RequestStore store, TargetAccounts targets, Metrics metrics) {
        this(store, targets, metrics, Optional.empty());
    }

    /** @param identityCenter where Identity Center users' grants are taken away; empty where not configured */
    public RevokeService(RequestStore store, TargetAccounts targets, Metrics metrics,
                         Optional<IdentityCenterGrants> identityCenter) {
        this.identityCenter = Objects.requireNonNull(identityCenter, "identityCenter");
        this.store = Objects.requireNonNull(store, "store");
        this.targets = Objects.requireNonNull(targets, "targets");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * The workflow's ending of a request.
     *
     * @param error what the workflow caught, for FAILED and REVOKE_FAILED; {@link TaskError#NONE} otherwise
     * @return the request afterwards (unchanged when it had already ended)
     * @throws IamGatewayException when the policy could not be deleted; the workflow retries
     */
    public StoredRequest close(String requestId, RevokeOutcome outcome, TaskError error) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(outcome, "outcome");
        TaskError cause = error == null ? TaskError.NONE : error;
        for (int attempt = 1; ; attempt++) {
            StoredRequest stored = store.get(requestId);
            // Already ended (an early revoke reaching the scheduled Revoke stays REVOKED), or a re-run.
            if (stored.status().isFinal() || stored.status() == outcome.target()) {
                return stored;
            }
            String role = stored.request().requester().roleName();
            String policy = GrantPolicy.policyNameFor(requestId);
            // A grant refused because the account could not be reached put nothing there: no need to try again.
            boolean grantNeverReachedAccount = outcome == RevokeOutcome.FAILED
                    && GrantRefused.reasonIn(cause.message()).map(Reason::accountNeverReached).orElse(false);
            boolean neverGranted = stored.status() == Status.PENDING_APPROVAL || grantNeverReachedAccount;
            try {
                StoredRequest after = switch (outcome) {
                    case EXPIRED -> store.apply(stored, RequestUpdate.moveTo(Status.EXPIRED),
                            AuditEvents.expired(role, policy, deletePolicy(stored, policy, false)));
                    case TIMED_OUT -> approvedButNeverTold(stored)
                            // The approval was recorded but its handoff never reached the wait, which then
                            // timed out. APPROVED may not move to TIMED_OUT; FAILED says "ended without access".
                            ? store.apply(stored, RequestUpdate.moveTo(Status.FAILED),
                                    AuditEvents.approvalNeverReachedWorkflow(role, policy,
                                            deletePolicy(stored, policy, neverGranted)))
                            : store.apply(stored, RequestUpdate.moveTo(Status.TIMED_OUT),
                                    AuditEvents.timedOut(role, policy, deletePolicy(stored, policy, neverGranted)));
                    case FAILED -> store.apply(stored, RequestUpdate.moveTo(Status.FAILED),
                            failed(stored, cause, role, policy,
                                    !grantNeverReachedAccount && deletePolicy(stored, policy, neverGranted)));
                    // IAM has just failed eight times: record without calling it again. The policy's own
                    // aws:CurrentTime condition has ended the permission; the sweeper removes the policy later.
                    case REVOKE_FAILED -> store.apply(stored, RequestUpdate.moveTo(Status.REVOKE_FAILED),
                            AuditEvents.revokeFailed(role, policy, cause.error(), cause.message()));
                };
                switch (outcome) {
                    case EXPIRED -> metrics.count(Metric.Revoked);
                    case TIMED_OUT -> metrics.count(Metric.TimedOut);
                    case REVOKE_FAILED -> metrics.count(Metric.RevokeFailed);
                    case FAILED -> {
                        // no metric of its own: the failed execution alarms, GRANT_FAILED says why
                    }
                }
                return after;
            } catch (ConflictException e) {
                rethrowUnlessStale(e, attempt);
            }
        }
    }

    /**
     * Ends a grant now, before its window does (POST /requests/{id}/revoke). Whether the caller may (the requester
     * or an admin) is the route's decision.
     *
     * @param actor     the caller's principal ARN
     * @param actorKind REQUESTER or ADMIN
     * @return the request afterwards; unchanged (and no error) when it had already ended
     * @throws NotRevocableException while the request is still pending approval
     */
    public StoredRequest revokeNow(String requestId, String actor, ActorKind actorKind, Origin origin) {
        return revokeNow(requestId, actor, actorKind, origin, null);
    }

    /**
     * The same, saying why in the REVOKED entry (an incident's resolution, the sweeper's retry).
     *
     * @param reason person-readable, e.g. "incident resolved"; null for none
     */
    @Override
    public StoredRequest revokeNow(String requestId, String actor, ActorKind actorKind, Origin origin,
                                   String reason) {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(actorKind, "actorKind");
        for (int attempt = 1; ; attempt++) {
            StoredRequest stored = store.get(requestId);
            Status status = stored.status();
            if (status.isFinal()) {
                return stored;
            }
            if (!status.canMoveTo(Status.REVOKED)) {
                throw new NotRevocableException(requestId, status);
            }
            String role = stored.request().requester().roleName();
            String policy = GrantPolicy.policyNameFor(requestId);
            try {
                AuditDraft entry;
                if (isIdentityCenterGrant(stored)) {
                    IdentityCenterGrants.Removal removal = removeIdentityCenterGrant(stored, true);
                    entry = AuditEvents.revoked(actor, actorKind, origin, role, policy,
                            removal == IdentityCenterGrants.Removal.REMOVED, reason);
                    if (removal == IdentityCenterGrants.Removal.IN_PROGRESS) {
                        // The assignment's deletion was accepted but not finished within the early revoke's bound.
                        entry = entry.withDetail(AuditEvents.IDENTITY_CENTER_REMOVAL, EARLY_REVOKE_IN_PROGRESS);
                    }
                } else {
                    entry = AuditEvents.revoked(actor, actorKind, origin, role, policy,
                            deletePolicy(stored, policy, false), reason);
                }
                StoredRequest after = store.apply(stored, RequestUpdate.moveTo(Status.REVOKED), entry);
                metrics.count(Metric.Revoked);
                return after;
            } catch (ConflictException e) {
                rethrowUnlessStale(e, attempt);
            }
        }
    }

    private static boolean approvedButNeverTold(StoredRequest stored) {
        return stored.status() == Status.APPROVED || stored.status() == Status.SCHEDULED;
    }

    /**
     * Deletes the request's policy from the requester's role in the requester's account; true if it was there. A
     * missing role or policy means there is nothing to do.
     *
     * @param neverGranted the request cannot have had a grant: an unreachable account then leaves nothing to delete
     */
    private boolean deletePolicy(StoredRequest stored, String policy, boolean neverGranted) {
        if (isIdentityCenterGrant(stored)) {
            IdentityCenterGrants.Removal removal = removeIdentityCenterGrant(stored, false);
            if (removal == IdentityCenterGrants.Removal.IN_PROGRESS) {
                // The workflow's Revoke (and GrantFailed, TimedOut) retries on this, bounded; then REVOKE_FAILED.
                throw new ProvisioningPending("Identity Center is still deleting the assignment of request "
                        + stored.requestId() + "'s permission set " + policy + "; its deletion follows.");
            }
            return removal == IdentityCenterGrants.Removal.REMOVED;
        }
        String account = stored.request().requester().accountId();
        String role = stored.request().requester().roleName();
        try {
            return targets.in(account, stored.requestId()).deleteRolePolicyIfPresent(role, policy);
        } catch (IamGatewayException.TargetUnreachable e) {
            if (!neverGranted) {
                throw e;
            }
            LOG.warn("request {}: account {} cannot be reached and the request was never granted there; ended"
                    + " without deleting anything ({})", stored.requestId(), account, e.getMessage());
            return false;
        }
    }

    /** An Identity Center user's request: its grant is a permission set, not an inline policy (issue 14). */
    private static boolean isIdentityCenterGrant(StoredRequest stored) {
        return stored.request().requester().identityCenter().isPresent()
                || stored.grant().containsKey(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN);
    }

    /**
     * Deletes the request's assignment and then its permission set. No permission set recorded: nothing to delete (a
     * permission set created but never recorded is the sweeper's to find).
     *
     * @param early an early revoke: look a few times more while Identity Center deletes the assignment
     */
    private IdentityCenterGrants.Removal removeIdentityCenterGrant(StoredRequest stored, boolean early) {
        String permissionSetArn = stored.grant().get(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN);
        if (permissionSetArn == null) {
            return IdentityCenterGrants.Removal.NOTHING_THERE;
        }
        if (identityCenter.isEmpty()) {
            // Never record an ending this function could not carry out: the permission set may still be assigned.
            throw new IllegalStateException("request " + stored.requestId() + " holds permission set " + permissionSetArn
                    + ", but this function is not configured for IAM Identity Center (JITA_IDENTITY_CENTER_INSTANCE_ARN);"
                    + " nothing was revoked");
        }
        String account = stored.request().requester().accountId();
        try {
            return early ? identityCenter.get().removeSoon(account, permissionSetArn)
                    : identityCenter.get().removeStep(account, permissionSetArn);
        } catch (IdentityCenterException e) {
            // Throttling, an outage, a refusal: the workflow retries, then REVOKE_FAILED; the sweeper retries that.
            throw new TransientFailure("Identity Center failed while taking request " + stored.requestId()
                    + "'s grant away: " + e.getMessage(), e);
        }
    }

    private static AuditDraft failed(StoredRequest stored, TaskError cause, String role, String policy,
                                     boolean deleted) {
        boolean neverApproved = stored.status() == Status.PENDING_APPROVAL;
        String code = GrantRefused.reasonIn(cause.message()).map(Reason::name).orElse(cause.error());
        return AuditEvents.grantFailed(neverApproved ? "notify" : "grant", code, cause.message(), role, policy,
                deleted);
    }

    /** Someone else changed the request meanwhile: read it again (it may have ended); anything else is a bug. */
    private static void rethrowUnlessStale(ConflictException e, int attempt) {
        if (e.reason() != ConflictException.Reason.STALE_VERSION || attempt >= ATTEMPTS) {
            throw e;
        }
    }
}
