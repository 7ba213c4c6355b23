package dev.jita.workflow;

import dev.jita.domain.GrantWindow;

/**
 * The approval workflow as the functions see it: Step Functions in AWS ({@link SfnWorkflow}), the ASL interpreter
 * in jita local. One execution per request, named by the request id.
 */
public interface Workflow {

    /**
     * Starts the request's execution. Starting again with the same input is a no-op (Step Functions' rule for
     * Standard workflows), so a retried intake does not fail.
     */
    void start(WorkflowInput input);

    /**
     * The last needed approval landed: AwaitApproval succeeds with the window.
     *
     * @throws TaskGoneException when the workflow no longer waits (timed out, already decided)
     */
    void approved(String taskToken, GrantWindow window);

    /**
     * Ends AwaitApproval with a named error ({@link WorkflowErrors#DENIED} or {@link WorkflowErrors#CANCELLED}).
     *
     * @throws TaskGoneException when the workflow no longer waits
     */
    void rejected(String taskToken, String error, String cause);
}
