package dev.jita.asl;

import static dev.jita.asl.Asl.T0;
import static dev.jita.asl.Asl.fn;
import static dev.jita.asl.Asl.json;
import static dev.jita.asl.Asl.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Retry timing on the virtual clock, Catch, timeouts and Lambda-style errors. */
class ErrorHandlingTest {

    private static String retrying(String retrier) {
        return json("""
                {'StartAt':'Call','States':{'Call':{'Type':'Task','Resource':'%s','Retry':[%s],'End':true}}}
                """.formatted(fn("flaky"), retrier));
    }

    /** A function that fails {@code failures} times, then returns "ok", noting the engine time of every call. */
    private static LambdaFunction failing(int failures, List<Instant> calls) {
        return (payload, ctx) -> {
            calls.add(ctx.clock().instant());
            if (calls.size() <= failures) {
                throw new LambdaException("Flaky", "call " + calls.size());
            }
            return node("'ok'");
        };
    }

    @Test
    void retry_shouldWaitIntervalTimesBackoff_betweenAttempts() {
        List<Instant> calls = new ArrayList<>();
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("flaky", failing(3, calls)).build()) {
            String machine = sfn.createStateMachine("m", retrying(
                    "{'ErrorEquals':['Flaky'],'IntervalSeconds':2,'BackoffRate':3,'MaxAttempts':3}"));
            ExecutionDescription done = sfn.runToCompletion(sfn.startExecution(machine, "e", "{}"));

            assertEquals(ExecutionStatus.SUCCEEDED, done.status());
            assertEquals(List.of(T0, T0.plusSeconds(2), T0.plusSeconds(2 + 6), T0.plusSeconds(2 + 6 + 18)), calls);
        }
    }

    @Test
    void retry_shouldCapDelayAtMaxDelaySeconds_whenBackoffGrowsPastIt() {
        List<Instant> calls = new ArrayList<>();
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("flaky", failing(3, calls)).build()) {
            String machine = sfn.createStateMachine("m", retrying(
                    "{'ErrorEquals':['States.ALL'],'IntervalSeconds':10,'BackoffRate':10,'MaxDelaySeconds':50,"
                            + "'MaxAttempts':5}"));
            sfn.runToCompletion(sfn.startExecution(machine, "e", "{}"));

            assertEquals(List.of(T0, T0.plusSeconds(10), T0.plusSeconds(60), T0.plusSeconds(110)), calls);
        }
    }

    @Test
    void retry_shouldDrawDelaysBelowTheBackoff_whenJitterIsFull() {
        List<Instant> calls = new ArrayList<>();
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .random(new Random(42)).function("flaky", failing(3, calls)).build()) {
            String machine = sfn.createStateMachine("m", retrying(
                    "{'ErrorEquals':['Flaky'],'IntervalSeconds':100,'BackoffRate':1,'JitterStrategy':'FULL'}"));
            sfn.runToCompletion(sfn.startExecution(machine, "e", "{}"));

            assertEquals(4, calls.size());
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < calls.size(); i++) {
                gaps.add(calls.get(i).toEpochMilli() - calls.get(i - 1).toEpochMilli());
            }
            assertTrue(gaps.stream().allMatch(g -> g >= 0 && g <= 100_000), "every delay within [0, 100 s]: " + gaps);
            assertTrue(gaps.stream().distinct().count() > 1, "jittered delays differ: " + gaps);
        }
    }

    @Test
    void retry_shouldFailWithTheLastError_whenAttemptsRunOut() {
        List<Instant> calls = new ArrayList<>();
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("flaky", failing(10, calls)).build()) {
            String machine = sfn.createStateMachine("m", retrying("{'ErrorEquals':['Flaky'],'MaxAttempts':2}"));
            ExecutionDescription done = sfn.runToCompletion(sfn.startExecution(machine, "e", "{}"));

            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("Flaky", done.error());
            assertEquals("call 3", node(done.cause()).get("errorMessage").asText());
            assertEquals(3, calls.size());
        }
    }

    @Test
    void catch_shouldPutErrorAndCauseAtResultPath_andGoToNext() {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("boom", (p, c) -> {
                    throw new IllegalStateException("no luck");
                }).build()) {
            String machine = sfn.createStateMachine("m", json("""
                    {'StartAt':'Call','States':{
                      'Call':{'Type':'Task','Resource':'%s','Catch':[
                          {'ErrorEquals':['java.lang.IllegalStateException'],'ResultPath':'$.failure','Next':'Handled'}],
                        'End':true},
                      'Handled':{'Type':'Pass','End':true}}}
                    """.formatted(fn("boom"))));
            ExecutionDescription done = sfn.runToCompletion(sfn.startExecution(machine, "e", node("{'keep':1}")));

            assertEquals(ExecutionStatus.SUCCEEDED, done.status());
            assertEquals(1, done.output().get("keep").asInt());
            JsonNode failure = done.output().get("failure");
            assertEquals("java.lang.IllegalStateException", failure.get("Error").asText());
            JsonNode cause = node(failure.get("Cause").asText());
            assertEquals("no luck", cause.get("errorMessage").asText());
            assertEquals("java.lang.IllegalStateException", cause.get("errorType").asText());
            assertTrue(cause.get("stackTrace").size() > 0, "the cause carries the stack trace");
        }
    }

    @Test
    void catchAll_shouldNotCatchStatesRuntime() {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("echo", (p, c) -> p).build()) {
            String machine = sfn.createStateMachine("m", json("""
                    {'StartAt':'Call','States':{
                      'Call':{'Type':'Task','Resource':'%s','OutputPath':'$.missing',
                        'Catch':[{'ErrorEquals':['States.ALL'],'Next':'Handled'}],'End':true},
                      'Handled':{'Type':'Pass','End':true}}}
                    """.formatted(fn("echo"))));
            ExecutionDescription done = sfn.runToCompletion(sfn.startExecution(machine, "e", "{}"));

            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("States.Runtime", done.error());
        }
    }

    @Test
    void timeoutSeconds_shouldFailWithStatesTimeout_whenTheFunctionTakesLonger() {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("slow", (p, c) -> {
                    c.sleep(Duration.ofSeconds(30));
                    return p;
                }).build()) {
            String machine = sfn.createStateMachine("m", json("""
                    {'StartAt':'Call','States':{'Call':{'Type':'Task','Resource':'%s','TimeoutSeconds':10,'End':true}}}
                    """.formatted(fn("slow"))));
            String execution = sfn.startExecution(machine, "e", "{}");
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals("States.Timeout", done.error());
            assertEquals(T0.plusSeconds(10), done.stopDate());
            List<HistoryEventType> types = Asl.types(sfn.getExecutionHistory(execution));
            assertTrue(types.contains(HistoryEventType.LambdaFunctionTimedOut), types::toString);
            assertFalse(types.contains(HistoryEventType.LambdaFunctionSucceeded), types::toString);
        }
    }

    @Test
    void executionTimeout_shouldEndTimedOut_whenTheMachineRunsPastTimeoutSeconds() {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0)).build()) {
            String machine = sfn.createStateMachine("m", json("""
                    {'StartAt':'W','TimeoutSeconds':60,'States':{'W':{'Type':'Wait','Seconds':3600,'End':true}}}
                    """));
            String execution = sfn.startExecution(machine, "e", "{}");
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals(ExecutionStatus.TIMED_OUT, done.status());
            assertEquals("States.Timeout", done.error());
            assertEquals(T0.plusSeconds(60), done.stopDate());
            assertFalse(sfn.advanceToNextTimer(), "the Wait's timer died with the execution");
        }
    }

    @Test
    void lambdaException_shouldNameTheErrorAfterErrorType() {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("deny", (p, c) -> {
                    throw new LambdaException("Denied", "approver said no");
                }).build()) {
            String machine = sfn.createStateMachine("m", json("""
                    {'StartAt':'Call','States':{'Call':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',
                      'Parameters':{'FunctionName':'deny','Payload.$':'$'},'End':true}}}
                    """));
            String execution = sfn.startExecution(machine, "e", "{}");
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals("Denied", done.error());
            assertEquals("approver said no", node(done.cause()).get("errorMessage").asText());
            assertTrue(Asl.types(sfn.getExecutionHistory(execution)).contains(HistoryEventType.TaskFailed));
        }
    }

    @Test
    void unknownFunction_shouldFailWithResourceNotFound() {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0)).build()) {
            String machine = sfn.createStateMachine("m", json("""
                    {'StartAt':'Call','States':{'Call':{'Type':'Task','Resource':'%s','End':true}}}
                    """.formatted(fn("nobody"))));
            ExecutionDescription done = sfn.runToCompletion(sfn.startExecution(machine, "e", "{}"));

            assertEquals("Lambda.ResourceNotFoundException", done.error());
            assertTrue(done.cause().contains("nobody"), done.cause());
        }
    }
}
