package dev.jita.approvals;

import dev.jita.domain.GrantWindow;
import dev.jita.workflow.TaskGoneException;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowInput;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sfn.model.SfnException;

/** A workflow that records what it was told and, when asked to, answers like a task Step Functions forgot. */
public final class RecordingWorkflow implements Workflow {

    public record Call(String kind, String taskToken, GrantWindow window, String error) {
    }

    private final List<Call> calls = new ArrayList<>();
    private volatile String goneWith;
    private int failures;

    /** The next {@code times} callbacks fail as Step Functions does when it is unavailable (after the SDK's retries). */
    public synchronized void failNext(int times) {
        failures = times;
    }

    /** From now on every callback fails as Step Functions does once the task is over. */
    public void taskGone(String awsError) {
        goneWith = awsError;
    }

    public synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void start(String executionName, WorkflowInput input) {
        throw new UnsupportedOperationException("the approvals area never starts a workflow");
    }

    @Override
    public ExecutionState state(String executionName) {
        throw new UnsupportedOperationException("the approvals area never asks after an execution");
    }

    @Override
    public void approved(String taskToken, GrantWindow window) {
        record(new Call("approved", taskToken, window, null));
    }

    @Override
    public void rejected(String taskToken, String error, String cause) {
        record(new Call("rejected", taskToken, null, error));
    }

    private synchronized void record(Call call) {
        calls.add(call);
        if (failures > 0) {
            failures--;
            throw SfnException.builder().statusCode(500).awsErrorDetails(AwsErrorDetails.builder()
                    .errorCode("ServiceUnavailable").errorMessage("Service Unavailable").serviceName("SFN").build())
                    .build();
        }
        if (goneWith != null) {
            throw new TaskGoneException(goneWith, "the workflow no longer waits for this decision (" + goneWith + ")");
        }
    }
}
