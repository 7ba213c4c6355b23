package dev.jita.workflow;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.app.Environment;
import dev.jita.aws.AwsJson;
import dev.jita.aws.AwsServiceException;
import dev.jita.domain.GrantWindow;
import java.util.Objects;
import java.util.Set;

/** The workflow on AWS Step Functions, through its JSON 1.0 API. */
public final class SfnWorkflow implements Workflow {
    /** Step Functions' errors for a task that no longer waits: the decision came too late or twice. */
    static final Set<String> GONE = Set.of("TaskTimedOut", "InvalidToken", "TaskDoesNotExist");
    static final String ALREADY_EXISTS = "ExecutionAlreadyExists";
    static final String DOES_NOT_EXIST = "ExecutionDoesNotExist";
    /**
     * DescribeExecution's statuses of an execution that will never move again. Any other (RUNNING, PENDING_REDRIVE,
     * one added later) counts as running: the sweeper must never restart a workflow that may still act.
     */
    static final Set<String> CLOSED = Set.of("SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED");

    private final AwsJson sfn;
    private final String stateMachineArn;

    /** @param sfn Step Functions on its JSON protocol ({@code dev.jita.app.AwsClients#sfn()} in Lambda) */
    public SfnWorkflow(AwsJson sfn, String stateMachineArn) {
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
        ObjectNode request = object().put("stateMachineArn", machine()).put("name", executionName)
                .put("input", input.toJson());
        try {
            sfn.call("StartExecution", request);
        } catch (AwsServiceException e) {
            if (ALREADY_EXISTS.equals(e.errorCode())) {
                // Same name with other input, or an ended execution: a name reused, which must never happen silently.
                throw new IllegalStateException("an execution named " + executionName + " already exists with"
                        + " other input, or has ended", e);
            }
            throw e;
        }
    }

    @Override
    public ExecutionState state(String executionName) {
        try {
            String status = sfn.call("DescribeExecution", object().put("executionArn", executionArn(executionName)))
                    .path("status").asText("");
            return CLOSED.contains(status) ? ExecutionState.ENDED : ExecutionState.RUNNING;
        } catch (AwsServiceException e) {
            if (DOES_NOT_EXIST.equals(e.errorCode())) {
                return ExecutionState.NOT_FOUND;
            }
            throw e;
        }
    }

    /** An execution's ARN: the state machine's, with {@code execution} for {@code stateMachine} and the name added. */
    String executionArn(String executionName) {
        return machine().replace(":stateMachine:", ":execution:") + ":" + executionName;
    }

    @Override
    public void approved(String taskToken, GrantWindow window) {
        answer("SendTaskSuccess", object().put("taskToken", taskToken).put("output", WorkflowJson.windowJson(window)));
    }

    @Override
    public void rejected(String taskToken, String error, String cause) {
        answer("SendTaskFailure", object().put("taskToken", taskToken).put("error", error).put("cause", cause));
    }

    private void answer(String operation, ObjectNode request) {
        try {
            sfn.call(operation, request);
        } catch (AwsServiceException e) {
            if (GONE.contains(e.errorCode())) {
                // Never echo the task token: the exception holds only the code, and we add nothing.
                throw new TaskGoneException(e.errorCode(), "the workflow no longer waits for this decision ("
                        + e.errorCode() + ")");
            }
            throw e;
        }
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }
}
