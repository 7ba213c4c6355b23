package dev.jita.sweeper;

import dev.jita.domain.GrantWindow;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowInput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Step Functions' executions as the sweeper sees them: every execution runs unless a test says it has ended or never
 * started; an execution the sweeper starts runs. A hook runs when the sweeper asks after an execution, for a test to
 * act at that moment (another sweep, a workflow step).
 */
final class Executions implements Workflow {
    private final Map<String, ExecutionState> states = new ConcurrentHashMap<>();
    /** Executions the sweeper started, by name, in order. */
    final Map<String, WorkflowInput> started = new LinkedHashMap<>();
    private Runnable onState = () -> { };

    /** The execution {@code name} has ended (stopped, failed...) or, with NOT_FOUND, never started. */
    void lose(String name, ExecutionState state) {
        states.put(name, state);
    }

    /** Runs {@code action} once, the next time the sweeper asks after an execution. */
    void onNextState(Runnable action) {
        onState = () -> {
            onState = () -> { };
            action.run();
        };
    }

    @Override
    public synchronized void start(String executionName, WorkflowInput input) {
        if (started.containsKey(executionName) || states.containsKey(executionName)) {
            throw new IllegalStateException("ExecutionAlreadyExists: " + executionName);
        }
        started.put(executionName, input);
    }

    @Override
    public ExecutionState state(String executionName) {
        onState.run();
        return states.getOrDefault(executionName, ExecutionState.RUNNING);
    }

    @Override
    public void approved(String taskToken, GrantWindow window) {
        throw new UnsupportedOperationException("the sweeper never answers a task");
    }

    @Override
    public void rejected(String taskToken, String error, String cause) {
        throw new UnsupportedOperationException("the sweeper never answers a task");
    }
}
