package dev.jita.approvals;

import dev.jita.app.Metric;
import dev.jita.app.Metrics;
import dev.jita.audit.AuditEvents;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.store.ConflictException;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.TaskGoneException;
import dev.jita.workflow.Workflow;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a request that waits in AwaitApproval is told it was approved, whoever approved it: the approver
 * whose approval was the last one needed ({@link ApprovalDesk}) or an incident ({@code dev.jita.incidents}). The
 * caller has already recorded the approval (status, window, audit entry) in one write; this hands the window to
 * the workflow and, when the workflow no longer waits, ends the request FAILED so it does not stay APPROVED with
 * nothing left to grant it.
 */
public final class WorkflowHandoff {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowHandoff.class);
    private static final int ATTEMPTS = 3;

    /** What became of the handoff. */
    public enum Told {
        /** AwaitApproval succeeded with the window: the workflow goes on to grant. */
        APPROVED,
        /** The workflow had stopped waiting (timed out, or the task is gone): the request was ended FAILED. */
        TOO_LATE
    }

    private final RequestStore store;
    private final Workflow workflow;
    private final Metrics metrics;

    public WorkflowHandoff(RequestStore store, Workflow workflow, Metrics metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.workflow = Objects.requireNonNull(workflow, "workflow");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    /**
     * The task token the notify step stored; empty while the workflow has not reached AwaitApproval yet. Read it
     * before recording an approval: without it nobody can tell the workflow.
     */
    public Optional<String> taskToken(String requestId) {
        return store.taskToken(requestId);
    }

    /**
     * Tells the workflow the request is approved for {@code window}.
     *
     * @param approved the request as the approving write left it (APPROVED or SCHEDULED)
     * @param actor    who approved, for the FAILED entry if the workflow no longer waits
     * @throws HandoffFailedException when the workflow could not be reached after retries; the approval stays
     *                                recorded
     */
    public Told approved(StoredRequest approved, GrantWindow window, String taskToken, String actor) {
        try {
            send(approved.requestId(), taskToken, window);
            metrics.count(Metric.Approved);
            return Told.APPROVED;
        } catch (TaskGoneException gone) {
            // A late approval (security.md "Workflow"): never retried.
            LOG.warn("request {}: the workflow no longer waits ({}); approval by {} came too late",
                    approved.requestId(), gone.awsError(), actor);
            endLateApproval(approved, actor, gone.awsError());
            return Told.TOO_LATE;
        }
    }

    /**
     * Sends the window of a request approved earlier once more, for when the first handoff may have failed. Step
     * Functions ignores a second success for a finished task (TaskGone), so this is safe to repeat; TaskGone
     * changes nothing here: either the workflow has the window already, or its wait timed out and its TimedOut
     * step ends the request FAILED.
     *
     * @param approved APPROVED or SCHEDULED, with its window
     * @throws HandoffFailedException when the workflow still cannot be reached
     */
    public void resend(StoredRequest approved, String taskToken) {
        try {
            send(approved.requestId(), taskToken, approved.window());
            // Step Functions accepted it, so the first handoff had indeed been lost.
            metrics.count(Metric.Approved);
            LOG.info("request {}: window sent to the workflow again", approved.requestId());
        } catch (TaskGoneException gone) {
            LOG.info("request {}: the workflow no longer waits ({}); nothing to re-send", approved.requestId(),
                    gone.awsError());
        }
    }

    /**
     * SendTaskSuccess, tried {@value #ATTEMPTS} times: the SDK has already retried each call, but one lost call
     * would otherwise leave the request APPROVED with nothing to grant it until the wait times out.
     */
    private void send(String requestId, String taskToken, GrantWindow window) {
        for (int attempt = 1; ; attempt++) {
            try {
                workflow.approved(taskToken, window);
                return;
            } catch (TaskGoneException gone) {
                if (attempt == 1) {
                    throw gone;
                }
                // An earlier attempt may have landed before its answer was lost, so this proves nothing: leave the
                // request to the workflow (its TimedOut step ends it FAILED if the wait really had timed out).
                LOG.warn("request {}: the workflow no longer waits ({}) on attempt {}; an earlier attempt may have "
                        + "reached it", requestId, gone.awsError(), attempt);
                return;
            } catch (RuntimeException e) {
                LOG.warn("request {}: telling the workflow failed (attempt {} of {}): {}", requestId, attempt,
                        ATTEMPTS, e.getClass().getSimpleName());
                if (attempt >= ATTEMPTS) {
                    throw new HandoffFailedException(requestId, e);
                }
            }
        }
    }

    /**
     * The workflow went down its timeout path while the approval was being recorded: nothing will grant, so the
     * request must not stay APPROVED. APPROVED may not move to TIMED_OUT; FAILED is the final status that says
     * "ended without access", and the audit entry says why.
     */
    private void endLateApproval(StoredRequest after, String actor, String workflowError) {
        try {
            store.apply(after, RequestUpdate.moveTo(Status.FAILED), AuditEvents.approvalTooLate(actor, workflowError));
        } catch (ConflictException e) {
            LOG.warn("request {}: could not close the late approval ({}); it is {}", after.requestId(), e.reason(),
                    e.actualStatus());
        }
    }
}
