package dev.jita.requests;

import dev.jita.http.ProblemException;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditEvents;
import dev.jita.store.ConflictException;
import dev.jita.audit.Origin;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.http.Problem;
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
 * again for what is already done answers 200 with the request as it is.
 */
public final class Withdrawals {

    private static final Logger LOG = LoggerFactory.getLogger(Withdrawals.class);
    private static final int ATTEMPTS = 3;

    private final Access access;
    private final RequestStore store;
    private final Workflow workflow;
    private final EarlyRevoker revoker;

    public Withdrawals(dev.jita.domain.RuleBook rules, RequestStore store, Workflow workflow, EarlyRevoker revoker) {
        this.access = new Access(rules, store);
        this.store = Objects.requireNonNull(store, "store");
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.revoker = Objects.requireNonNull(revoker, "revoker");
    }

    /**
     * PENDING_APPROVAL becomes CANCELLED with its CANCELLED entry in one transaction; then the waiting workflow is
     * told (SendTaskFailure "Cancelled") if the notify function has stored its task token by now.
     *
     * @throws ProblemException 404 not visible, 403 not the requester, 409 no longer pending, 503 workflow not told
     */
    public StoredRequest cancel(Requester who, Origin origin, String requestId) {
        StoredRequest request = access.visible(requestId, who);
        if (!Access.isRequester(request, who)) {
            throw ProblemException.forbidden("not-requester", "Only the requester can cancel request " + requestId
                    + "; an admin can revoke its grant instead.");
        }
        for (int attempt = 1; ; attempt++) {
            switch (request.status()) {
                case CANCELLED -> {
                    // Tell the workflow again: an earlier cancel may have stopped between the write and the call.
                    tellWorkflow(request);
                    return request;
                }
                case PENDING_APPROVAL -> {
                    try {
                        StoredRequest cancelled = store.apply(request, RequestUpdate.moveTo(Status.CANCELLED),
                                AuditEvents.cancelled(request.request(), who, origin));
                        tellWorkflow(cancelled);
                        return cancelled;
                    } catch (ConflictException e) {
                        if (attempt >= ATTEMPTS) {
                            throw e;
                        }
                        request = store.get(requestId); // someone decided meanwhile: look again
                    }
                }
                default -> throw ProblemException.conflict("not-pending", "Request " + requestId + " is "
                        + request.status() + ", no longer pending, so it cannot be cancelled; revoke it if its grant"
                        + " is active.");
            }
        }
    }

    /**
     * @throws ProblemException 404 not visible, 403 neither requester nor admin, 409 nothing was ever granted
     */
    public StoredRequest revoke(Requester who, Origin origin, String requestId) {
        StoredRequest request = access.visible(requestId, who);
        boolean requester = Access.isRequester(request, who);
        boolean admin = access.isAdmin(who);
        if (!requester && !admin) {
            throw ProblemException.forbidden("not-allowed", "Only the requester or an admin can revoke request "
                    + requestId + "; ask one of them.");
        }
        return switch (request.status()) {
            case REVOKED, EXPIRED -> request;
            case APPROVED, SCHEDULED, ACTIVE, REVOKE_FAILED -> revoker.revokeNow(requestId,
                    new Revocation(who.arn(), requester ? ActorKind.REQUESTER : ActorKind.ADMIN, origin));
            case PENDING_APPROVAL -> throw ProblemException.conflict("not-granted", "Request " + requestId
                    + " is still awaiting approval, so there is no grant to revoke; cancel it instead.");
            case DENIED, TIMED_OUT, CANCELLED, FAILED -> throw ProblemException.conflict("never-granted",
                    "Request " + requestId + " ended " + request.status() + " without a grant, so there is nothing"
                            + " to revoke.");
        };
    }

    private void tellWorkflow(StoredRequest request) {
        Optional<String> token = store.taskToken(request.requestId());
        if (token.isEmpty()) {
            // Not waiting yet: the notify function finds the request CANCELLED when it stores its token.
            return;
        }
        try {
            workflow.rejected(token.get(), WorkflowErrors.CANCELLED, "Cancelled by the requester");
        } catch (TaskGoneException e) {
            // The workflow no longer waits (timed out, or told already): the cancel stands.
        } catch (RuntimeException e) {
            LOG.error("request {} is cancelled but its workflow could not be told: {}", request.requestId(),
                    e.getClass().getSimpleName());
            throw new ProblemException(Problem.unavailable("workflow-not-told", "Request " + request.requestId()
                    + " is cancelled, but its workflow could not be told; send the cancel again to finish."));
        }
    }
}
