package dev.jita.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.domain.GrantWindow;
import dev.jita.workflow.SfnWorkflow;
import dev.jita.workflow.TaskGoneException;
import dev.jita.workflow.Workflow.ExecutionState;
import dev.jita.workflow.WorkflowErrors;
import dev.jita.workflow.WorkflowInput;
import dev.jita.workflow.WorkflowJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.GetActivityTaskResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.StateMachineType;

/**
 * {@link SfnWorkflow} on LocalStack's Step Functions.
 *
 * <p>The approval workflow is the real statemachine/approval.asl.json with its placeholders replaced as CDK does
 * (by Lambda alias ARNs): LocalStack accepts it, SfnWorkflow starts it, and its state reads RUNNING, then ENDED once
 * stopped, NOT_FOUND for a name never started.
 *
 * <p>Answering a task (SendTaskSuccess/SendTaskFailure) runs on a second, one-state machine whose task is an
 * Activity. The approval definition's token is made by its {@code lambda:invoke.waitForTaskToken} task, which
 * LocalStack runs only by invoking a real Lambda function (a function deployed into LocalStack, run in a further
 * container); an Activity task waits for a task token in the same way, and GetActivityTask hands the test that
 * token. SendTaskSuccess and SendTaskFailure treat both kinds of token alike, so this proves what SfnWorkflow.approved
 * and rejected send and how a token that no longer waits comes back.
 */
@Testcontainers(disabledWithoutDocker = true)
class SfnWorkflowLocalStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path APPROVAL = Path.of(System.getProperty("basedir", "."), "..", "statemachine",
            "approval.asl.json");
    /** The placeholders CDK substitutes (infrastructure's Workflow.SUBSTITUTIONS), to the function each names. */
    private static final Set<String> PLACEHOLDERS = Set.of("NotifyFunctionArn", "GrantFunctionArn",
            "RevokeFunctionArn");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(\\w+)}");
    private static final String ACCOUNT = "000000000000";
    private static final String ROLE = "arn:aws:iam::" + ACCOUNT + ":role/jita-workflow";
    /** Step Functions' answers to a token that no longer waits (SfnWorkflow.GONE). */
    private static final Set<String> GONE = Set.of("TaskTimedOut", "InvalidToken", "TaskDoesNotExist");

    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackAws.container(Service.STEPFUNCTIONS);

    private static SfnClient sfn;
    private static String approvalMachine;
    private static SfnWorkflow workflow;

    @BeforeAll
    static void approvalWorkflow() throws IOException {
        sfn = LocalStackAws.sfn(LOCALSTACK);
        String definition = approvalDefinition();
        approvalMachine = sfn.createStateMachine(r -> r.name("jita-approval-" + shortId())
                .definition(definition).roleArn(ROLE).type(StateMachineType.STANDARD)).stateMachineArn();
        workflow = new SfnWorkflow(sfn, approvalMachine);
    }

    /** approval.asl.json as CDK deploys it: every placeholder replaced by the ARN of a function's live alias. */
    private static String approvalDefinition() throws IOException {
        String definition = Files.readString(APPROVAL, StandardCharsets.UTF_8);
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(definition);
        StringBuilder substituted = new StringBuilder();
        while (m.find()) {
            found.add(m.group(1));
            String function = "jita-" + m.group(1).replace("FunctionArn", "").toLowerCase(Locale.ROOT);
            m.appendReplacement(substituted, Matcher.quoteReplacement("arn:aws:lambda:" + LOCALSTACK.getRegion()
                    + ":" + ACCOUNT + ":function:" + function + ":live"));
        }
        m.appendTail(substituted);
        assertEquals(new TreeSet<>(PLACEHOLDERS), found, "approval.asl.json's placeholders changed: substitute them here");
        return substituted.toString();
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void start_shouldRunTheApprovalDefinition_untilStopped_thenStateIsEnded() {
        String requestId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Auto-approved with a window an hour ahead: the execution waits in WaitForStart, calling no function.
        WorkflowInput input = new WorkflowInput(requestId, true, Duration.ofMinutes(30),
                new GrantWindow(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2))));

        workflow.start(input);

        String executionArn = executionArnOf(approvalMachine, requestId);
        LocalStackAws.poll("the execution to reach WaitForStart", () -> history(executionArn),
                events -> events.stream().anyMatch(e -> e.type() == HistoryEventType.WAIT_STATE_ENTERED
                        && "WaitForStart".equals(e.stateEnteredEventDetails().name())));
        assertEquals(ExecutionState.RUNNING, workflow.state(requestId));
        assertEquals(json(input.toJson()), json(sfn.describeExecution(r -> r.executionArn(executionArn)).input()));

        sfn.stopExecution(r -> r.executionArn(executionArn).error("Test").cause("stopped by the test"));

        LocalStackAws.poll("the stopped execution to end", () -> workflow.state(requestId),
                state -> state == ExecutionState.ENDED);
        assertEquals(ExecutionStatus.ABORTED, sfn.describeExecution(r -> r.executionArn(executionArn)).status());
    }

    @Test
    void start_shouldRefuseAName_alreadyTakenByAnotherInput() {
        String requestId = UUID.randomUUID().toString();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        GrantWindow window = new GrantWindow(now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
        workflow.start(new WorkflowInput(requestId, true, Duration.ofMinutes(30), window));

        // Step Functions' ExecutionAlreadyExists: a name reused must never pass silently.
        assertThrows(IllegalStateException.class, () -> workflow.start(
                new WorkflowInput(requestId, true, Duration.ofMinutes(45), window)));

        sfn.stopExecution(r -> r.executionArn(executionArnOf(approvalMachine, requestId)));
    }

    @Test
    void state_shouldBeNotFound_forANameNeverStarted() {
        assertEquals(ExecutionState.NOT_FOUND, workflow.state("never-started-" + shortId()));
    }

    @Test
    void approved_shouldEndTheTaskWithTheWindow_andAnswerAgainWithTaskGone() {
        Waiting waiting = awaitingDecision();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        GrantWindow window = new GrantWindow(now, now.plus(Duration.ofMinutes(30)));

        workflow.approved(waiting.token(), window);

        DescribeExecutionResponse done = LocalStackAws.poll("the approved execution to succeed",
                () -> sfn.describeExecution(r -> r.executionArn(waiting.executionArn())),
                d -> d.status() != ExecutionStatus.RUNNING);
        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        // The task's result is the execution's output here: what the approval definition's Decision state reads.
        assertEquals(json(WorkflowJson.windowJson(window)), json(done.output()));

        TaskGoneException again = assertThrows(TaskGoneException.class,
                () -> workflow.approved(waiting.token(), window));
        assertTrue(GONE.contains(again.awsError()), again.awsError());
        assertFalse(again.getMessage().contains(waiting.token()), "the task token never reaches a message");
    }

    @Test
    void rejected_shouldFailTheTaskWithTheNamedError_andAnswerAgainWithTaskGone() {
        Waiting waiting = awaitingDecision();

        workflow.rejected(waiting.token(), WorkflowErrors.DENIED, "bob denied the request");

        HistoryEvent failed = LocalStackAws.poll("the denied execution to fail", () -> history(waiting.executionArn()),
                        events -> events.stream().anyMatch(e -> e.type() == HistoryEventType.EXECUTION_FAILED))
                .stream().filter(e -> e.type() == HistoryEventType.EXECUTION_FAILED).findFirst().orElseThrow();
        // The error name approval.asl.json's AwaitApproval catches to go to Denied.
        assertEquals(WorkflowErrors.DENIED, failed.executionFailedEventDetails().error());
        assertEquals("bob denied the request", failed.executionFailedEventDetails().cause());

        TaskGoneException again = assertThrows(TaskGoneException.class,
                () -> workflow.rejected(waiting.token(), WorkflowErrors.DENIED, "bob denied the request"));
        assertTrue(GONE.contains(again.awsError()), again.awsError());
    }

    /** An execution waiting in an Activity task, and that task's token as a worker receives it. */
    private record Waiting(String executionArn, String token) {
    }

    /**
     * A fresh activity and a one-state machine waiting on it (as AwaitApproval waits for the notify function's
     * token), started through SfnWorkflow; the token comes from GetActivityTask, asked again until the task is
     * scheduled.
     */
    private static Waiting awaitingDecision() {
        String id = shortId();
        String activity = sfn.createActivity(r -> r.name("jita-approval-" + id)).activityArn();
        String definition = """
                {"StartAt":"AwaitApproval","States":{"AwaitApproval":{"Type":"Task","Resource":"%s",\
                "TimeoutSeconds":300,"End":true}}}""".formatted(activity);
        String machine = sfn.createStateMachine(r -> r.name("jita-decision-" + id).definition(definition)
                .roleArn(ROLE).type(StateMachineType.STANDARD)).stateMachineArn();
        String requestId = UUID.randomUUID().toString();
        new SfnWorkflow(sfn, machine).start(new WorkflowInput(requestId, false, Duration.ofMinutes(5), null));

        GetActivityTaskResponse task = LocalStackAws.poll("the activity task to be offered",
                () -> sfn.getActivityTask(r -> r.activityArn(activity).workerName("jita-test")),
                t -> t.taskToken() != null && !t.taskToken().isEmpty());
        assertEquals(requestId, json(task.input()).path("requestId").asText(), "the task is this execution's");
        return new Waiting(executionArnOf(machine, requestId), task.taskToken());
    }

    private static String executionArnOf(String machine, String name) {
        return sfn.listExecutions(r -> r.stateMachineArn(machine)).executions().stream()
                .filter(e -> e.name().equals(name)).map(ExecutionListItem::executionArn).findFirst()
                .orElseThrow(() -> new AssertionError("no execution named " + name + " on " + machine));
    }

    private static List<HistoryEvent> history(String executionArn) {
        return sfn.getExecutionHistory(r -> r.executionArn(executionArn)).events();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
