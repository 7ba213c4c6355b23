package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.data.ChoiceRule;
import dev.jita.asl.data.Path;
import dev.jita.asl.data.ResultPath;
import dev.jita.asl.data.Template;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.random.RandomGenerator;

/** A compiled state. Fields a type has no use for are null; {@link #kind} drives dispatch. */
abstract sealed class StateDef {

    enum Kind { PASS, TASK, CHOICE, WAIT, SUCCEED, FAIL, PARALLEL, MAP }

    /** One Retry entry. */
    record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
                   Long maxDelaySeconds, boolean fullJitter) {

        /** The wait before the retry that follows {@code attempts} earlier ones: backed off, capped, jittered. */
        double delaySeconds(int attempts, RandomGenerator random) {
            double delay = intervalSeconds * Math.pow(backoffRate, attempts);
            if (maxDelaySeconds != null) {
                delay = Math.min(delay, maxDelaySeconds);
            }
            if (fullJitter) {
                synchronized (random) { // executions share it; a RandomGenerator need not be thread-safe
                    delay = random.nextDouble() * delay;
                }
            }
            return delay;
        }
    }

    /** One Catch entry. */
    record Catcher(List<String> errorEquals, ResultPath resultPath, String next) {
    }

    /** A value read at run time: a reference path or an intrinsic function (ErrorPath, CausePath). */
    interface Expr {
        JsonNode evaluate(JsonNode input, JsonNode context);

        boolean usesContext();
    }

    final String name;
    final Kind kind;
    final HistoryEventType entered;
    final HistoryEventType exited;
    IoPath inputPath = IoPath.IDENTITY;
    IoPath outputPath = IoPath.IDENTITY;
    /** The next state's name; null when the state ends its machine (End, Succeed, Fail) or is a Choice. */
    String next;
    Template parameters;
    Template resultSelector;
    /** Whether Parameters / ResultSelector may read {@code $$}: when not, no context object is built. */
    boolean parametersUseContext;
    boolean resultSelectorUsesContext;
    /** Null only for types without ResultPath; a JSON null ResultPath compiles to a discarding ResultPath. */
    ResultPath resultPath;
    List<Retrier> retriers = List.of();
    List<Catcher> catchers = List.of();

    StateDef(String name, Kind kind, HistoryEventType entered, HistoryEventType exited) {
        this.name = name;
        this.kind = kind;
        this.entered = entered;
        this.exited = exited;
    }

    static final class Pass extends StateDef {
        JsonNode result;

        Pass(String name) {
            super(name, Kind.PASS, HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited);
        }
    }

    static final class Task extends StateDef {
        enum Integration { FUNCTION_ARN, INVOKE, INVOKE_WAIT_FOR_TOKEN }

        Integration integration;
        /** The Resource as written; for lambda:invoke the history's resource name ("invoke"...). */
        String resource;
        /** Function name and qualifier of a FUNCTION_ARN resource. */
        String functionName;
        String qualifier;
        Long timeoutSeconds;
        Path timeoutSecondsPath;
        Long heartbeatSeconds;
        Path heartbeatSecondsPath;

        Task(String name) {
            super(name, Kind.TASK, HistoryEventType.TaskStateEntered, HistoryEventType.TaskStateExited);
        }
    }

    static final class Choice extends StateDef {
        List<ChoiceRule> choices;
        boolean choicesUseContext;
        String defaultNext;

        Choice(String name) {
            super(name, Kind.CHOICE, HistoryEventType.ChoiceStateEntered, HistoryEventType.ChoiceStateExited);
        }
    }

    static final class Wait extends StateDef {
        Long seconds;
        Path secondsPath;
        Instant timestamp;
        Path timestampPath;

        Wait(String name) {
            super(name, Kind.WAIT, HistoryEventType.WaitStateEntered, HistoryEventType.WaitStateExited);
        }

        /** RFC 3339 as Step Functions accepts it (an uppercase T, a Z or an offset); null if not one. */
        static Instant parseTimestamp(String text) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    static final class Succeed extends StateDef {
        Succeed(String name) {
            super(name, Kind.SUCCEED, HistoryEventType.SucceedStateEntered, HistoryEventType.SucceedStateExited);
        }
    }

    static final class Fail extends StateDef {
        String error;
        Expr errorPath;
        String cause;
        Expr causePath;

        Fail(String name) {
            super(name, Kind.FAIL, HistoryEventType.FailStateEntered, null);
        }
    }

    static final class Parallel extends StateDef {
        List<Machine> branches;

        Parallel(String name) {
            super(name, Kind.PARALLEL, HistoryEventType.ParallelStateEntered, HistoryEventType.ParallelStateExited);
        }
    }

    static final class Map extends StateDef {
        Path itemsPath;
        Template itemSelector;
        Machine processor;
        Integer maxConcurrency;
        Path maxConcurrencyPath;
        Double toleratedFailurePercentage;
        Path toleratedFailurePercentagePath;
        Long toleratedFailureCount;
        Path toleratedFailureCountPath;

        Map(String name) {
            super(name, Kind.MAP, HistoryEventType.MapStateEntered, HistoryEventType.MapStateExited);
        }

        boolean toleratesFailures() {
            return toleratedFailurePercentage != null || toleratedFailurePercentagePath != null
                    || toleratedFailureCount != null || toleratedFailureCountPath != null;
        }
    }
}
