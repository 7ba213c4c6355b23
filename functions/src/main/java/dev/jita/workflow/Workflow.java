package dev.jita.workflow;

import dev.jita.domain.GrantWindow;

/**
 * The approval workflow as the functions see it: Step Functions in AWS ({@link SfnWorkflow}), the ASL interpreter
 * in jita local. One execution per request, named by the request id.
 */
public interface Workflow {

    /**
     * Starts the request's execution, named by its request id. Starting again with the same input is a no-op (Step
     * Functions' rule for Standard workflows), so a retried intake does not fail.
     */
    default void start(WorkflowInput input) {
        start(input.requestId(), input);
    }

    /**
     * Starts an execution under {@code executionName}: the request id at intake, {@link #restartName} when the
     * sweeper starts a request's workflow again. A name is never reused once its execution has ended (Step Functions
     * keeps a Standard workflow's names for 90 days).
     *
     * @throws IllegalStateException when an execution of that name exists with other input, or has ended
     */
    void start(String executionName, WorkflowInput input);

    /** Whether the execution named {@code executionName} is still running, has ended, or never started. */
    ExecutionState state(String executionName);

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

    /** The name of the sweeper's {@code restart}-th start of a request's workflow: {@code <requestId>-r<restart>}. */
    static String restartName(String requestId, int restart) {
        if (restart < 1) {
            throw new IllegalArgumentException("restarts count from 1; got " + restart);
        }
        return requestId + "-r" + restart;
    }

    /** The name of a request's current execution after {@code restarts} restarts: the request id when none. */
    static String executionName(String requestId, int restarts) {
        return restarts == 0 ? requestId : restartName(requestId, restarts);
    }

    /** What became of an execution, as DescribeExecution tells it. */
    enum ExecutionState {
        /** Running (or being redriven): it will move the request on by itself. */
        RUNNING,
        /** Succeeded, failed, timed out or stopped: it will never move the request again. */
        ENDED,
        /** No execution has that name: it never started. */
        NOT_FOUND;

        /** Whether nothing will ever move the request on but the sweeper. */
        public boolean gone() {
            return this != RUNNING;
        }
    }
}
