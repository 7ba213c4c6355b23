package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.LambdaInvocation.Outcome;
import dev.jita.asl.Run.Phase;
import dev.jita.asl.data.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The Task states of one execution: invokes the Lambda handler (on the calling thread under virtual time, on the
 * pool otherwise), records the function-ARN or lambda:invoke history, and keeps a waitForTaskToken task open until
 * SendTaskSuccess or SendTaskFailure, its timeout, a missed heartbeat or the end of the execution closes it.
 * Guarded by the execution's lock.
 */
final class TaskInvocation {
    private final Execution execution;
    private final Engine engine;
    private final List<TaskWait> openTasks = new ArrayList<>();

    TaskInvocation(Execution execution) {
        this.execution = execution;
        this.engine = execution.engine;
    }

    void start(Run run, StateDef.Task s, JsonNode in, JsonNode effective) {
        // TimeoutSecondsPath and HeartbeatSecondsPath read the state's input after InputPath, as the spec says
        Long timeout = s.timeoutSecondsPath != null
                ? Long.valueOf(run.wholeNumber(s.timeoutSecondsPath, in, "TimeoutSecondsPath", 1))
                : s.timeoutSeconds;
        Long heartbeat = s.heartbeatSecondsPath != null
                ? Long.valueOf(run.wholeNumber(s.heartbeatSecondsPath, in, "HeartbeatSecondsPath", 1))
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
            execution.record(run, HistoryEventType.LambdaFunctionScheduled, null, effective, null, null, null,
                    resource, -1);
            execution.record(run, HistoryEventType.LambdaFunctionStarted, null, null, null, null, null, null, -1);
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
            execution.record(run, HistoryEventType.TaskScheduled, null, effective, null, null, null, resource, -1);
            execution.record(run, HistoryEventType.TaskStarted, null, null, null, null, null, resource, -1);
        }
        if (!execution.isRunning()) {
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
            run.schedule(now.plusSeconds(timeout), () -> {
                if (run.phase != Phase.WAITING || run.generation != g) {
                    return;
                }
                if (w != null) {
                    close(w);
                }
                String why = "The task ran longer than its TimeoutSeconds of " + timeout;
                execution.record(run, arnResource ? HistoryEventType.LambdaFunctionTimedOut
                        : HistoryEventType.TaskTimedOut, null, null, null, "States.Timeout", why,
                        arnResource ? null : resource, -1);
                execution.resume(run, g, null, new StatesError("States.Timeout", why));
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
        LambdaInvocation inv = new LambdaInvocation(function, qualifier, run.taskToken, engine);
        JsonNode event = payload.deepCopy();
        if (engine.scheduler.inline()) {
            Outcome o = inv.call(handler, event);
            if (inv.sleptNanos > 0) {
                run.schedule(engine.scheduler.now().plusNanos(inv.sleptNanos),
                        () -> delivered(run, g, s, o, qualifier, resource, arnResource, wait));
            } else {
                delivered(run, g, s, o, qualifier, resource, arnResource, wait);
            }
        } else {
            engine.scheduler.execute(() -> {
                Outcome o = inv.call(handler, event);
                synchronized (execution) {
                    delivered(run, g, s, o, qualifier, resource, arnResource, wait);
                }
            });
        }
    }

    private void delivered(Run run, int g, StateDef.Task s, Outcome o, String qualifier, String resource,
                           boolean arnResource, TaskWait wait) {
        if (!execution.isRunning() || run.cancelled || run.phase != Phase.WAITING || run.generation != g) {
            return;
        }
        if (o.failure() != null) {
            if (wait != null) {
                if (wait.closed) {
                    return;
                }
                close(wait);
            }
            execution.record(run, arnResource ? HistoryEventType.LambdaFunctionFailed : HistoryEventType.TaskFailed,
                    null, null, null, o.failure().error(), o.failure().errorCause(), arnResource ? null : resource,
                    -1);
            execution.resume(run, g, null, o.failure());
            return;
        }
        JsonNode result = arnResource ? o.result() : invokeResponse(o.result(), qualifier, run);
        if (Json.exceeds(result, Execution.MAX_PAYLOAD_BYTES)) {
            StatesError e = new StatesError("States.DataLimitExceeded", "The state/task '" + s.name
                    + "' returned a result with a size exceeding the maximum number of bytes service limit.");
            if (wait != null) {
                close(wait);
            }
            execution.resume(run, g, null, e);
            return;
        }
        if (wait != null) {
            execution.record(run, HistoryEventType.TaskSubmitted, null, null, result, null, null, resource, -1);
            return;
        }
        execution.record(run, arnResource ? HistoryEventType.LambdaFunctionSucceeded : HistoryEventType.TaskSucceeded,
                null, null, result, null, null, arnResource ? null : resource, -1);
        execution.resume(run, g, result, null);
    }

    /** The response of Lambda's Invoke API as the lambda:invoke integration returns it. */
    private JsonNode invokeResponse(JsonNode payload, String qualifier, Run run) {
        String version = qualifier != null && qualifier.chars().allMatch(Character::isDigit) ? qualifier : "$LATEST";
        String requestId = UUID.nameUUIDFromBytes((execution.arn + "#" + run.lastEventId)
                .getBytes(StandardCharsets.UTF_8)).toString();
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

    void close(TaskWait w) {
        w.closed = true;
        if (w.heartbeatTimer != null) {
            w.heartbeatTimer.cancel();
            w.heartbeatTimer = null;
        }
        openTasks.remove(w);
    }

    /** At the end of the execution: every task still open closes, and its heartbeat timer stops. */
    void closeAll() {
        for (TaskWait t : openTasks) {
            t.closed = true;
            if (t.heartbeatTimer != null) {
                t.heartbeatTimer.cancel();
            }
        }
        openTasks.clear();
    }

    /** The state waiting for a task token, for runToCompletion's message; null when none waits. */
    String waitingState() {
        for (TaskWait t : openTasks) {
            if (!t.closed) {
                return t.state.name;
            }
        }
        return null;
    }

    private void armHeartbeat(TaskWait w) {
        if (w.heartbeatTimer != null) {
            w.heartbeatTimer.cancel();
        }
        Run run = w.run;
        w.heartbeatTimer = engine.scheduler.schedule(engine.scheduler.now().plusSeconds(w.heartbeatSeconds), () -> {
            synchronized (execution) {
                if (w.closed || run.generation != w.generation || run.phase != Phase.WAITING) {
                    return;
                }
                close(w);
                String why = "The task sent no heartbeat for " + w.heartbeatSeconds + " seconds (HeartbeatSeconds)";
                execution.record(run, HistoryEventType.TaskTimedOut, null, null, null, "States.HeartbeatTimeout", why,
                        "invoke.waitForTaskToken", -1);
                execution.resume(run, w.generation, null, new StatesError("States.HeartbeatTimeout", why));
            }
        });
    }

    /** SendTaskSuccess / SendTaskFailure: checks and closes the task now, completes the state on the scheduler. */
    void complete(TaskWait w, JsonNode result, StatesError failure) {
        synchronized (execution) {
            if (w.closed || !execution.isRunning()) {
                throw new TaskTimedOutException("The task of this token has already closed (it succeeded, failed, "
                        + "timed out, or its execution ended); nothing was changed");
            }
            close(w);
            Run run = w.run;
            engine.scheduler.execute(() -> {
                synchronized (execution) {
                    if (run.generation != w.generation || run.phase != Phase.WAITING) {
                        return;
                    }
                    if (failure == null) {
                        if (Json.exceeds(result, Execution.MAX_PAYLOAD_BYTES)) {
                            execution.resume(run, w.generation, null, new StatesError("States.DataLimitExceeded",
                                    "The task output sent with SendTaskSuccess exceeds " + Execution.MAX_PAYLOAD_BYTES
                                            + " bytes"));
                            return;
                        }
                        execution.record(run, HistoryEventType.TaskSucceeded, null, null, result, null, null,
                                "invoke.waitForTaskToken", -1);
                    } else {
                        execution.record(run, HistoryEventType.TaskFailed, null, null, null, failure.error(),
                                failure.errorCause(), "invoke.waitForTaskToken", -1);
                    }
                    execution.resume(run, w.generation, result, failure);
                }
            });
        }
    }

    /** SendTaskHeartbeat: restarts the task's HeartbeatSeconds. */
    void heartbeat(TaskWait w) {
        synchronized (execution) {
            if (w.closed || !execution.isRunning()) {
                throw new TaskTimedOutException("The task of this token has already closed (it succeeded, failed, "
                        + "timed out, or its execution ended); heartbeats are no longer accepted");
            }
            if (w.heartbeatSeconds > 0) {
                armHeartbeat(w);
            }
        }
    }
}
