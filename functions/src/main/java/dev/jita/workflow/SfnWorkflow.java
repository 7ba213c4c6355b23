package dev.jita.workflow;

import dev.jita.app.AwsErrors;
import dev.jita.app.Environment;
import dev.jita.domain.GrantWindow;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionAlreadyExistsException;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

/** The workflow on AWS Step Functions, through the SDK's client. */
public final class SfnWorkflow implements Workflow {
    /** Step Functions' errors for a task that no longer waits: the decision came too late or twice. */
    static final Set<String> GONE = Set.of("TaskTimedOut", "InvalidToken", "TaskDoesNotExist");
    /**
     * DescribeExecution's statuses of an execution that will never move again. Any other (RUNNING, PENDING_REDRIVE,
     * one added later, which the SDK reports as UNKNOWN_TO_SDK_VERSION) counts as running: the sweeper must never
     * restart a workflow that may still act.
     */
    static final Set<ExecutionStatus> CLOSED = Set.of(ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED,
            ExecutionStatus.TIMED_OUT, ExecutionStatus.ABORTED);

    private final SfnClient sfn;
    private final String stateMachineArn;

    /** @param sfn the SDK's Step Functions client ({@code dev.jita.app.AwsClients} builds it in Lambda) */
    public SfnWorkflow(SfnClient sfn, String stateMachineArn) {
        this.sfn = Objects.requireNonNull(sfn, "sfn");
        this.stateMachineArn = stateMachineArn;
    }

    /** The state machine, which starting and describing executions need (answering a task does not). */
    private String machine() {
        if (stateMachineArn == null || stateMachineArn.isBlank()) {
            throw new IllegalStateException("environment variable " + Environment.STATE_MACHINE_ARN + " is not set;"
                    + " starting or describing the approval workflow needs it (the CDK stack sets it)");
        }
        return stateMachineArn;
    }

    @Override
    public void start(String executionName, WorkflowInput input) {
        try {
            sfn.startExecution(r -> r.stateMachineArn(machine()).name(executionName).input(input.toJson()));
        } catch (ExecutionAlreadyExistsException e) {
            // Same name with other input, or an ended execution: a name reused, which must never happen silently.
            throw new IllegalStateException("an execution named " + executionName + " already exists with"
                    + " other input, or has ended", e);
        }
    }

    @Override
    public ExecutionState state(String executionName) {
        try {
            ExecutionStatus status = sfn.describeExecution(r -> r.executionArn(executionArn(executionName))).status();
            return CLOSED.contains(status) ? ExecutionState.ENDED : ExecutionState.RUNNING;
        } catch (ExecutionDoesNotExistException e) {
            return ExecutionState.NOT_FOUND;
        }
    }

    /** An execution's ARN: the state machine's, with {@code execution} for {@code stateMachine} and the name added. */
    String executionArn(String executionName) {
        return machine().replace(":stateMachine:", ":execution:") + ":" + executionName;
    }

    @Override
    public void approved(String taskToken, GrantWindow window) {
        answer(() -> sfn.sendTaskSuccess(r -> r.taskToken(taskToken).output(WorkflowJson.windowJson(window))));
    }

    @Override
    public void rejected(String taskToken, String error, String cause) {
        answer(() -> sfn.sendTaskFailure(r -> r.taskToken(taskToken).error(error).cause(cause)));
    }

    private static void answer(Runnable call) {
        try {
            call.run();
        } catch (SdkException e) {
            String code = AwsErrors.code(e);
            if (GONE.contains(code)) {
                // Never echo the task token: AWS's message may quote it, so only the code is kept, and no cause.
                throw new TaskGoneException(code, "the workflow no longer waits for this decision (" + code + ")");
            }
            throw e;
        }
    }
}
