package dev.jita.asl;

import static dev.jita.asl.Asl.T0;
import static dev.jita.asl.Asl.fn;
import static dev.jita.asl.Asl.json;
import static dev.jita.asl.Asl.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Start, describe, history, names, limits and clocks of the execution API. */
class ExecutionApiTest {
    private static final String WAIT_HOUR = json("""
            {'StartAt':'W','States':{'W':{'Type':'Wait','Seconds':3600,'Next':'Done'},
              'Done':{'Type':'Succeed'}}}
            """);

    private static LocalStepFunctions virtual() {
        return LocalStepFunctions.builder().clock(EngineClock.virtual(T0)).build();
    }

    @Test
    void startExecution_shouldReturnTheSameExecution_whenNameAndInputRepeatWhileRunning() {
        try (LocalStepFunctions sfn = virtual()) {
            String machine = sfn.createStateMachine("m", WAIT_HOUR);
            String first = sfn.startExecution(machine, "req-1", "{\"a\":1}");
            String again = sfn.startExecution(machine, "req-1", "{ \"a\" : 1 }");

            assertEquals(first, again);
            assertEquals("arn:aws:states:us-east-1:123456789012:execution:m:req-1", first);
            assertEquals(1, Asl.types(sfn.getExecutionHistory(first)).stream()
                    .filter(t -> t == HistoryEventType.ExecutionStarted).count());
        }
    }

    @Test
    void startExecution_shouldThrowExecutionAlreadyExists_whenTheInputDiffers() {
        try (LocalStepFunctions sfn = virtual()) {
            String machine = sfn.createStateMachine("m", WAIT_HOUR);
            sfn.startExecution(machine, "req-1", "{\"a\":1}");

            ExecutionAlreadyExistsException e = assertThrows(ExecutionAlreadyExistsException.class,
                    () -> sfn.startExecution(machine, "req-1", "{\"a\":2}"));
            assertEquals("ExecutionAlreadyExists", e.errorCode());
        }
    }

    @Test
    void startExecution_shouldThrowExecutionAlreadyExists_whenTheNamedExecutionHasClosed() {
        try (LocalStepFunctions sfn = virtual()) {
            String machine = sfn.createStateMachine("m", WAIT_HOUR);
            sfn.runToCompletion(sfn.startExecution(machine, "req-1", "{}"));

            assertThrows(ExecutionAlreadyExistsException.class, () -> sfn.startExecution(machine, "req-1", "{}"));
        }
    }

    @Test
    void startExecution_shouldRefuseBadNamesAndUnknownMachines() {
        try (LocalStepFunctions sfn = virtual()) {
            String machine = sfn.createStateMachine("m", WAIT_HOUR);
            assertThrows(InvalidNameException.class, () -> sfn.startExecution(machine, "has space", "{}"));
            assertThrows(InvalidNameException.class, () -> sfn.startExecution(machine, "x".repeat(81), "{}"));
            assertThrows(StateMachineDoesNotExistException.class,
                    () -> sfn.startExecution(machine + "-nope", "e", "{}"));
            assertThrows(InvalidExecutionInputException.class, () -> sfn.startExecution(machine, "e", "{nope"));
            assertThrows(ExecutionDoesNotExistException.class, () -> sfn.describeExecution(machine + ":nope"));
        }
    }

    @Test
    void startExecution_shouldThrowInvalidExecutionInput_whenAKeyRepeatsOrTextFollowsTheInput() {
        try (LocalStepFunctions sfn = virtual()) {
            String machine = sfn.createStateMachine("m", WAIT_HOUR);
            assertThrows(InvalidExecutionInputException.class,
                    () -> sfn.startExecution(machine, "e", "{\"a\":1,\"a\":2}"));
            assertThrows(InvalidExecutionInputException.class, () -> sfn.startExecution(machine, "e", "{} {}"));
        }
    }

    @Test
    void describeExecution_shouldReportRunningThenSucceeded_withDates() {
        try (LocalStepFunctions sfn = virtual()) {
            String machine = sfn.createStateMachine("m", WAIT_HOUR);
            String execution = sfn.startExecution(machine, "e", "{\"x\":true}");
            sfn.runUntilIdle();

            ExecutionDescription running = sfn.describeExecution(execution);
            assertEquals(ExecutionStatus.RUNNING, running.status());
            assertEquals(T0, running.startDate());
            assertNull(running.stopDate());
            assertNull(running.output());

            ExecutionDescription done = sfn.runToCompletion(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status());
            assertEquals(node("{'x':true}"), done.output());
            assertEquals(T0.plusSeconds(3600), done.stopDate());
            assertEquals(machine, done.stateMachineArn());
        }
    }

    @Test
    void history_shouldUseAwsEventNames_andChainPreviousEventIds() {
        String definition = json("""
                {'StartAt':'P','States':{
                  'P':{'Type':'Pass','Next':'T'},
                  'T':{'Type':'Task','Resource':'%s','Next':'W'},
                  'W':{'Type':'Wait','Seconds':5,'Next':'C'},
                  'C':{'Type':'Choice','Choices':[{'Variable':'$.go','BooleanEquals':true,'Next':'M'}],'Default':'F'},
                  'M':{'Type':'Map','ItemsPath':'$.items','ResultPath':'$.mapped','Next':'S',
                    'ItemProcessor':{'StartAt':'I','States':{'I':{'Type':'Pass','End':true}}}},
                  'S':{'Type':'Succeed'},
                  'F':{'Type':'Fail','Error':'NoGo'}}}
                """.formatted(fn("echo")));
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("echo", (p, c) -> p).build()) {
            String execution = sfn.startExecution(sfn.createStateMachine("m", definition), "e",
                    node("{'go':true,'items':[1]}"));
            sfn.runToCompletion(execution);
            List<HistoryEvent> history = sfn.getExecutionHistory(execution);

            assertEquals(List.of(HistoryEventType.ExecutionStarted,
                    HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited,
                    HistoryEventType.TaskStateEntered, HistoryEventType.LambdaFunctionScheduled,
                    HistoryEventType.LambdaFunctionStarted, HistoryEventType.LambdaFunctionSucceeded,
                    HistoryEventType.TaskStateExited,
                    HistoryEventType.WaitStateEntered, HistoryEventType.WaitStateExited,
                    HistoryEventType.ChoiceStateEntered, HistoryEventType.ChoiceStateExited,
                    HistoryEventType.MapStateEntered, HistoryEventType.MapStateStarted,
                    HistoryEventType.MapIterationStarted, HistoryEventType.PassStateEntered,
                    HistoryEventType.PassStateExited, HistoryEventType.MapIterationSucceeded,
                    HistoryEventType.MapStateSucceeded, HistoryEventType.MapStateExited,
                    HistoryEventType.SucceedStateEntered, HistoryEventType.SucceedStateExited,
                    HistoryEventType.ExecutionSucceeded), Asl.types(history));
            for (int i = 0; i < history.size(); i++) {
                assertEquals(i + 1, history.get(i).id());
                assertEquals(i, history.get(i).previousEventId());
            }
            HistoryEvent waitExited = history.get(9);
            assertEquals(T0.plusSeconds(5), waitExited.timestamp());
            assertEquals("W", waitExited.name());
            JsonNode scheduled = history.get(4).toJson();
            assertEquals(fn("echo"), scheduled.at("/lambdaFunctionScheduledEventDetails/resource").asText());
            assertEquals("{\"go\":true,\"items\":[1]}",
                    scheduled.at("/lambdaFunctionScheduledEventDetails/input").asText());
            assertEquals("P", history.get(1).toJson().at("/stateEnteredEventDetails/name").asText());
        }
    }

    @Test
    void lambdaInvoke_shouldReturnTheInvokeResponse_withPayloadAndStatusCode() {
        String definition = json("""
                {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke',
                  'Parameters':{'FunctionName':'%s:live','Payload':{'n.$':'$.n'}},'End':true}}}
                """.formatted(fn("double")));
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("double", (p, c) -> {
                    assertEquals("double", c.functionName());
                    assertEquals("live", c.qualifier().orElseThrow());
                    return node("{'n':" + p.get("n").asInt() * 2 + "}");
                }).build()) {
            String execution = sfn.startExecution(sfn.createStateMachine("m", definition), "e", "{\"n\":21}");
            JsonNode out = sfn.runToCompletion(execution).output();

            assertEquals(node("{'n':42}"), out.get("Payload"));
            assertEquals(200, out.get("StatusCode").asInt());
            assertEquals("$LATEST", out.get("ExecutedVersion").asText());
            assertEquals(200, out.at("/SdkHttpMetadata/HttpStatusCode").asInt());
            assertEquals(out.at("/SdkResponseMetadata/RequestId").asText(),
                    out.at("/SdkHttpMetadata/HttpHeaders/x-amzn-RequestId").asText());
        }
    }

    @Test
    void history_shouldFailTheExecution_whenItReaches25000Events() {
        String loop = json("""
                {'StartAt':'A','States':{'A':{'Type':'Pass','Next':'B'},'B':{'Type':'Pass','Next':'A'}}}
                """);
        try (LocalStepFunctions sfn = virtual()) {
            String execution = sfn.startExecution(sfn.createStateMachine("m", loop), "e", "{}");
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals(ExecutionStatus.FAILED, done.status());
            assertEquals("States.Runtime", done.error());
            List<HistoryEvent> history = sfn.getExecutionHistory(execution);
            assertEquals(25_000, history.size());
            assertEquals(HistoryEventType.ExecutionFailed, history.get(24_999).type());
        }
    }

    @Test
    void payloads_shouldFailWithDataLimitExceeded_whenAStateOutputPasses256KiB() {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(T0))
                .function("big", (p, c) -> Asl.MAPPER.getNodeFactory().textNode("x".repeat(256 * 1024))).build()) {
            String machine = sfn.createStateMachine("m", json("""
                    {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'%s','End':true,
                      'Catch':[{'ErrorEquals':['States.ALL'],'Next':'Caught'}]},'Caught':{'Type':'Succeed'}}}
                    """.formatted(fn("big"))));
            ExecutionDescription done = sfn.runToCompletion(sfn.startExecution(machine, "e", "{}"));

            assertEquals(ExecutionStatus.FAILED, done.status(), "States.ALL does not catch DataLimitExceeded");
            assertEquals("States.DataLimitExceeded", done.error());
            String hugeInput = "{\"s\":\"" + "y".repeat(256 * 1024) + "\"}";
            assertThrows(InvalidExecutionInputException.class, () -> sfn.startExecution(machine, "e2", hugeInput));
        }
    }

    @Test
    void advanceToNextTimer_shouldMoveVirtualTimeOnlyWhenAsked() {
        try (LocalStepFunctions sfn = virtual()) {
            String execution = sfn.startExecution(sfn.createStateMachine("m", WAIT_HOUR), "e", "{}");
            sfn.runUntilIdle();
            sfn.runUntilIdle();
            assertEquals(T0, sfn.clock().instant());
            assertEquals(ExecutionStatus.RUNNING, sfn.describeExecution(execution).status());

            assertTrue(sfn.advanceToNextTimer());
            assertEquals(T0.plusSeconds(3600), sfn.clock().instant());
            assertEquals(ExecutionStatus.SUCCEEDED, sfn.describeExecution(execution).status());
        }
    }

    @Test
    void scaledClock_shouldRunAnHourLongWaitInAFractionOfASecond() {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.scaled(36_000)).build()) {
            Instant start = sfn.clock().instant();
            String execution = sfn.startExecution(sfn.createStateMachine("m", WAIT_HOUR), "e", "{}");
            Asl.await(() -> sfn.describeExecution(execution).status() != ExecutionStatus.RUNNING);

            ExecutionDescription done = sfn.describeExecution(execution);
            assertEquals(ExecutionStatus.SUCCEEDED, done.status());
            assertTrue(!done.stopDate().isBefore(start.plusSeconds(3600)), "an hour of engine time passed");
        }
    }

    @Test
    void realClock_shouldRunHandlersOnItsExecutor() {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().function("echo", (p, c) -> p).build()) {
            String machine = sfn.createStateMachine("m", json("""
                    {'StartAt':'T','States':{'T':{'Type':'Task','Resource':'%s','End':true}}}
                    """.formatted(fn("echo"))));
            String execution = sfn.startExecution(machine, "e", "{\"v\":1}");
            Asl.await(() -> sfn.describeExecution(execution).status() != ExecutionStatus.RUNNING);

            assertEquals(node("{'v':1}"), sfn.describeExecution(execution).output());
            assertThrows(IllegalStateException.class, () -> sfn.runToCompletion(execution));
        }
    }

    @Test
    void createStateMachine_shouldApplySubstitutions_andKeepTheNameForOneDefinition() {
        try (LocalStepFunctions sfn = virtual()) {
            String def = json("{'StartAt':'P','States':{'P':{'Type':'Pass','Result':'${Greeting}','End':true}}}");
            String arn = sfn.createStateMachine("m", def, Map.of("Greeting", "hello"));

            assertEquals(arn, sfn.createStateMachine("m", def, Map.of("Greeting", "hello")));
            assertThrows(StateMachineAlreadyExistsException.class,
                    () -> sfn.createStateMachine("m", def, Map.of("Greeting", "bye")));
            assertEquals("hello", sfn.runToCompletion(sfn.startExecution(arn, "e", "{}")).output().asText());
        }
    }
}
