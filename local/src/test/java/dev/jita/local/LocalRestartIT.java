package dev.jita.local;

import static dev.jita.audit.AuditType.APPROVAL_RECORDED;
import static dev.jita.audit.AuditType.APPROVED;
import static dev.jita.audit.AuditType.EXPIRED;
import static dev.jita.audit.AuditType.GRANTED;
import static dev.jita.audit.AuditType.GRANT_FAILED;
import static dev.jita.audit.AuditType.NOTIFIED;
import static dev.jita.audit.AuditType.REQUESTED;
import static dev.jita.audit.AuditType.TIMED_OUT;
import static dev.jita.audit.AuditType.WORKFLOW_RESTARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.asl.EngineClock;
import dev.jita.asl.ExecutionStatus;
import dev.jita.audit.AuditType;
import dev.jita.domain.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jita local stopped with requests in flight and started again on the same --data-dir (issue 10, item 5): the
 * interpreter keeps its executions in memory, so none survives, and the sweeper must carry on or end every request
 * that waited on one. Virtual time: the restart happens 20 minutes after the requests were made.
 */
class LocalRestartIT {
    private static final Instant T0 = Desk.T0;
    private static final String ENGINEER_BODY = """
            {"actions": ["ec2:TerminateInstances"],
             "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"],
             "durationMinutes": %d, "justification": "IT: in flight across a restart", "startAt": "%s"}""";

    @TempDir
    Path dataDir;

    private LocalJita jitaAt(Instant now) {
        return LocalJita.builder().clock(EngineClock.virtual(now)).dataDir(dataDir).build();
    }

    @Test
    void restartOnTheSameDataDir_shouldRestartOrEndEveryRequestWhoseWorkflowWasLost() {
        String scheduled;
        String windowPassed;
        String pending;
        String pendingTimedOut;
        String link;
        try (Desk before = new Desk(jitaAt(T0))) {
            // One requester each: the sample carries an Idempotency-Key, which is per requester.
            // Approved now for a window an hour ahead: SCHEDULED, its workflow in WaitForStart.
            scheduled = before.ask("create-ok", "bob-engineer", ENGINEER_BODY.formatted(30, T0.plus(Duration.ofHours(1))));
            before.approve(scheduled, "alice");
            // Approved for a 5-minute window a minute ahead, which will be over by the restart.
            windowPassed = before.ask("create-ok", "cy-engineer", ENGINEER_BODY.formatted(5, T0.plusSeconds(60)));
            before.approve(windowPassed, "alice");
            // Awaiting approval: prod-ec2-terminate gives approvers 30 minutes, breakglass-ecs-restart 15.
            pending = before.askToTerminate("dan-engineer");
            link = before.linkToken(pending, "alice");
            pendingTimedOut = before.ask("create-ok", "erin-engineer", """
                    {"actions": ["ecs:UpdateService"],
                     "resources": ["arn:aws:ecs:eu-west-1:111122223333:service/prod/checkout"],
                     "durationMinutes": 20, "justification": "IT: pending across a restart"}""");
            assertEquals(List.of(Status.SCHEDULED, Status.SCHEDULED, Status.PENDING_APPROVAL, Status.PENDING_APPROVAL),
                    List.of(before.request(scheduled).status(), before.request(windowPassed).status(),
                            before.request(pending).status(), before.request(pendingTimedOut).status()));
        }

        try (Desk after = new Desk(jitaAt(T0.plus(Duration.ofMinutes(20))))) {
            LocalJita jita = after.jita;
            Map<String, Object> report = jita.sweeper().handleRequest(Map.of("source", "aws.events"),
                    LocalLambdaContext.of("sweeper"));
            jita.stepFunctions().runUntilIdle();

            assertEquals(Set.of(scheduled, pending), Set.copyOf((List<?>) report.get("restarted")), report.toString());
            assertEquals(Set.of(windowPassed, pendingTimedOut), Set.copyOf((List<?>) report.get("ended")),
                    report.toString());
            // Nothing failed but account C, which jita local configures without its target role on purpose.
            assertTrue(((List<?>) report.get("failures")).stream()
                    .allMatch(f -> f.toString().startsWith("account " + LocalJita.ACCOUNT_C + ", ")), report.toString());
            assertEquals(Status.FAILED, after.request(windowPassed).status());
            assertTrail(after, windowPassed, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, GRANT_FAILED);
            assertEquals(Status.TIMED_OUT, after.request(pendingTimedOut).status());
            assertTrail(after, pendingTimedOut, REQUESTED, NOTIFIED, TIMED_OUT);

            // The pending one waits for its approvers again: the link mailed before the restart approves it.
            assertEquals(200, after.approveWithLink(link).status());
            after.runUntil(pending, Status.ACTIVE);
            assertTrail(after, pending, REQUESTED, NOTIFIED, WORKFLOW_RESTARTED, NOTIFIED, APPROVAL_RECORDED, APPROVED,
                    GRANTED);
            assertTrue(jita.localIam().listRolePolicies("Engineer").contains("jita-" + pending));

            // The restarted workflow of the scheduled request grants at its window and revokes at its end.
            after.runUntil(scheduled, Status.ACTIVE);
            assertEquals(ExecutionStatus.SUCCEEDED,
                    jita.stepFunctions().runToCompletion(jita.executionArn(scheduled + "-r1")).status());
            assertEquals(Status.EXPIRED, after.request(scheduled).status());
            assertTrail(after, scheduled, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, WORKFLOW_RESTARTED,
                    GRANTED, EXPIRED);

            // A second sweep finds nothing left to do.
            Map<String, Object> again = jita.sweeper().handleRequest(Map.of("source", "aws.events"),
                    LocalLambdaContext.of("sweeper"));
            assertEquals(List.of(), again.get("restarted"));
            assertEquals(List.of(), again.get("ended"));
        }
    }

    private static void assertTrail(Desk desk, String requestId, AuditType... types) {
        assertEquals(List.of(types), desk.auditTypes(requestId), requestId);
        assertTrue(desk.jita.auditLog().verify(requestId).valid(), "the chain of " + requestId + " verifies");
    }
}
