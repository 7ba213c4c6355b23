package dev.jita.local;

import dev.jita.asl.ExecutionAlreadyExistsException;
import dev.jita.asl.ExecutionDoesNotExistException;
import dev.jita.asl.ExecutionStatus;
import dev.jita.asl.InvalidTokenException;
import dev.jita.asl.LocalStepFunctions;
import dev.jita.asl.StepFunctionsException;
import dev.jita.asl.TaskDoesNotExistException;
import dev.jita.asl.TaskTimedOutException;
import dev.jita.domain.GrantWindow;
import dev.jita.workflow.TaskGoneException;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowInput;
import dev.jita.workflow.WorkflowJson;
import java.util.Objects;

/** The workflow on the in-process ASL interpreter: what {@code SfnWorkflow} is on AWS, for jita local and tests. */
public final class LocalWorkflow implements Workflow {
    private final LocalStepFunctions sfn;
    private final String stateMachineArn;

    public LocalWorkflow(LocalStepFunctions sfn, String stateMachineArn) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.stateMachineArn = Objects.requireNonNull(stateMachineArn, "stateMachineArn");
    }

    @Override
    public void start(String executionName, WorkflowInput input) {
        try {
            sfn.startExecution(stateMachineArn, executionName, input.toJson());
        } catch (ExecutionAlreadyExistsException e) {
            throw new IllegalStateException("an execution named " + executionName + " already exists with other input,"
                    + " or has ended", e);
        }
    }

    /** The interpreter keeps its executions in memory: after a restart of jita local none of the earlier exist. */
    @Override
    public ExecutionState state(String executionName) {
        try {
            return sfn.describeExecution(executionArn(executionName)).status() == ExecutionStatus.RUNNING
                    ? ExecutionState.RUNNING : ExecutionState.ENDED;
        } catch (ExecutionDoesNotExistException e) {
            return ExecutionState.NOT_FOUND;
        }
    }

    @Override
    public void approved(String taskToken, GrantWindow window) {
        try {
            sfn.sendTaskSuccess(taskToken, WorkflowJson.windowJson(window));
        } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException e) {
            throw gone(e);
        }
    }

    @Override
    public void rejected(String taskToken, String error, String cause) {
        try {
            sfn.sendTaskFailure(taskToken, error, cause);
        } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException e) {
            throw gone(e);
        }
    }

    /** The ARN of an execution: a request's is named by its id (or, restarted by the sweeper, {@code <id>-r<n>}). */
    public String executionArn(String executionName) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + executionName;
    }

    private static TaskGoneException gone(StepFunctionsException e) {
        // Never echo the task token: the interpreter's message does not carry it, and we add nothing.
        return new TaskGoneException(e.errorCode(), "the workflow no longer waits for this decision (" + e.errorCode()
                + ")");
    }
}
