package dev.jita.requests;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.Origin;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.store.ConflictException;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.TaskGoneException;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowErrors;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /requests/{id}/cancel} (the requester withdraws a pending request) and
 * {@code POST /requests/{id}/revoke} (the requester or an admin ends a grant now). Both are idempotent: asking
 * again for what is already done is {@link Withdrawal.Done} with the request as it is.
 */
public final class Withdrawals {

    private static final Logger LOG = LoggerFactory.getLogger(Withdrawals.class);
    private static final int ATTEMPTS = 3;

    private final Access access;
    private final RequestStore store;
    private final Workflow workflow;
    private final EarlyRevoker revoker;

    public Withdrawals(RuleBook rules, RequestStore store, Workflow workflow, EarlyRevoker revoker) {
        this.access = new Access(rules, store);
        this.store = Objects.requireNonNull(store, "store");
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.revoker = Objects.requireNonNull(revoker, "revoker");
    }

    /**
     * PENDING_APPROVAL becomes CANCELLED with its CANCELLED entry in one transaction; then the waiting workflow is
     * told (SendTaskFailure "Cancelled") if the notify function has stored its task token by now.
     *
     * @return done, or not found (not visible), not yours (not the requester), not pending, or cancelled but the
     *         workflow not told
     */
    public Withdrawal cancel(Requester who, Origin origin, String requestId) {
        Optional<StoredRequest> visible = access.visible(requestId, who);
        if (visible.isEmpty()) {
            return new Withdrawal.NotFound(requestId);
        }
        StoredRequest request = visible.get();
        if (!Access.isRequester(request, who)) {
            return new Withdrawal.NotYours(requestId, Withdrawal.Kind.CANCEL);
        }
        for (int attempt = 1; ; attempt++) {
            switch (request.status()) {
                case CANCELLED -> {
                    // Tell the workflow again: an earlier cancel may have stopped between the write and the call.
                    return toldWorkflow(request);
                }
                case PENDING_APPROVAL -> {
                    try {
                        StoredRequest cancelled = store.apply(request, RequestUpdate.moveTo(Status.CANCELLED),
                                AuditEvents.cancelled(request.request(), who, origin));
                        return toldWorkflow(cancelled);
                    } catch (ConflictException e) {
                        if (attempt >= ATTEMPTS) {
                            throw e;
                        }
                        request = store.get(requestId); // someone decided meanwhile: look again
                    }
                }
                default -> {
                    return new Withdrawal.NotPending(requestId, request.status());
                }
            }
        }
    }

    /**
     * @return done, or not found (not visible), not yours (neither requester nor admin), not granted (still
     *         pending, or ended without a grant), or no grant now (a race with the revoke's second look)
     */
    public Withdrawal revoke(Requester who, Origin origin, String requestId) {
        Optional<StoredRequest> visible = access.visible(requestId, who);
        if (visible.isEmpty()) {
            return new Withdrawal.NotFound(requestId);
        }
        StoredRequest request = visible.get();
        boolean requester = Access.isRequester(request, who);
        boolean admin = access.isAdmin(who);
        if (!requester && !admin) {
            return new Withdrawal.NotYours(requestId, Withdrawal.Kind.REVOKE);
        }
        return switch (request.status()) {
            case REVOKED, EXPIRED -> new Withdrawal.Done(request);
            case APPROVED, SCHEDULED, ACTIVE, REVOKE_FAILED -> revokeNow(requestId,
                    new Revocation(who.arn(), requester ? ActorKind.REQUESTER : ActorKind.ADMIN, origin));
            case PENDING_APPROVAL, DENIED, TIMED_OUT, CANCELLED, FAILED ->
                    new Withdrawal.NotGranted(requestId, request.status());
        };
    }

    private Withdrawal revokeNow(String requestId, Revocation by) {
        EarlyRevoker.Result result = revoker.revokeNow(requestId, by);
        if (result instanceof EarlyRevoker.Revoked revoked) {
            return new Withdrawal.Done(revoked.request());
        }
        // NotRevocable: it was still pending when looked at again, though it was not just before.
        return new Withdrawal.NoGrantNow(requestId);
    }

    /** Done once the workflow knows, or needs no telling; WorkflowNotTold when it could not be told. */
    private Withdrawal toldWorkflow(StoredRequest request) {
        Optional<String> token = store.taskToken(request.requestId());
        if (token.isEmpty()) {
            // Not waiting yet: the notify function finds the request CANCELLED when it stores its token.
            return new Withdrawal.Done(request);
        }
        try {
            workflow.rejected(token.get(), WorkflowErrors.CANCELLED, "Cancelled by the requester");
        } catch (TaskGoneException e) {
            // The workflow no longer waits (timed out, or told already): the cancel stands.
        } catch (RuntimeException e) {
            LOG.error("request {} is cancelled but its workflow could not be told: {}", request.requestId(),
                    e.getClass().getSimpleName());
            return new Withdrawal.WorkflowNotTold(request.requestId());
        }
        return new Withdrawal.Done(request);
    }
}
