package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.data.ChoiceRule;
import dev.jita.asl.data.Json;
import dev.jita.asl.data.Path;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One execution and its interpreter. Every field that changes is guarded by {@code this}: the engine's threads,
 * handler threads and callers of SendTask* all synchronise on the execution before touching it.
 *
 * <p>A {@link Run} is one thread of control (the execution's top level, a Parallel branch or a Map iteration). It
 * moves through phases ENTER (record StateEntered) → ATTEMPT (input processing and the state's work) → COMPLETE
 * (output processing, Retry/Catch, transition). States that finish at once loop in {@link #drive} without any
 * hand-off; states that wait (Wait, Task, Parallel/Map with waiting children) park the Run in WAITING and the
 * timer, handler or child that ends the wait calls {@link #resume}.
 */
final class Execution {
    static final int MAX_HISTORY_EVENTS = 25_000;
    /** Step Functions' payload quota: 256 KiB of UTF-8. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    private static final DateTimeFormatter ISO_MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    enum Phase { ENTER, ATTEMPT, WAITING, COMPLETE, DONE }

    final Engine engine;
    final String arn;
    final String name;
    final String stateMachineArn;
    final Machine machine;
    final JsonNode input;
    final Instant startDate;
    private final ObjectNode contextExecution;
    private final ObjectNode contextStateMachine;

    private ExecutionStatus status = ExecutionStatus.RUNNING;
    private JsonNode output;
    private String error;
    private String cause;
    private Instant stopDate;
    private final ArrayList<HistoryEvent> history = new ArrayList<>();
    private long lastEventId;
    private Run root;
    private Scheduler.Timer executionTimeout;
    private final List<TaskWait> openTasks = new ArrayList<>();

    Execution(Engine engine, String arn, String name, String stateMachineArn, String stateMachineName,
              Machine machine, JsonNode input) {
        this.engine = engine;
        this.arn = arn;
        this.name = name;
        this.stateMachineArn = stateMachineArn;
        this.machine = machine;
        this.input = input;
        this.startDate = engine.scheduler.now();
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
        root = new Run(null, machine, null, -1);
        root.state = machine.state(machine.startAt());
        root.stateInput = input;
        root.lastEventId = lastEventId;
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
        return List.copyOf(history);
    }

    synchronized Instant stop(String error, String cause) {
        if (status == ExecutionStatus.RUNNING) {
            terminate(ExecutionStatus.ABORTED, HistoryEventType.ExecutionAborted, error, cause);
        }
        return stopDate;
    }

    /** What a running execution waits for, for runToCompletion's message. */
    synchronized String waitingOn() {
        for (TaskWait t : openTasks) {
            if (!t.closed) {
                return "state '" + t.state.name + "' waits for SendTaskSuccess or SendTaskFailure on its task token";
            }
        }
        return "nothing is scheduled to move it on";
    }

    private void terminate(ExecutionStatus newStatus, HistoryEventType event, String err, String why) {
        if (status != ExecutionStatus.RUNNING) {
            return;
        }
        status = newStatus;
        error = err;
        cause = why;
        stopDate = engine.scheduler.now();
        appendEvent(null, event, null, null, null, err, why, null, -1);
        closeAll();
    }

    private void closeAll() {
        if (executionTimeout != null) {
            executionTimeout.cancel();
        }
        if (root != null) {
            cancel(root);
        }
        for (TaskWait t : openTasks) {
            t.closed = true;
            if (t.heartbeatTimer != null) {
                t.heartbeatTimer.cancel();
            }
        }
        openTasks.clear();
    }

    private void rootDone(Run run) {
        if (status != ExecutionStatus.RUNNING) {
            return;
        }
        if (run.failure == null) {
            status = ExecutionStatus.SUCCEEDED;
            output = run.output;
            stopDate = engine.scheduler.now();
            appendEvent(null, HistoryEventType.ExecutionSucceeded, null, null, output, null, null, null, -1);
            closeAll();
        } else {
            terminate(ExecutionStatus.FAILED, HistoryEventType.ExecutionFailed, run.failure.error(),
                    run.failure.errorCause());
        }
    }

    private Instant formattedInstant;
    private String formatted;

    /** ISO-8601 with milliseconds, as AWS writes context times; cached, since virtual time rarely moves. */
    private String timestamp(Instant t) {
        if (!t.equals(formattedInstant)) {
            formatted = ISO_MILLIS.format(t);
            formattedInstant = t;
        }
        return formatted;
    }

    // ---- history -----------------------------------------------------------------------------------------------

    private long record(Run run, HistoryEventType type, String stateName, JsonNode in, JsonNode out, String err,
                        String why, String resource, int index) {
        if (status != ExecutionStatus.RUNNING) {
            return lastEventId;
        }
        if (history.size() >= MAX_HISTORY_EVENTS - 1) {
            terminate(ExecutionStatus.FAILED, HistoryEventType.ExecutionFailed, "States.Runtime",
                    "The execution reached the maximum number of history events (" + MAX_HISTORY_EVENTS + ")");
            return lastEventId;
        }
        return appendEvent(run, type, stateName, in, out, err, why, resource, index);
    }

    private long appendEvent(Run run, HistoryEventType type, String stateName, JsonNode in, JsonNode out, String err,
                             String why, String resource, int index) {
        long id = history.size() + 1L;
        long previous = run == null ? lastEventId : run.lastEventId;
        history.add(new HistoryEvent(id, previous, engine.scheduler.now(), type, stateName, in, out, err, why,
                resource, index));
        lastEventId = id;
        if (run != null) {
            run.lastEventId = id;
        }
        return id;
    }

    // ---- the interpreter -------------------------------------------------------------------------------------

    /** One thread of control: the top level, a Parallel branch or a Map iteration. Guarded by the execution. */
    final class Run {
        final Run parent;
        final Machine machine;
        final Fanout owner;
        final int index;
        StateDef state;
        JsonNode stateInput;
        Phase phase = Phase.ENTER;
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

        Run(Run parent, Machine machine, Fanout owner, int index) {
            this.parent = parent;
            this.machine = machine;
            this.owner = owner;
            this.index = index;
        }

        /** The context object {@code $$} of the current attempt, built on first use. */
        JsonNode context() {
            if (context == null) {
                ObjectNode c = Json.NODES.objectNode();
                c.set("Execution", contextExecution);
                ObjectNode st = c.putObject("State");
                st.put("EnteredTime", timestamp(enteredTime));
                st.put("Name", state.name);
                st.put("RetryCount", retryCount);
                c.set("StateMachine", contextStateMachine);
                if (taskToken != null) {
                    c.putObject("Task").put("Token", taskToken);
                }
                context = c;
            }
            return context;
        }
    }

    /** The children of a running Parallel or Map state. */
    final class Fanout {
        final Run owner;
        final int generation;
        final StateDef state;
        final JsonNode items;
        final JsonNode mapInput;
        final Run[] children;
        final JsonNode[] results;
        final int total;
        int next;
        int active;
        int remaining;
        int failed;
        int maxConcurrency;
        long toleratedCount = -1;
        double toleratedPercentage = -1;
        boolean launching;
        boolean finished;
        /** Children started together at the state's start; a failure among them lets the others start too. */
        int firstWave;
        StatesError deferredFailure;

        Fanout(Run owner, StateDef state, JsonNode items, JsonNode mapInput, int total) {
            this.owner = owner;
            this.generation = owner.generation;
            this.state = state;
            this.items = items;
            this.mapInput = mapInput;
            this.total = total;
            this.remaining = total;
            this.children = new Run[total];
            this.results = new JsonNode[total];
        }

        boolean isMap() {
            return state.kind == StateDef.Kind.MAP;
        }
    }

    /** Runs {@code run} until it waits or ends. Reentrant calls (a child finishing inside its parent's step) return. */
    private void drive(Run run) {
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
    private void resume(Run run, int generation, JsonNode result, StatesError failure) {
        if (status != ExecutionStatus.RUNNING || run.cancelled || run.phase != Phase.WAITING
                || run.generation != generation) {
            return;
        }
        cancelTimers(run);
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
        run.generation++;
        run.context = null;
        run.taskToken = null;
        run.result = null;
        run.failure = null;
        run.choiceNext = null;
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
                    String err = f.errorPath != null ? stringValue(f.errorPath, in, run, "ErrorPath") : f.error;
                    String why = f.causePath != null ? stringValue(f.causePath, in, run, "CausePath") : f.cause;
                    run.failure = new StatesError(err, why);
                    run.phase = Phase.COMPLETE;
                }
                case WAIT -> startWait(run, (StateDef.Wait) s, in);
                case TASK -> startTask(run, (StateDef.Task) s, in, parameters(run, s, in));
                case PARALLEL -> startParallel(run, (StateDef.Parallel) s, parameters(run, s, in));
                case MAP -> startMap(run, (StateDef.Map) s, in);
                default -> throw new IllegalStateException("unknown state kind " + s.kind);
            }
        } catch (StatesError e) {
            cancelTimers(run);
            run.failure = e;
            run.phase = Phase.COMPLETE;
        }
    }

    private JsonNode parameters(Run run, StateDef s, JsonNode in) {
        if (s.parameters == null) {
            return in;
        }
        JsonNode effective = s.parameters.evaluate(in, s.parametersUseContext ? run.context() : Json.EMPTY_CONTEXT);
        checkSize(effective, s, "input");
        return effective;
    }

    private String choose(Run run, StateDef.Choice s, JsonNode in) {
        JsonNode ctx = s.choicesUseContext ? run.context() : Json.EMPTY_CONTEXT;
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
                                s.resultSelectorUsesContext ? run.context() : Json.EMPTY_CONTEXT);
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
                    double delay = r.intervalSeconds() * Math.pow(r.backoffRate(), attempts);
                    if (r.maxDelaySeconds() != null) {
                        delay = Math.min(delay, r.maxDelaySeconds());
                    }
                    if (r.fullJitter()) {
                        synchronized (engine.random) { // executions share it; a RandomGenerator need not be thread-safe
                            delay = engine.random.nextDouble() * delay;
                        }
                    }
                    run.retrierAttempts[i] = attempts + 1;
                    run.retryCount++;
                    run.phase = Phase.WAITING;
                    int g = ++run.generation;
                    Instant at = engine.scheduler.now().plusNanos((long) (delay * 1e9));
                    schedule(run, at, () -> {
                        if (status == ExecutionStatus.RUNNING && !run.cancelled && run.phase == Phase.WAITING
                                && run.generation == g) {
                            cancelTimers(run);
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
                ObjectNode errorOutput = Json.NODES.objectNode();
                errorOutput.put("Error", err.error());
                if (err.errorCause() != null) {
                    errorOutput.put("Cause", err.errorCause());
                }
                JsonNode out;
                try {
                    out = c.resultPath().apply(run.stateInput, errorOutput);
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
            childDone(run.owner, run);
        }
    }

    private void cancel(Run run) {
        if (run.cancelled) {
            return;
        }
        run.cancelled = true;
        cancelTimers(run);
        if (run.taskWait != null) {
            closeTask(run.taskWait);
        }
        if (run.fanout != null) {
            for (Run child : run.fanout.children) {
                if (child != null && child.phase != Phase.DONE) {
                    cancel(child);
                }
            }
        }
    }

    private void schedule(Run run, Instant at, Runnable task) {
        Scheduler.Timer t = engine.scheduler.schedule(at, () -> {
            synchronized (this) {
                task.run();
            }
        });
        if (run.timers == null) {
            run.timers = new ArrayList<>(2);
        }
        run.timers.add(t);
    }

    private void cancelTimers(Run run) {
        if (run.timers != null && !run.timers.isEmpty()) {
            for (Scheduler.Timer t : run.timers) {
                t.cancel();
            }
            run.timers.clear();
        }
    }

    private void checkSize(JsonNode value, StateDef s, String what) {
        if (Json.exceeds(value, MAX_PAYLOAD_BYTES)) {
            throw new StatesError("States.DataLimitExceeded", "The state/task '" + s.name + "' " + what
                    + " has a size exceeding the maximum number of bytes service limit (" + MAX_PAYLOAD_BYTES
                    + ")");
        }
    }

    private String stringValue(StateDef.Expr expr, JsonNode in, Run run, String field) {
        JsonNode v = expr.evaluate(in, expr.usesContext() ? run.context() : Json.EMPTY_CONTEXT);
        if (!v.isTextual()) {
            throw new StatesError("States.Runtime", "The value of " + field + " in state '" + run.state.name
                    + "' must be a string, but was " + v);
        }
        return v.textValue();
    }

    private long wholeNumber(Path path, JsonNode in, Run run, String field, long min) {
        JsonNode v = path.read(in, path.isContext() ? run.context() : Json.EMPTY_CONTEXT);
        if (!v.isNumber() || !v.canConvertToExactIntegral() || v.asLong() < min) {
            throw new StatesError("States.Runtime", "The value of " + field + " ('" + path.text() + "') in state '"
                    + run.state.name + "' must be a whole number of at least " + min + ", but was " + v);
        }
        return v.asLong();
    }

    // ---- Wait --------------------------------------------------------------------------------------------------

    private void startWait(Run run, StateDef.Wait s, JsonNode in) {
        Instant now = engine.scheduler.now();
        Instant until;
        if (s.seconds != null) {
            until = now.plusSeconds(s.seconds);
        } else if (s.secondsPath != null) {
            until = now.plusSeconds(wholeNumber(s.secondsPath, in, run, "SecondsPath", 0));
        } else if (s.timestamp != null) {
            until = s.timestamp;
        } else {
            JsonNode v = s.timestampPath.read(in, s.timestampPath.isContext() ? run.context() : Json.EMPTY_CONTEXT);
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
        schedule(run, until, () -> resume(run, g, in, null));
    }

    // ---- Task --------------------------------------------------------------------------------------------------

    private void startTask(Run run, StateDef.Task s, JsonNode in, JsonNode effective) {
        // TimeoutSecondsPath and HeartbeatSecondsPath read the state's input after InputPath, as the spec says
        Long timeout = s.timeoutSecondsPath != null
                ? Long.valueOf(wholeNumber(s.timeoutSecondsPath, in, run, "TimeoutSecondsPath", 1))
                : s.timeoutSeconds;
        Long heartbeat = s.heartbeatSecondsPath != null
                ? Long.valueOf(wholeNumber(s.heartbeatSecondsPath, in, run, "HeartbeatSecondsPath", 1))
                : s.heartbeatSeconds;
        String function;
        String qualifier;
        JsonNode payload;
        boolean arnResource = s.integration == StateDef.Task.Integration.FUNCTION_ARN;
        String resource;
        if (arnResource) {
            function = s.functionName;
            qualifier = s.qualifier;
            payload = effective;
            resource = s.resource;
            record(run, HistoryEventType.LambdaFunctionScheduled, null, effective, null, null, null, resource, -1);
            record(run, HistoryEventType.LambdaFunctionStarted, null, null, null, null, null, null, -1);
        } else {
            JsonNode fn = effective.get("FunctionName");
            if (fn == null || !fn.isTextual()) {
                throw new StatesError("States.Runtime", "State '" + s.name + "': Parameters.FunctionName must be a "
                        + "string naming the function, but was " + fn);
            }
            String[] parsed = parseFunctionName(fn.textValue());
            function = parsed[0];
            qualifier = parsed[1];
            payload = effective.has("Payload") ? effective.get("Payload") : Json.NODES.objectNode();
            resource = s.integration == StateDef.Task.Integration.INVOKE ? "invoke" : "invoke.waitForTaskToken";
            record(run, HistoryEventType.TaskScheduled, null, effective, null, null, null, resource, -1);
            record(run, HistoryEventType.TaskStarted, null, null, null, null, null, resource, -1);
        }
        if (status != ExecutionStatus.RUNNING) {
            return;
        }
        run.phase = Phase.WAITING;
        int g = run.generation;
        Instant now = engine.scheduler.now();
        TaskWait wait = null;
        if (s.integration == StateDef.Task.Integration.INVOKE_WAIT_FOR_TOKEN) {
            wait = new TaskWait(run.taskToken, this, run, g, s);
            run.taskWait = wait;
            openTasks.add(wait);
            engine.tokens.put(wait.token, wait);
            if (heartbeat != null) {
                wait.heartbeatSeconds = heartbeat;
                armHeartbeat(wait);
            }
        }
        if (timeout != null) {
            TaskWait w = wait;
            schedule(run, now.plusSeconds(timeout), () -> {
                if (run.phase != Phase.WAITING || run.generation != g) {
                    return;
                }
                if (w != null) {
                    closeTask(w);
                }
                String why = "The task ran longer than its TimeoutSeconds of " + timeout;
                record(run, arnResource ? HistoryEventType.LambdaFunctionTimedOut : HistoryEventType.TaskTimedOut,
                        null, null, null, "States.Timeout", why, arnResource ? null : resource, -1);
                resume(run, g, null, new StatesError("States.Timeout", why));
            });
        }
        invoke(run, g, s, function, qualifier, payload, resource, arnResource, wait);
    }

    static String[] parseFunctionName(String text) {
        String rest = text;
        int i = text.indexOf(":function:");
        if (i >= 0) {
            rest = text.substring(i + ":function:".length());
        }
        int colon = rest.indexOf(':');
        return colon < 0 ? new String[] {rest, null} : new String[] {rest.substring(0, colon), rest.substring(colon + 1)};
    }

    private void invoke(Run run, int g, StateDef.Task s, String function, String qualifier, JsonNode payload,
                        String resource, boolean arnResource, TaskWait wait) {
        LambdaFunction handler = engine.functions.get(function);
        Invocation inv = new Invocation(function, qualifier, run.taskToken, engine);
        JsonNode event = payload.deepCopy();
        if (engine.scheduler.inline()) {
            Outcome o = call(handler, event, inv);
            if (inv.sleptNanos > 0) {
                schedule(run, engine.scheduler.now().plusNanos(inv.sleptNanos),
                        () -> delivered(run, g, s, o, function, qualifier, resource, arnResource, wait));
            } else {
                delivered(run, g, s, o, function, qualifier, resource, arnResource, wait);
            }
        } else {
            engine.scheduler.execute(() -> {
                Outcome o = call(handler, event, inv);
                synchronized (this) {
                    delivered(run, g, s, o, function, qualifier, resource, arnResource, wait);
                }
            });
        }
    }

    private record Outcome(JsonNode result, StatesError failure) {
    }

    private Outcome call(LambdaFunction handler, JsonNode event, Invocation inv) {
        if (handler == null) {
            return new Outcome(null, new StatesError("Lambda.ResourceNotFoundException",
                    "Function not found: arn:aws:lambda:" + engine.region + ":" + engine.account + ":function:"
                            + inv.functionName() + " (register a handler for '" + inv.functionName()
                            + "' with LocalStepFunctions.Builder.function)"));
        }
        try {
            JsonNode out = handler.handle(event, inv);
            return new Outcome(out == null ? NullNode.getInstance() : out.deepCopy(), null);
        } catch (LambdaException e) {
            return new Outcome(null, new StatesError(e.errorType(), lambdaCause(e.getMessage(), e.errorType(), null)));
        } catch (StatesError e) {
            return new Outcome(null, e);
        } catch (Exception | AssertionError | LinkageError e) {
            return new Outcome(null, new StatesError(e.getClass().getName(),
                    lambdaCause(e.getMessage(), e.getClass().getName(), e)));
        }
    }

    /** The cause text the Lambda runtime reports for an unhandled error. */
    static String lambdaCause(String message, String type, Throwable t) {
        ObjectNode c = Json.NODES.objectNode();
        c.put("errorMessage", message);
        c.put("errorType", type);
        ArrayNode trace = c.putArray("stackTrace");
        if (t != null) {
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 20); i++) {
                trace.add(frames[i].toString());
            }
            if (t.getCause() != null && t.getCause() != t) {
                Throwable inner = t.getCause();
                try {
                    c.set("cause", Json.parse(lambdaCause(inner.getMessage(), inner.getClass().getName(), inner)));
                } catch (Exception ignored) {
                    StringWriter w = new StringWriter();
                    inner.printStackTrace(new PrintWriter(w));
                    c.put("cause", w.toString());
                }
            }
        }
        return c.toString();
    }

    private void delivered(Run run, int g, StateDef.Task s, Outcome o, String function, String qualifier,
                           String resource, boolean arnResource, TaskWait wait) {
        if (status != ExecutionStatus.RUNNING || run.cancelled || run.phase != Phase.WAITING
                || run.generation != g) {
            return;
        }
        if (o.failure() != null) {
            if (wait != null) {
                if (wait.closed) {
                    return;
                }
                closeTask(wait);
            }
            record(run, arnResource ? HistoryEventType.LambdaFunctionFailed : HistoryEventType.TaskFailed, null, null,
                    null, o.failure().error(), o.failure().errorCause(), arnResource ? null : resource, -1);
            resume(run, g, null, o.failure());
            return;
        }
        JsonNode result = arnResource ? o.result() : invokeResponse(o.result(), qualifier, run);
        if (Json.exceeds(result, MAX_PAYLOAD_BYTES)) {
            StatesError e = new StatesError("States.DataLimitExceeded", "The state/task '" + s.name
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
            if (wait != null) {
                closeTask(wait);
            }
            resume(run, g, null, e);
            return;
        }
        if (wait != null) {
            record(run, HistoryEventType.TaskSubmitted, null, null, result, null, null, resource, -1);
            return;
        }
        record(run, arnResource ? HistoryEventType.LambdaFunctionSucceeded : HistoryEventType.TaskSucceeded, null,
                null, result, null, null, arnResource ? null : resource, -1);
        resume(run, g, result, null);
    }

    /** The response of Lambda's Invoke API as the lambda:invoke integration returns it. */
    private JsonNode invokeResponse(JsonNode payload, String qualifier, Run run) {
        String version = qualifier != null && qualifier.chars().allMatch(Character::isDigit) ? qualifier : "$LATEST";
        String requestId = UUID.nameUUIDFromBytes((arn + "#" + run.lastEventId).getBytes(StandardCharsets.UTF_8))
                .toString();
        String length = Long.toString(Json.size(payload, Long.MAX_VALUE));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(engine.scheduler.now().atOffset(ZoneOffset.UTC));
        ObjectNode r = Json.NODES.objectNode();
        r.put("ExecutedVersion", version);
        r.set("Payload", payload);
        ObjectNode http = r.putObject("SdkHttpMetadata");
        ObjectNode all = http.putObject("AllHttpHeaders");
        ObjectNode headers = http.putObject("HttpHeaders");
        String[][] pairs = {{"Connection", "keep-alive"}, {"Content-Length", length},
                {"Content-Type", "application/json"}, {"Date", date}, {"X-Amz-Executed-Version", version},
                {"x-amzn-Remapped-Content-Length", "0"}, {"x-amzn-RequestId", requestId}};
        for (String[] p : pairs) {
            all.putArray(p[0]).add(p[1]);
            headers.put(p[0], p[1]);
        }
        http.put("HttpStatusCode", 200);
        r.putObject("SdkResponseMetadata").put("RequestId", requestId);
        r.put("StatusCode", 200);
        return r;
    }

    // ---- task tokens ---------------------------------------------------------------------------------------------

    private void closeTask(TaskWait w) {
        w.closed = true;
        if (w.heartbeatTimer != null) {
            w.heartbeatTimer.cancel();
            w.heartbeatTimer = null;
        }
        openTasks.remove(w);
    }

    private void armHeartbeat(TaskWait w) {
        if (w.heartbeatTimer != null) {
            w.heartbeatTimer.cancel();
        }
        Run run = w.run;
        w.heartbeatTimer = engine.scheduler.schedule(engine.scheduler.now().plusSeconds(w.heartbeatSeconds), () -> {
            synchronized (this) {
                if (w.closed || run.generation != w.generation || run.phase != Phase.WAITING) {
                    return;
                }
                closeTask(w);
                String why = "The task sent no heartbeat for " + w.heartbeatSeconds + " seconds (HeartbeatSeconds)";
                record(run, HistoryEventType.TaskTimedOut, null, null, null, "States.HeartbeatTimeout", why,
                        "invoke.waitForTaskToken", -1);
                resume(run, w.generation, null, new StatesError("States.HeartbeatTimeout", why));
            }
        });
    }

    /** SendTaskSuccess / SendTaskFailure: checks and closes the task now, completes the state on the scheduler. */
    synchronized void completeTask(TaskWait w, JsonNode result, StatesError failure) {
        if (w.closed || status != ExecutionStatus.RUNNING) {
            throw new TaskTimedOutException("The task of this token has already closed (it succeeded, failed, timed "
                    + "out, or its execution ended); nothing was changed");
        }
        closeTask(w);
        Run run = w.run;
        engine.scheduler.execute(() -> {
            synchronized (this) {
                if (run.generation != w.generation || run.phase != Phase.WAITING) {
                    return;
                }
                if (failure == null) {
                    if (Json.exceeds(result, MAX_PAYLOAD_BYTES)) {
                        resume(run, w.generation, null, new StatesError("States.DataLimitExceeded", "The task output "
                                + "sent with SendTaskSuccess exceeds " + MAX_PAYLOAD_BYTES + " bytes"));
                        return;
                    }
                    record(run, HistoryEventType.TaskSucceeded, null, null, result, null, null,
                            "invoke.waitForTaskToken", -1);
                } else {
                    record(run, HistoryEventType.TaskFailed, null, null, null, failure.error(), failure.errorCause(),
                            "invoke.waitForTaskToken", -1);
                }
                resume(run, w.generation, result, failure);
            }
        });
    }

    synchronized void heartbeat(TaskWait w) {
        if (w.closed || status != ExecutionStatus.RUNNING) {
            throw new TaskTimedOutException("The task of this token has already closed (it succeeded, failed, timed "
                    + "out, or its execution ended); heartbeats are no longer accepted");
        }
        if (w.heartbeatSeconds > 0) {
            armHeartbeat(w);
        }
    }

    // ---- Parallel and Map ----------------------------------------------------------------------------------------

    private void startParallel(Run run, StateDef.Parallel s, JsonNode effective) {
        int n = s.branches.size();
        Fanout f = new Fanout(run, s, null, effective, n);
        run.fanout = f;
        run.phase = Phase.WAITING;
        record(run, HistoryEventType.ParallelStateStarted, null, null, null, null, null, null, -1);
        f.firstWave = n;
        launch(f);
    }

    private void startMap(Run run, StateDef.Map s, JsonNode in) {
        JsonNode items = in;
        if (s.itemsPath != null) {
            items = s.itemsPath.read(in, s.itemsPath.isContext() ? run.context() : Json.EMPTY_CONTEXT);
        }
        if (!items.isArray()) {
            throw new StatesError("States.Runtime", "State '" + s.name + "': ItemsPath '"
                    + (s.itemsPath == null ? "$" : s.itemsPath.text()) + "' must select an array, but selected "
                    + items.getNodeType().name().toLowerCase() + " " + abbreviate(items));
        }
        Fanout f = new Fanout(run, s, items, in, items.size());
        f.maxConcurrency = s.maxConcurrencyPath != null
                ? (int) Math.min(Integer.MAX_VALUE, wholeNumber(s.maxConcurrencyPath, in, run, "MaxConcurrencyPath", 0))
                : s.maxConcurrency == null ? 0 : s.maxConcurrency;
        if (s.toleratedFailureCount != null) {
            f.toleratedCount = s.toleratedFailureCount;
        } else if (s.toleratedFailureCountPath != null) {
            f.toleratedCount = wholeNumber(s.toleratedFailureCountPath, in, run, "ToleratedFailureCountPath", 0);
        }
        if (s.toleratedFailurePercentage != null) {
            f.toleratedPercentage = s.toleratedFailurePercentage;
        } else if (s.toleratedFailurePercentagePath != null) {
            Path p = s.toleratedFailurePercentagePath;
            JsonNode v = p.read(in, p.isContext() ? run.context() : Json.EMPTY_CONTEXT);
            if (!v.isNumber() || v.asDouble() < 0 || v.asDouble() > 100) {
                throw new StatesError("States.Runtime", "The value of ToleratedFailurePercentagePath ('" + p.text()
                        + "') in state '" + s.name + "' must be a number from 0 to 100, but was " + v);
            }
            f.toleratedPercentage = v.asDouble();
        }
        run.fanout = f;
        run.phase = Phase.WAITING;
        record(run, HistoryEventType.MapStateStarted, null, null, null, null, null, null, items.size());
        f.firstWave = f.maxConcurrency == 0 ? f.total : Math.min(f.total, f.maxConcurrency);
        launch(f);
    }

    private static String abbreviate(JsonNode v) {
        String t = v.toString();
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }

    /**
     * Starts children while concurrency allows; trampolined so that synchronous children do not nest frames. The
     * first wave (every branch, or up to MaxConcurrency items) starts at the same instant as on AWS: a child that
     * fails at once does not keep its siblings of that wave from starting.
     */
    private void launch(Fanout f) {
        if (f.launching) {
            return;
        }
        f.launching = true;
        try {
            while (!f.finished && f.next < f.total && (f.maxConcurrency == 0 || f.active < f.maxConcurrency)
                    && status == ExecutionStatus.RUNNING && !f.owner.cancelled
                    && (f.deferredFailure == null || f.next < f.firstWave)) {
                int i = f.next++;
                f.active++;
                startChild(f, i);
            }
        } finally {
            f.launching = false;
        }
        f.firstWave = 0;
        if (f.deferredFailure != null) {
            finishFanout(f, f.deferredFailure);
        } else if (!f.finished && f.remaining == 0 && status == ExecutionStatus.RUNNING) {
            finishFanout(f, null);
        }
    }

    /** Fails the fanout now, or once the first wave has started when called from within it. */
    private void failFanout(Fanout f, StatesError failure) {
        if (f.launching && f.next < f.firstWave) {
            if (f.deferredFailure == null) {
                f.deferredFailure = failure;
            }
        } else {
            finishFanout(f, failure);
        }
    }

    private void startChild(Fanout f, int i) {
        Run owner = f.owner;
        Run child;
        if (f.isMap()) {
            StateDef.Map s = (StateDef.Map) f.state;
            JsonNode item = f.items.get(i);
            JsonNode itemInput = item;
            if (s.itemSelector != null) {
                // a shallow copy: the context's parts (with the execution input) are shared, never changed
                ObjectNode ctx = Json.NODES.objectNode();
                ctx.setAll((ObjectNode) owner.context());
                ObjectNode mapItem = ctx.putObject("Map").putObject("Item");
                mapItem.put("Index", i);
                mapItem.set("Value", item);
                try {
                    itemInput = s.itemSelector.evaluate(f.mapInput, ctx);
                } catch (StatesError e) {
                    f.active--;
                    failFanout(f, e);
                    return;
                }
            }
            child = new Run(owner, s.processor, f, i);
            child.stateInput = itemInput;
            child.state = s.processor.state(s.processor.startAt());
            child.lastEventId = owner.lastEventId;
            record(child, HistoryEventType.MapIterationStarted, s.name, null, null, null, null, null, i);
        } else {
            Machine branch = ((StateDef.Parallel) f.state).branches.get(i);
            child = new Run(owner, branch, f, i);
            child.stateInput = f.mapInput;
            child.state = branch.state(branch.startAt());
            child.lastEventId = owner.lastEventId;
        }
        f.children[i] = child;
        drive(child);
    }

    private void childDone(Fanout f, Run child) {
        if (f.finished || status != ExecutionStatus.RUNNING) {
            return;
        }
        f.active--;
        f.remaining--;
        if (f.isMap()) {
            record(child, child.failure == null ? HistoryEventType.MapIterationSucceeded
                    : HistoryEventType.MapIterationFailed, f.state.name, null, null, null, null, null, child.index);
        }
        if (child.failure == null) {
            f.results[child.index] = child.output;
        } else if (f.isMap() && ((StateDef.Map) f.state).toleratesFailures()
                && !ErrorMatcher.isTerminal(child.failure.error())) {
            f.failed++;
            ObjectNode e = Json.NODES.objectNode();
            e.put("Error", child.failure.error());
            if (child.failure.errorCause() != null) {
                e.put("Cause", child.failure.errorCause());
            }
            f.results[child.index] = e;
            boolean overCount = f.toleratedCount >= 0 && f.failed > f.toleratedCount;
            boolean overPercentage = f.toleratedPercentage >= 0 && f.failed * 100.0 / f.total > f.toleratedPercentage;
            if (overCount || overPercentage || (f.toleratedCount < 0 && f.toleratedPercentage < 0)) {
                failFanout(f, new StatesError("States.ExceedToleratedFailureThreshold", "The Map state '"
                        + f.state.name + "' had " + f.failed + " failed iterations of " + f.total
                        + ", more than its ToleratedFailureCount or ToleratedFailurePercentage allows"));
                return;
            }
        } else {
            failFanout(f, child.failure);
            return;
        }
        if (!f.launching) {
            if (f.remaining == 0) {
                finishFanout(f, null);
            } else {
                launch(f);
            }
        }
    }

    private void finishFanout(Fanout f, StatesError failure) {
        if (f.finished) {
            return;
        }
        f.finished = true;
        Run owner = f.owner;
        owner.lastEventId = lastEventId; // the Map/Parallel ends because of the latest child event
        boolean map = f.isMap();
        if (failure != null) {
            for (Run child : f.children) {
                if (child != null && child.phase != Phase.DONE) {
                    cancel(child);
                    if (map) {
                        record(child, HistoryEventType.MapIterationAborted, f.state.name, null, null, null, null,
                                null, child.index);
                    }
                }
            }
            record(owner, map ? HistoryEventType.MapStateFailed : HistoryEventType.ParallelStateFailed, null, null,
                    null, null, null, null, -1);
            resume(owner, f.generation, null, failure);
            return;
        }
        ArrayNode out = Json.NODES.arrayNode(f.total);
        for (JsonNode r : f.results) {
            out.add(r);
        }
        record(owner, map ? HistoryEventType.MapStateSucceeded : HistoryEventType.ParallelStateSucceeded, null, null,
                null, null, null, null, -1);
        resume(owner, f.generation, out, null);
    }

    // ---- what a handler sees -----------------------------------------------------------------------------------

    /** The LambdaContext of one invocation; under virtual time, sleep only adds to the delivery delay. */
    private static final class Invocation implements LambdaContext {
        private final String function;
        private final String qualifier;
        private final String token;
        private final Engine engine;
        volatile long sleptNanos;

        Invocation(String function, String qualifier, String token, Engine engine) {
            this.function = function;
            this.qualifier = qualifier;
            this.token = token;
            this.engine = engine;
        }

        @Override
        public String functionName() {
            return function;
        }

        @Override
        public Optional<String> qualifier() {
            return Optional.ofNullable(qualifier);
        }

        @Override
        public Optional<String> taskToken() {
            return Optional.ofNullable(token);
        }

        @Override
        public Clock clock() {
            return engine.clock;
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            if (engine.scheduler.inline()) {
                sleptNanos += duration.toNanos();
            } else {
                engine.scheduler.sleep(duration);
            }
        }
    }
}
