package dev.jita.local;

import dev.jita.asl.ExecutionAlreadyExistsException;
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
    public void start(WorkflowInput input) {
        try {
            sfn.startExecution(stateMachineArn, input.requestId(), input.toJson());
        } catch (ExecutionAlreadyExistsException e) {
            throw new IllegalStateException("an execution named " + input.requestId() + " already exists with other input",
                    e);
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

    /** The execution ARN of a request (execution name = requestId). */
    public String executionArn(String requestId) {
        return stateMachineArn.replace(":stateMachine:", ":execution:") + ":" + requestId;
    }

    private static TaskGoneException gone(StepFunctionsException e) {
        // Never echo the task token: the interpreter's message does not carry it, and we add nothing.
        return new TaskGoneException(e.errorCode(), "the workflow no longer waits for this decision (" + e.errorCode()
                + ")");
    }
}
