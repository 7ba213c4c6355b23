package dev.jita.handlers;

import dev.jita.domain.GrantWindow;
import dev.jita.workflow.TaskGoneException;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A workflow that records what it is asked, behaving as Step Functions does where intake depends on it: a second
 * start with the same name and input is a no-op, with other input an error. It can be told to fail the next starts
 * or to answer that a task is gone.
 */
final class RecordingWorkflow implements Workflow {
    /** Executions by name, as started (a repeat with the same input adds nothing). */
    final Map<String, String> executions = new LinkedHashMap<>();
    final List<String> startCalls = new ArrayList<>();
    final List<List<String>> rejections = new ArrayList<>();
    final AtomicInteger failNextStarts = new AtomicInteger();
    volatile boolean tasksGone;

    @Override
    public synchronized void start(String executionName, WorkflowInput input) {
        if (!executionName.equals(input.requestId())) {
            throw new UnsupportedOperationException("intake names executions by request id");
        }
        startCalls.add(input.requestId());
        if (failNextStarts.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("Step Functions is unavailable (simulated)");
        }
        String json = input.toJson();
        String earlier = executions.putIfAbsent(input.requestId(), json);
        if (earlier != null && !earlier.equals(json)) {
            throw new IllegalStateException("ExecutionAlreadyExists: " + input.requestId() + " with other input");
        }
    }

    @Override
    public synchronized ExecutionState state(String executionName) {
        throw new UnsupportedOperationException("intake never asks after an execution");
    }

    @Override
    public synchronized void approved(String taskToken, GrantWindow window) {
        throw new UnsupportedOperationException("intake never approves");
    }

    @Override
    public synchronized void rejected(String taskToken, String error, String cause) {
        rejections.add(List.of(taskToken, error));
        if (tasksGone) {
            throw new TaskGoneException("TaskTimedOut", "the workflow no longer waits for this decision (TaskTimedOut)");
        }
    }
}
