package dev.jita.asl;

import static dev.jita.asl.Asl.T0;
import static dev.jita.asl.Asl.json;
import static dev.jita.asl.Asl.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** lambda:invoke.waitForTaskToken: SendTaskSuccess/Failure/Heartbeat, their AWS errors, timeouts, stop. */
class TaskTokenTest {

    private static String approval(String extra) {
        return json("""
                {'StartAt':'Approve','States':{
                  'Approve':{'Type':'Task','Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',
                    'Parameters':{'FunctionName':'notify','Payload':{'token.$':'$$.Task.Token','id.$':'$.id'}},
                    %s
                    'Catch':[{'ErrorEquals':['Denied'],'ResultPath':'$.denial','Next':'Refused'}],
                    'Next':'Granted'},
                  'Granted':{'Type':'Pass','Result':'granted','ResultPath':'$.result','End':true},
                  'Refused':{'Type':'Pass','Result':'refused','ResultPath':'$.result','End':true}}}
                """.formatted(extra));
    }

    private final AtomicReference<String> token = new AtomicReference<>();
    private final AtomicReference<String> tokenFromContext = new AtomicReference<>();

    private LocalStepFunctions engine() {
        return LocalStepFunctions.builder().clock(EngineClock.virtual(T0)).function("notify", (payload, ctx) -> {
            token.set(payload.get("token").asText());
            tokenFromContext.set(ctx.taskToken().orElse(null));
            return node("{'sent':true}");
        }).build();
    }

    @Test
    void sendTaskSuccess_shouldCompleteTheTask_withItsOutputAsResult() {
        try (LocalStepFunctions sfn = engine()) {
            String machine = sfn.createStateMachine("m", approval("'ResultPath':'$.approval',"));
            String execution = sfn.startExecution(machine, "req-1", node("{'id':'req-1'}"));
            sfn.runUntilIdle();

            assertEquals(ExecutionStatus.RUNNING, sfn.describeExecution(execution).status());
            assertNotNull(token.get());
            assertEquals(token.get(), tokenFromContext.get());
            sfn.sendTaskSuccess(token.get(), "{\"approvedBy\":\"alice\"}");
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals(ExecutionStatus.SUCCEEDED, done.status());
            assertEquals(node("{'id':'req-1','approval':{'approvedBy':'alice'},'result':'granted'}"), done.output());
            List<HistoryEventType> types = Asl.types(sfn.getExecutionHistory(execution));
            assertEquals(List.of(HistoryEventType.ExecutionStarted, HistoryEventType.TaskStateEntered,
                    HistoryEventType.TaskScheduled, HistoryEventType.TaskStarted, HistoryEventType.TaskSubmitted,
                    HistoryEventType.TaskSucceeded, HistoryEventType.TaskStateExited,
                    HistoryEventType.PassStateEntered, HistoryEventType.PassStateExited,
                    HistoryEventType.ExecutionSucceeded), types);
        }
    }

    @Test
    void sendTaskFailure_shouldFailTheTask_soThatCatchMatchesItsError() {
        try (LocalStepFunctions sfn = engine()) {
            String machine = sfn.createStateMachine("m", approval(""));
            String execution = sfn.startExecution(machine, "req-1", node("{'id':'req-1'}"));
            sfn.runUntilIdle();
            sfn.sendTaskFailure(token.get(), "Denied", "bob said no");
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals("refused", done.output().get("result").asText());
            assertEquals(node("{'Error':'Denied','Cause':'bob said no'}"), done.output().get("denial"));
        }
    }

    @Test
    void sendTaskSuccess_shouldThrowTaskTimedOut_whenTheTaskHasAlreadyClosed() {
        try (LocalStepFunctions sfn = engine()) {
            String machine = sfn.createStateMachine("m", approval(""));
            String execution = sfn.startExecution(machine, "req-1", node("{'id':'req-1'}"));
            sfn.runUntilIdle();
            sfn.sendTaskSuccess(token.get(), "{}");

            TaskTimedOutException twice = assertThrows(TaskTimedOutException.class,
                    () -> sfn.sendTaskSuccess(token.get(), "{}"));
            assertEquals("TaskTimedOut", twice.errorCode());
            sfn.runToCompletion(execution);
            assertThrows(TaskTimedOutException.class, () -> sfn.sendTaskFailure(token.get(), "Denied", null));
            assertThrows(TaskTimedOutException.class, () -> sfn.sendTaskHeartbeat(token.get()));
        }
    }

    @Test
    void sendTaskSuccess_shouldThrowInvalidToken_forAStringThatIsNoToken() {
        try (LocalStepFunctions sfn = engine()) {
            InvalidTokenException e = assertThrows(InvalidTokenException.class,
                    () -> sfn.sendTaskSuccess("not-a-token", "{}"));
            assertEquals("InvalidToken", e.errorCode());
        }
    }

    @Test
    void sendTaskSuccess_shouldThrowTaskDoesNotExist_forAnotherEnginesToken() {
        String foreign;
        try (LocalStepFunctions other = engine()) {
            String machine = other.createStateMachine("m", approval(""));
            other.startExecution(machine, "req-1", node("{'id':'req-1'}"));
            other.runUntilIdle();
            foreign = token.get();
        }
        try (LocalStepFunctions sfn = engine()) {
            TaskDoesNotExistException e = assertThrows(TaskDoesNotExistException.class,
                    () -> sfn.sendTaskSuccess(foreign, "{}"));
            assertEquals("TaskDoesNotExist", e.errorCode());
        }
    }

    @Test
    void sendTaskSuccess_shouldThrowInvalidOutput_whenOutputIsNotJson() {
        try (LocalStepFunctions sfn = engine()) {
            String machine = sfn.createStateMachine("m", approval(""));
            sfn.startExecution(machine, "req-1", node("{'id':'req-1'}"));
            sfn.runUntilIdle();
            assertThrows(InvalidOutputException.class, () -> sfn.sendTaskSuccess(token.get(), "{oops"));
        }
    }

    @Test
    void timeoutSeconds_shouldFailWithStatesTimeout_whenNoResultComesInTime() {
        try (LocalStepFunctions sfn = engine()) {
            String machine = sfn.createStateMachine("m", approval("'TimeoutSeconds':1800,"));
            String execution = sfn.startExecution(machine, "req-1", node("{'id':'req-1'}"));
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals("States.Timeout", done.error());
            assertEquals(T0.plusSeconds(1800), done.stopDate());
            assertThrows(TaskTimedOutException.class, () -> sfn.sendTaskSuccess(token.get(), "{}"));
            assertTrue(Asl.types(sfn.getExecutionHistory(execution)).contains(HistoryEventType.TaskTimedOut));
        }
    }

    @Test
    void runToCompletion_shouldRefuse_whenTheExecutionWaitsForATokenWithoutTimeout() {
        try (LocalStepFunctions sfn = engine()) {
            String machine = sfn.createStateMachine("m", approval(""));
            String execution = sfn.startExecution(machine, "req-1", node("{'id':'req-1'}"));

            IllegalStateException e = assertThrows(IllegalStateException.class, () -> sfn.runToCompletion(execution));
            assertTrue(e.getMessage().contains("'Approve' waits for SendTaskSuccess"), e.getMessage());
            assertEquals(T0, sfn.clock().instant(), "time did not move");
        }
    }

    @Test
    void heartbeat_shouldPushTheHeartbeatDeadline_andItsAbsenceFailsWithHeartbeatTimeout() {
        // A parallel Wait branch gives the test a moment (t+8) at which to send the heartbeat.
        String definition = json("""
                {'StartAt':'Both','States':{'Both':{'Type':'Parallel','End':true,'Branches':[
                  {'StartAt':'Approve','States':{'Approve':{'Type':'Task',
                    'Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken','HeartbeatSeconds':10,
                    'TimeoutSeconds':100,'Parameters':{'FunctionName':'notify','Payload':{'token.$':'$$.Task.Token'}},
                    'End':true}}},
                  {'StartAt':'Tick','States':{'Tick':{'Type':'Wait','Seconds':8,'End':true}}}]}}}
                """);
        try (LocalStepFunctions sfn = engine()) {
            String execution = sfn.startExecution(sfn.createStateMachine("m", definition), "e", "{}");
            sfn.runUntilIdle();
            sfn.advanceToNextTimer();
            assertEquals(T0.plusSeconds(8), sfn.clock().instant());
            sfn.sendTaskHeartbeat(token.get());
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals("States.HeartbeatTimeout", done.error());
            assertEquals(T0.plusSeconds(18), done.stopDate());
        }
    }

    @Test
    void stopExecution_shouldAbort_andCloseTheTaskToken() {
        try (LocalStepFunctions sfn = engine()) {
            String machine = sfn.createStateMachine("m", approval("'TimeoutSeconds':1800,"));
            String execution = sfn.startExecution(machine, "req-1", node("{'id':'req-1'}"));
            sfn.runUntilIdle();
            Instant stopped = sfn.stopExecution(execution, "Revoked", "requester withdrew");

            ExecutionDescription done = sfn.describeExecution(execution);
            assertEquals(ExecutionStatus.ABORTED, done.status());
            assertEquals("Revoked", done.error());
            assertEquals(stopped, done.stopDate());
            assertThrows(TaskTimedOutException.class, () -> sfn.sendTaskSuccess(token.get(), "{}"));
            List<HistoryEvent> history = sfn.getExecutionHistory(execution);
            assertEquals(HistoryEventType.ExecutionAborted, history.get(history.size() - 1).type());
            assertEquals(false, sfn.advanceToNextTimer(), "the task timeout died with the execution");
        }
    }

    @Test
    void branchFailure_shouldCloseTheTokenOfASiblingBranch() {
        String definition = json("""
                {'StartAt':'Both','States':{'Both':{'Type':'Parallel','End':true,'Branches':[
                  {'StartAt':'Approve','States':{'Approve':{'Type':'Task',
                    'Resource':'arn:aws:states:::lambda:invoke.waitForTaskToken',
                    'Parameters':{'FunctionName':'notify','Payload':{'token.$':'$$.Task.Token'}},'End':true}}},
                  {'StartAt':'Later','States':{'Later':{'Type':'Wait','Seconds':5,'Next':'Boom'},
                    'Boom':{'Type':'Fail','Error':'Boom'}}}]}}}
                """);
        try (LocalStepFunctions sfn = engine()) {
            String execution = sfn.startExecution(sfn.createStateMachine("m", definition), "e", "{}");
            ExecutionDescription done = sfn.runToCompletion(execution);

            assertEquals("Boom", done.error());
            assertThrows(TaskTimedOutException.class, () -> sfn.sendTaskSuccess(token.get(), "{}"));
        }
    }

    @Test
    void sendTaskSuccess_shouldBeSafe_fromManyThreadsAtOnce() throws Exception {
        try (LocalStepFunctions sfn = LocalStepFunctions.builder().clock(EngineClock.real())
                .function("notify", (payload, ctx) -> {
                    token.set(payload.get("token").asText());
                    return node("{}");
                }).build()) {
            String machine = sfn.createStateMachine("m", approval(""));
            String execution = sfn.startExecution(machine, "req-1", node("{'id':'req-1'}"));
            Asl.await(() -> token.get() != null);
            assertNotNull(token.get(), "the notify function ran");
            int threads = 8;
            java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger timedOut = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<Thread> senders = new java.util.ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                Thread t = new Thread(() -> {
                    try {
                        go.await();
                        sfn.sendTaskSuccess(token.get(), "{\"by\":" + n + "}");
                        accepted.incrementAndGet();
                    } catch (TaskTimedOutException e) {
                        timedOut.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                t.start();
                senders.add(t);
            }
            go.countDown();
            for (Thread t : senders) {
                t.join(10_000);
            }
            assertEquals(1, accepted.get(), "exactly one SendTaskSuccess wins");
            assertEquals(threads - 1, timedOut.get());
            Asl.await(() -> sfn.describeExecution(execution).status() != ExecutionStatus.RUNNING);
            assertEquals(ExecutionStatus.SUCCEEDED, sfn.describeExecution(execution).status());
        }
    }
}
