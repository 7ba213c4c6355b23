package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.Run.Phase;
import dev.jita.asl.data.ChoiceRule;
import dev.jita.asl.data.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * One execution and the driver of its interpreter: lifecycle, history, the run loop, Retry/Catch, and the work of
 * Pass, Choice, Succeed, Fail and Wait ({@link #attempt}). Task states run in {@link TaskInvocation}, Parallel and
 * Map in {@link Fanout}. Every field that changes is guarded by {@code this}: the engine's threads, handler threads
 * and callers of SendTask* all synchronise on the execution before touching it, and so do those two classes.
 *
 * <p>A {@link Run} is one thread of control (the execution's top level, a Parallel branch or a Map iteration). It
 * moves through phases ENTER (record StateEntered) → ATTEMPT (input processing and the state's work) → COMPLETE
 * (output processing, Retry/Catch, transition). States that finish at once loop in {@link #drive} without any
 * hand-off; states that wait (Wait, Task, Parallel/Map with waiting children) park the Run in WAITING and the
 * timer, handler or child that ends the wait calls {@link #resume}.
 */
final class Execution {
    /** Step Functions' payload quota: 256 KiB of UTF-8. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    final Engine engine;
    final String arn;
    final String name;
    final String stateMachineArn;
    final Machine machine;
    final JsonNode input;
    final Instant startDate;
    /** The parts of the context object {@code $$} that stay the same through the execution. */
    final ObjectNode contextExecution;
    final ObjectNode contextStateMachine;
    final ExecutionHistory history;
    private final TaskInvocation tasks;

    private ExecutionStatus status = ExecutionStatus.RUNNING;
    private JsonNode output;
    private String error;
    private String cause;
    private Instant stopDate;
    private Run root;
    private Scheduler.Timer executionTimeout;

    Execution(Engine engine, String arn, String name, String stateMachineArn, String stateMachineName,
              Machine machine, JsonNode input) {
        this.engine = engine;
        this.arn = arn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.machine = machine;
        this.input = input;
        this.startDate = engine.scheduler.now();
        this.tasks = new TaskInvocation(this);
        this.history = new ExecutionHistory(engine.scheduler);
        contextExecution = Json.NODES.objectNode();
        contextExecution.put("Id", arn);
        contextExecution.set("Input", input);
        contextExecution.put("Name", name);
        contextExecution.put("RoleArn", "arn:aws:iam::" + engine.account + ":role/StepFunctions-" + stateMachineName);
        contextExecution.put("StartTime", ISO_MILLIS.format(startDate));
        contextExecution.put("RedriveCount", 0);
        contextStateMachine = Json.NODES.objectNode();
        contextStateMachine.put("Id", stateMachineArn);
        contextStateMachine.put("Name", stateMachineName);
    }

    // ---- lifecycle ---------------------------------------------------------------------------------------------

    synchronized void start() {
        record(null, HistoryEventType.ExecutionStarted, null, input, null, null, null, null, -1);
        root = new Run(this, machine, null, -1);
        root.state = machine.state(machine.startAt());
        root.stateInput = input;
        root.lastEventId = history.lastEventId();
        if (machine.timeoutSeconds() != null) {
            executionTimeout = engine.scheduler.schedule(startDate.plusSeconds(machine.timeoutSeconds()),
                    () -> {
                        synchronized (this) {
                            terminate(ExecutionStatus.TIMED_OUT, HistoryEventType.ExecutionTimedOut, "States.Timeout",
                                    "The execution ran longer than its TimeoutSeconds of " + machine.timeoutSeconds());
                        }
                    });
        }
        engine.scheduler.execute(() -> {
            synchronized (this) {
                drive(root);
            }
        });
    }

    synchronized ExecutionDescription describe() {
        return new ExecutionDescription(arn, stateMachineArn, name, status, input, output, error, cause, startDate,
                stopDate);
    }

    synchronized ExecutionStatus status() {
        return status;
    }

    synchronized List<HistoryEvent> history() {
        return history.copy();
    }

    synchronized Instant stop(String error, String cause) {
        if (status == ExecutionStatus.RUNNING) {
            terminate(ExecutionStatus.ABORTED, HistoryEventType.ExecutionAborted, error, cause);
        }
        return stopDate;
    }

    /** What a running execution waits for, for runToCompletion's message. */
    synchronized String waitingOn() {
        String waiting = tasks.waitingState();
        return waiting == null ? "nothing is scheduled to move it on"
                : "state '" + waiting + "' waits for SendTaskSuccess or SendTaskFailure on its task token";
    }

    private void terminate(ExecutionStatus newStatus, HistoryEventType event, String err, String why) {
        if (status != ExecutionStatus.RUNNING) {
            return;
        }
        status = newStatus;
        error = err;
        cause = why;
        stopDate = engine.scheduler.now();
        history.append(null, event, null, null, null, err, why, null, -1);
        closeAll();
    }

    private void closeAll() {
        if (executionTimeout != null) {
            executionTimeout.cancel();
        }
        if (root != null) {
            cancel(root);
        }
        tasks.closeAll();
    }

    private void rootDone(Run run) {
        if (status != ExecutionStatus.RUNNING) {
            return;
        }
        if (run.failure == null) {
            status = ExecutionStatus.SUCCEEDED;
            output = run.output;
            stopDate = engine.scheduler.now();
            history.append(null, HistoryEventType.ExecutionSucceeded, null, null, output, null, null, null, -1);
            closeAll();
        } else {
            terminate(ExecutionStatus.FAILED, HistoryEventType.ExecutionFailed, run.failure.error(),
                    run.failure.errorCause());
        }
    }

    private Instant formattedInstant;
    private String formatted;

    /** ISO-8601 with milliseconds, as AWS writes context times; cached, since virtual time rarely moves. */
    String timestamp(Instant t) {
        if (!t.equals(formattedInstant)) {
            formatted = ISO_MILLIS.format(t);
            formattedInstant = t;
        }
        return formatted;
    }

    /** Whether the execution still runs; the caller holds the lock. */
    boolean isRunning() {
        return status == ExecutionStatus.RUNNING;
    }

    // ---- history -----------------------------------------------------------------------------------------------

    /** Appends an event while the execution runs; the event past AWS's quota fails the execution instead. */
    long record(Run run, HistoryEventType type, String stateName, JsonNode in, JsonNode out, String err, String why,
                String resource, int index) {
        if (status != ExecutionStatus.RUNNING) {
            return history.lastEventId();
        }
        if (history.full()) {
            terminate(ExecutionStatus.FAILED, HistoryEventType.ExecutionFailed, "States.Runtime",
                    "The execution reached the maximum number of history events (" + ExecutionHistory.MAX_EVENTS
                            + ")");
            return history.lastEventId();
        }
        return history.append(run, type, stateName, in, out, err, why, resource, index);
    }

    // ---- the interpreter -------------------------------------------------------------------------------------

    /** Runs {@code run} until it waits or ends. Reentrant calls (a child finishing inside its parent's step) return. */
    void drive(Run run) {
        if (run.driving) {
            return;
        }
        run.driving = true;
        try {
            while (status == ExecutionStatus.RUNNING && !run.cancelled) {
                switch (run.phase) {
                    case ENTER -> enter(run);
                    case ATTEMPT -> attempt(run);
                    case COMPLETE -> complete(run);
                    default -> {
                        return;
                    }
                }
            }
        } finally {
            run.driving = false;
        }
    }

    /** Ends a wait: a handler returned, a timer fired, a token came back, children finished. Stale calls are ignored. */
    void resume(Run run, int generation, JsonNode result, StatesError failure) {
        if (status != ExecutionStatus.RUNNING || run.cancelled || run.phase != Phase.WAITING
                || run.generation != generation) {
            return;
        }
        run.cancelTimers();
        run.result = result;
        run.failure = failure;
        run.phase = Phase.COMPLETE;
        drive(run);
    }

    private void enter(Run run) {
        StateDef s = run.state;
        run.enteredTime = engine.scheduler.now();
        run.retryCount = 0;
        run.retrierAttempts = s.retriers.isEmpty() ? null : new int[s.retriers.size()];
        record(run, s.entered, s.name, run.stateInput, null, null, null, null, -1);
        run.phase = Phase.ATTEMPT;
    }

    private void attempt(Run run) {
        StateDef s = run.state;
        run.newAttempt();
        try {
            if (s.kind == StateDef.Kind.TASK && ((StateDef.Task) s).integration
                    == StateDef.Task.Integration.INVOKE_WAIT_FOR_TOKEN) {
                run.taskToken = engine.newToken();
            }
            JsonNode in = s.inputPath.apply(run.stateInput, run.contextSupplier);
            switch (s.kind) {
                case PASS -> {
                    JsonNode effective = parameters(run, s, in);
                    JsonNode fixed = ((StateDef.Pass) s).result;
                    run.result = fixed != null ? fixed : effective;
                    run.phase = Phase.COMPLETE;
                }
                case CHOICE -> {
                    run.choiceNext = choose(run, (StateDef.Choice) s, in);
                    run.result = in;
                    run.phase = Phase.COMPLETE;
                }
                case SUCCEED -> {
                    run.result = in;
                    run.phase = Phase.COMPLETE;
                }
                case FAIL -> {
                    StateDef.Fail f = (StateDef.Fail) s;
                    String err = f.errorPath != null ? run.stringValue(f.errorPath, in, "ErrorPath") : f.error;
                    String why = f.causePath != null ? run.stringValue(f.causePath, in, "CausePath") : f.cause;
                    run.failure = new StatesError(err, why);
                    run.phase = Phase.COMPLETE;
                }
                case WAIT -> startWait(run, (StateDef.Wait) s, in);
                case TASK -> tasks.start(run, (StateDef.Task) s, in, parameters(run, s, in));
                case PARALLEL -> Fanout.startParallel(run, (StateDef.Parallel) s, parameters(run, s, in));
                case MAP -> Fanout.startMap(run, (StateDef.Map) s, in);
                default -> throw new IllegalStateException("unknown state kind " + s.kind);
            }
        } catch (StatesError e) {
            run.cancelTimers();
            run.failure = e;
            run.phase = Phase.COMPLETE;
        }
    }

    private JsonNode parameters(Run run, StateDef s, JsonNode in) {
        if (s.parameters == null) {
            return in;
        }
        JsonNode effective = s.parameters.evaluate(in, run.contextIf(s.parametersUseContext));
        checkSize(effective, s, "input");
        return effective;
    }

    private String choose(Run run, StateDef.Choice s, JsonNode in) {
        JsonNode ctx = run.contextIf(s.choicesUseContext);
        for (ChoiceRule rule : s.choices) {
            if (rule.matches(in, ctx)) {
                return rule.next();
            }
        }
        if (s.defaultNext != null) {
            return s.defaultNext;
        }
        throw new StatesError("States.NoChoiceMatched",
                "No Choice rule of state '" + s.name + "' matched its input and it has no Default");
    }

    private void complete(Run run) {
        StateDef s = run.state;
        if (run.failure != null) {
            handleFailure(run);
            return;
        }
        JsonNode out;
        String next;
        try {
            switch (s.kind) {
                case CHOICE, SUCCEED, WAIT -> out = s.outputPath.apply(run.result, run.contextSupplier);
                default -> {
                    JsonNode result = run.result;
                    if (s.resultSelector != null) {
                        result = s.resultSelector.evaluate(result,
                                run.contextIf(s.resultSelectorUsesContext));
                    }
                    out = s.outputPath.apply(s.resultPath.apply(run.stateInput, result), run.contextSupplier);
                }
            }
            if (out != run.stateInput) {
                checkSize(out, s, "output");
            }
        } catch (StatesError e) {
            run.failure = e;
            handleFailure(run);
            return;
        }
        next = s.kind == StateDef.Kind.CHOICE ? run.choiceNext : s.next;
        record(run, s.exited, s.name, null, out, null, null, null, -1);
        transition(run, out, next);
    }

    private void transition(Run run, JsonNode out, String next) {
        if (next == null) {
            finish(run, out, null);
        } else {
            run.state = run.machine.state(next);
            run.stateInput = out;
            run.phase = Phase.ENTER;
        }
    }

    private void handleFailure(Run run) {
        StateDef s = run.state;
        StatesError err = run.failure;
        for (int i = 0; i < s.retriers.size(); i++) {
            StateDef.Retrier r = s.retriers.get(i);
            if (ErrorMatcher.matches(r.errorEquals(), err.error())) {
                int attempts = run.retrierAttempts[i];
                if (attempts < r.maxAttempts()) {
                    double delay = r.delaySeconds(attempts, engine.random);
                    run.retrierAttempts[i] = attempts + 1;
                    run.retryCount++;
                    run.phase = Phase.WAITING;
                    int g = ++run.generation;
                    Instant at = engine.scheduler.now().plusNanos((long) (delay * 1e9));
                    run.schedule(at, () -> {
                        if (status == ExecutionStatus.RUNNING && !run.cancelled && run.phase == Phase.WAITING
                                && run.generation == g) {
                            run.cancelTimers();
                            run.phase = Phase.ATTEMPT;
                            drive(run);
                        }
                    });
                    return;
                }
                break;
            }
        }
        for (StateDef.Catcher c : s.catchers) {
            if (ErrorMatcher.matches(c.errorEquals(), err.error())) {
                JsonNode out;
                try {
                    out = c.resultPath().apply(run.stateInput, err.errorOutput());
                    checkSize(out, s, "output");
                } catch (StatesError e) {
                    finish(run, null, e);
                    return;
                }
                transition(run, out, c.next());
                return;
            }
        }
        finish(run, null, err);
    }

    private void finish(Run run, JsonNode out, StatesError failure) {
        run.phase = Phase.DONE;
        run.output = out;
        run.failure = failure;
        if (run.owner == null) {
            rootDone(run);
        } else {
            run.owner.childDone(run);
        }
    }

    void cancel(Run run) {
        if (run.cancelled) {
            return;
        }
        run.cancelled = true;
        run.cancelTimers();
        if (run.taskWait != null) {
            tasks.close(run.taskWait);
        }
        if (run.fanout != null) {
            for (Run child : run.fanout.children) {
                if (child != null && child.phase != Phase.DONE) {
                    cancel(child);
                }
            }
        }
    }

    private void checkSize(JsonNode value, StateDef s, String what) {
        if (Json.exceeds(value, MAX_PAYLOAD_BYTES)) {
            throw new StatesError("States.DataLimitExceeded", "The state/task '" + s.name + "' " + what
                    + " has a size exceeding the maximum number of bytes service limit (" + MAX_PAYLOAD_BYTES
                    + ")");
        }
    }

    // ---- Wait --------------------------------------------------------------------------------------------------

    private void startWait(Run run, StateDef.Wait s, JsonNode in) {
        Instant now = engine.scheduler.now();
        Instant until;
        if (s.seconds != null) {
            until = now.plusSeconds(s.seconds);
        } else if (s.secondsPath != null) {
            until = now.plusSeconds(run.wholeNumber(s.secondsPath, in, "SecondsPath", 0));
        } else if (s.timestamp != null) {
            until = s.timestamp;
        } else {
            JsonNode v = s.timestampPath.read(in, run.contextIf(s.timestampPath.isContext()));
            Instant t = v.isTextual() ? StateDef.Wait.parseTimestamp(v.textValue()) : null;
            if (t == null) {
                throw new StatesError("States.Runtime", "The value of TimestampPath ('" + s.timestampPath.text()
                        + "') in state '" + s.name + "' must be an ISO-8601 timestamp string, but was " + v);
            }
            until = t;
        }
        run.result = in;
        if (!until.isAfter(now)) {
            run.phase = Phase.COMPLETE;
            return;
        }
        run.phase = Phase.WAITING;
        int g = run.generation;
        run.schedule(until, () -> resume(run, g, in, null));
    }
}
