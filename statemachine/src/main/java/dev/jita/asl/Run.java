package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.data.Json;
import dev.jita.asl.data.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One thread of control of an execution: its top level, a Parallel branch or a Map iteration, with the state it
 * is in and where it is in that state ({@link Phase}). Guarded by its execution's lock.
 */
final class Run {
    enum Phase { ENTER, ATTEMPT, WAITING, COMPLETE, DONE }

    /** Passed where a Path is known not to read {@code $$}. */
    static final ObjectNode EMPTY_CONTEXT = Json.NODES.objectNode();

    final Execution execution;
    final Machine machine;
    /** The Parallel or Map this run is a child of; null for the top level. */
    final Fanout owner;
    final int index;
    StateDef state;
    JsonNode stateInput;
    Phase phase = Phase.ENTER;
    /** Counts attempts and waits: a timer or result for an older generation is stale and ignored. */
    int generation;
    JsonNode result;
    StatesError failure;
    String choiceNext;
    JsonNode output;
    long lastEventId;
    Instant enteredTime;
    int retryCount;
    int[] retrierAttempts;
    String taskToken;
    TaskWait taskWait;
    Fanout fanout;
    List<Scheduler.Timer> timers;
    boolean driving;
    boolean cancelled;
    private JsonNode context;
    final Supplier<JsonNode> contextSupplier = this::context;

    Run(Execution execution, Machine machine, Fanout owner, int index) {
        this.execution = execution;
        this.machine = machine;
        this.owner = owner;
        this.index = index;
    }

    /** Starts a new attempt of the current state: what the last attempt computed is forgotten. */
    void newAttempt() {
        generation++;
        context = null;
        taskToken = null;
        result = null;
        failure = null;
        choiceNext = null;
    }

    /** Runs {@code task} at {@code at} under the execution's lock, unless the run's timers are cancelled first. */
    void schedule(Instant at, Runnable task) {
        Scheduler.Timer t = execution.engine.scheduler.schedule(at, () -> {
            synchronized (execution) {
                task.run();
            }
        });
        if (timers == null) {
            timers = new ArrayList<>(2);
        }
        timers.add(t);
    }

    void cancelTimers() {
        if (timers != null && !timers.isEmpty()) {
            for (Scheduler.Timer t : timers) {
                t.cancel();
            }
            timers.clear();
        }
    }

    /** The context object {@code $$} of the current attempt, built on first use. */
    JsonNode context() {
        if (context == null) {
            ObjectNode c = Json.NODES.objectNode();
            c.set("Execution", execution.contextExecution);
            ObjectNode st = c.putObject("State");
            st.put("EnteredTime", execution.timestamp(enteredTime));
            st.put("Name", state.name);
            st.put("RetryCount", retryCount);
            c.set("StateMachine", execution.contextStateMachine);
            if (taskToken != null) {
                c.putObject("Task").put("Token", taskToken);
            }
            context = c;
        }
        return context;
    }

    /** The context object when {@code used}; otherwise an empty one, so that none is built. */
    JsonNode contextIf(boolean used) {
        return used ? context() : EMPTY_CONTEXT;
    }

    /** A *Path field of the current state that must select a string (ErrorPath, CausePath). */
    String stringValue(StateDef.Expr expr, JsonNode in, String field) {
        JsonNode v = expr.evaluate(in, contextIf(expr.usesContext()));
        if (!v.isTextual()) {
            throw new StatesError("States.Runtime", "The value of " + field + " in state '" + state.name
                    + "' must be a string, but was " + v);
        }
        return v.textValue();
    }

    /** A *Path field of the current state that must select a whole number of at least {@code min}. */
    long wholeNumber(Path path, JsonNode in, String field, long min) {
        JsonNode v = path.read(in, contextIf(path.isContext()));
        if (!v.isNumber() || !v.canConvertToExactIntegral() || v.asLong() < min) {
            throw new StatesError("States.Runtime", "The value of " + field + " ('" + path.text() + "') in state '"
                    + state.name + "' must be a whole number of at least " + min + ", but was " + v);
        }
        return v.asLong();
    }
}
