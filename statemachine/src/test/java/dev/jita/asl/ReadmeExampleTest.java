package dev.jita.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The example of statemachine/README.md, verbatim: keep the two in step. */
class ReadmeExampleTest {

    @Test
    void approval_shouldGrant_whenTheApproverApprovesWithinTheHour() {
        String definition = """
                {"StartAt": "AwaitApproval", "States": {
                  "AwaitApproval": {
                    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "${NotifyFunction}",
                                   "Payload": {"token.$": "$$.Task.Token", "request.$": "$"}},
                    "TimeoutSeconds": 3600, "ResultPath": "$.approval",
                    "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "TimedOut"}],
                    "Next": "Grant"},
                  "Grant": {"Type": "Task", "Resource": "arn:aws:lambda:eu-west-1:111122223333:function:grant",
                            "End": true},
                  "TimedOut": {"Type": "Fail", "Error": "TimedOut"}}}
                """;
        AtomicReference<String> token = new AtomicReference<>();
        ObjectMapper json = new ObjectMapper();
        try (LocalStepFunctions sfn = LocalStepFunctions.builder()
                .clock(EngineClock.virtual(Instant.parse("2026-01-01T09:00:00Z")))
                .function("notify", (payload, ctx) -> {
                    token.set(payload.get("token").asText());
                    return json.createObjectNode();
                })
                .function("grant", (payload, ctx) -> json.createObjectNode().put("granted", true))
                .build()) {
            String machine = sfn.createStateMachine("approval", definition, Map.of(
                    "NotifyFunction", "arn:aws:lambda:eu-west-1:111122223333:function:notify"));
            String execution = sfn.startExecution(machine, "req-1", "{\"id\": \"req-1\"}");

            sfn.runUntilIdle();                                   // runs up to the task token wait
            sfn.sendTaskSuccess(token.get(), "{\"approvedBy\": \"alice\"}");
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals(ExecutionStatus.SUCCEEDED, done.status());
            assertEquals("{\"granted\":true}", done.output().toString());
            List<HistoryEventType> events = sfn.getExecutionHistory(execution).stream()
                    .map(HistoryEvent::type).toList();
            assertEquals(HistoryEventType.TaskStateEntered, events.get(1));
        }
    }

    @Test
    void approval_shouldTimeOut_whenNobodyAnswersWithinTheHour() {
        String definition = """
                {"StartAt": "AwaitApproval", "States": {
                  "AwaitApproval": {
                    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
                    "Parameters": {"FunctionName": "notify", "Payload": {"token.$": "$$.Task.Token"}},
                    "TimeoutSeconds": 3600, "End": true}}}
                """;
        try (LocalStepFunctions sfn = LocalStepFunctions.builder()
                .clock(EngineClock.virtual(Instant.parse("2026-01-01T09:00:00Z")))
                .function("notify", (payload, ctx) -> payload)
                .build()) {
            String execution = sfn.startExecution(sfn.createStateMachine("approval", definition), "req-2", "{}");

            ExecutionDescription done = sfn.runToCompletion(execution);  // jumps the hour in virtual time

            assertEquals("States.Timeout", done.error());
            assertEquals(Instant.parse("2026-01-01T10:00:00Z"), done.stopDate());
        }
    }
}
