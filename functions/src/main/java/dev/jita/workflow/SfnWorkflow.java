package dev.jita.workflow;

import dev.jita.domain.GrantWindow;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.InvalidTokenException;
import software.amazon.awssdk.services.sfn.model.TaskDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** The workflow on AWS Step Functions. */
public final class SfnWorkflow implements Workflow {
    private final SfnClient sfn;
    private final String stateMachineArn;

    public SfnWorkflow(SfnClient sfn, String stateMachineArn) {
        this.sfn = sfn;
        this.stateMachineArn = stateMachineArn;
    }

    @Override
    public void start(WorkflowInput input) {
        try {
            sfn.startExecution(b -> b.stateMachineArn(stateMachineArn).name(input.requestId()).input(input.toJson()));
        } catch (ExecutionAlreadyExistsException e) {
            // Same name with other input: a different request reused an id, which must never happen silently.
            throw new IllegalStateException("an execution named " + input.requestId() + " already exists with other input", e);
        }
    }

    @Override
    public void approved(String taskToken, GrantWindow window) {
        try {
            sfn.sendTaskSuccess(b -> b.taskToken(taskToken).output(WorkflowJson.windowJson(window)));
        } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException e) {
            throw gone(e);
        }
    }

    @Override
    public void rejected(String taskToken, String error, String cause) {
        try {
            sfn.sendTaskFailure(b -> b.taskToken(taskToken).error(error).cause(cause));
        } catch (TaskTimedOutException | InvalidTokenException | TaskDoesNotExistException e) {
            throw gone(e);
        }
    }

    private static TaskGoneException gone(software.amazon.awssdk.services.sfn.model.SfnException e) {
        String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
        // Never echo the task token: the SDK message does not carry it, and we add nothing.
        return new TaskGoneException(code, "the workflow no longer waits for this decision (" + code + ")");
    }
}
