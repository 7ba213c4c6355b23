package dev.jita.requests;

import dev.jita.domain.GrantWindow;
import dev.jita.workflow.TaskGoneException;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowInput;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The workflow as intake's use cases meet it, recording what they ask: starts by name, and the rejections a cancel
 * sends. It can be told to fail the next starts, to answer that the task is gone, or to be unreachable.
 */
final class ScriptedWorkflow implements Workflow {
    /** How {@link #rejected} answers. */
    enum Rejections { ACCEPTED, TASK_GONE, UNREACHABLE }

    final Map<String, WorkflowInput> started = new LinkedHashMap<>();
    final List<String> startCalls = new ArrayList<>();
    final List<String> rejectedTokens = new ArrayList<>();
    int failNextStarts;
    Rejections rejections = Rejections.ACCEPTED;

    @Override
    public void start(String executionName, WorkflowInput input) {
        startCalls.add(executionName);
        if (failNextStarts > 0) {
            failNextStarts--;
            throw new IllegalStateException("Step Functions is unavailable (simulated)");
        }
        started.putIfAbsent(executionName, input);
    }

    @Override
    public ExecutionState state(String executionName) {
        throw new UnsupportedOperationException("the request use cases never ask after an execution");
    }

    @Override
    public void approved(String taskToken, GrantWindow window) {
        throw new UnsupportedOperationException("the request use cases never approve");
    }

    @Override
    public void rejected(String taskToken, String error, String cause) {
        rejectedTokens.add(taskToken + ":" + error);
        switch (rejections) {
            case ACCEPTED -> { }
            case TASK_GONE -> throw new TaskGoneException("TaskTimedOut", "the workflow no longer waits (simulated)");
            case UNREACHABLE -> throw new IllegalStateException("Step Functions is unreachable (simulated)");
        }
    }
}
