package dev.jita.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.app.AwsErrors;
import dev.jita.domain.GrantWindow;
import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** Step Functions' JSON 1.0 API as the workflow uses it, against a loopback server in its documented shapes. */
class SfnWorkflowTest {
    private static final String ARN = "arn:aws:states:eu-west-1:111122223333:stateMachine:jita-approval";
    private static final String TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAUTASKTOKENSENTINEL0x7d1cq9Zf+/w==";
    private static final GrantWindow WINDOW = new GrantWindow(Instant.parse("2026-11-23T10:00:00Z"),
            Instant.parse("2026-11-23T11:00:00Z"));

    private final LoopbackAws aws = new LoopbackAws();
    private final SfnWorkflow workflow = new SfnWorkflow(aws.sfn(), ARN);

    @AfterEach
    void stop() {
        aws.close();
    }

    /** Step Functions names its errors with a namespace: {@code com.amazonaws.swf.service.v2.model#Code}. */
    private static Reply sfnError(String code, String message) {
        return Reply.json(400, "{\"__type\":\"com.amazonaws.swf.service.v2.model#" + code + "\",\"message\":\"" + message + "\"}");
    }

    @Test
    void start_shouldStartAnExecutionNamedForTheRequest_withItsInput() {
        aws.reply(Reply.json(200, "{\"executionArn\":\"arn:aws:states:eu-west-1:111122223333:execution:jita-approval:req-7f3a\","
                + "\"startDate\":1.7953E9}"));
        WorkflowInput input = new WorkflowInput("req-7f3a", false, Duration.ofHours(4), null);

        workflow.start(input);

        LoopbackAws.Received sent = aws.last();
        assertEquals("AWSStepFunctions.StartExecution", sent.header("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.0", sent.header("Content-Type"));
        JsonNode body = sent.json();
        assertEquals(ARN, body.path("stateMachineArn").asText());
        assertEquals("req-7f3a", body.path("name").asText());
        assertEquals(input.toJson(), body.path("input").asText());
        assertEquals("eu-west-1/states/aws4_request", LoopbackAws.credentialScope(sent));
    }

    @Test
    void start_shouldRefuse_whenAnExecutionOfThatNameExistsWithOtherInput() {
        aws.reply(sfnError("ExecutionAlreadyExists", "Execution Already Exists: 'arn:...:req-7f3a'"));
        var e = assertThrows(IllegalStateException.class,
                () -> workflow.start(new WorkflowInput("req-7f3a", false, Duration.ofHours(4), null)));
        assertTrue(e.getMessage().contains("req-7f3a"));
        assertInstanceOf(AwsServiceException.class, e.getCause());
    }

    @Test
    void start_shouldPassOtherErrorsOn() {
        aws.reply(sfnError("StateMachineDoesNotExist", "State Machine Does Not Exist"));
        var e = assertThrows(AwsServiceException.class,
                () -> workflow.start(new WorkflowInput("req-7f3a", false, Duration.ofHours(4), null)));
        assertEquals("StateMachineDoesNotExist", AwsErrors.code(e));
    }

    @Test
    void start_shouldNameTheExecutionAsTold_whenTheSweeperRestartsIt() {
        aws.reply(Reply.json(200, "{\"executionArn\":\"arn:aws:states:eu-west-1:111122223333:execution:jita-approval:"
                + "req-7f3a-r1\",\"startDate\":1.7953E9}"));
        WorkflowInput input = new WorkflowInput("req-7f3a", true, Duration.ZERO, WINDOW);

        workflow.start(Workflow.restartName("req-7f3a", 1), input);

        assertEquals("req-7f3a-r1", aws.last().json().path("name").asText());
        assertEquals(input.toJson(), aws.last().json().path("input").asText());
    }

    @Test
    void state_shouldDescribeTheNamedExecution_runningOrRedrivenAsRunning_closedAsEnded() {
        for (String status : new String[] {"RUNNING", "PENDING_REDRIVE", "SUCCEEDED", "FAILED", "TIMED_OUT",
                "ABORTED"}) {
            aws.reply(Reply.json(200, "{\"executionArn\":\"arn:aws:states:eu-west-1:111122223333:execution:"
                    + "jita-approval:req-7f3a-r2\",\"status\":\"" + status + "\",\"startDate\":1.7953E9}"));

            Workflow.ExecutionState state = workflow.state("req-7f3a-r2");

            boolean closed = !status.equals("RUNNING") && !status.equals("PENDING_REDRIVE");
            assertEquals(closed ? Workflow.ExecutionState.ENDED : Workflow.ExecutionState.RUNNING, state, status);
            assertEquals("AWSStepFunctions.DescribeExecution", aws.last().header("X-Amz-Target"));
            assertEquals("arn:aws:states:eu-west-1:111122223333:execution:jita-approval:req-7f3a-r2",
                    aws.last().json().path("executionArn").asText());
        }
    }

    @Test
    void state_shouldBeNotFound_whenNoExecutionHasThatName_andPassOtherErrorsOn() {
        aws.reply(sfnError("ExecutionDoesNotExist", "Execution Does Not Exist: 'arn:...:req-7f3a'"));
        assertEquals(Workflow.ExecutionState.NOT_FOUND, workflow.state("req-7f3a"));

        aws.reply(sfnError("AccessDeniedException", "not authorized to perform: states:DescribeExecution"));
        var e = assertThrows(AwsServiceException.class, () -> workflow.state("req-7f3a"));
        assertEquals("AccessDeniedException", AwsErrors.code(e));
    }

    @Test
    void approved_shouldSendTaskSuccess_withTheWindowAsOutput() {
        aws.reply(Reply.json(200, "{}"));
        workflow.approved(TOKEN, WINDOW);
        JsonNode body = aws.last().json();
        assertEquals("AWSStepFunctions.SendTaskSuccess", aws.last().header("X-Amz-Target"));
        assertEquals(TOKEN, body.path("taskToken").asText());
        assertEquals(WorkflowJson.windowJson(WINDOW), body.path("output").asText());
    }

    @Test
    void rejected_shouldSendTaskFailure_withErrorAndCause() {
        aws.reply(Reply.json(200, "{}"));
        workflow.rejected(TOKEN, WorkflowErrors.DENIED, "Denied by approver bob.");
        JsonNode body = aws.last().json();
        assertEquals("AWSStepFunctions.SendTaskFailure", aws.last().header("X-Amz-Target"));
        assertEquals(TOKEN, body.path("taskToken").asText());
        assertEquals(WorkflowErrors.DENIED, body.path("error").asText());
        assertEquals("Denied by approver bob.", body.path("cause").asText());
    }

    // security.md, Workflow: "A late approval (TaskTimedOut, InvalidToken, TaskDoesNotExist) answers 410 and is not
    // retried": each is TaskGone, sent once, and names the code but never the token.
    @Test
    void answers_shouldBeTaskGone_notRetried_whenTheTaskNoLongerWaits() {
        for (String code : new String[] {"TaskTimedOut", "InvalidToken", "TaskDoesNotExist"}) {
            int before = aws.received().size();
            aws.reply(sfnError(code, "Task gone: '" + TOKEN + "'"), sfnError(code, "Task gone"));
            TaskGoneException success = assertThrows(TaskGoneException.class, () -> workflow.approved(TOKEN, WINDOW));
            TaskGoneException failure = assertThrows(TaskGoneException.class,
                    () -> workflow.rejected(TOKEN, WorkflowErrors.DENIED, "Denied"));
            for (TaskGoneException e : new TaskGoneException[] {success, failure}) {
                assertEquals(code, e.awsError());
                assertFalse(e.toString().contains("TASKTOKENSENTINEL"), e.toString());
            }
            assertEquals(before + 2, aws.received().size());
        }
    }

    @Test
    void answers_shouldPassThrottlingOn_afterRetrying() {
        aws.respond(r -> sfnError("ThrottlingException", "Rate exceeded"));
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> workflow.approved(TOKEN, WINDOW));
        assertTrue(AwsErrors.retryable(e));
        assertTrue(e.isThrottlingException());
        assertEquals(3, aws.received().size());
    }
}
