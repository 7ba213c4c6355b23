package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.asl.EngineClock;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.domain.Status;
import dev.jita.store.StoredRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * jita local's clock as {@code --time-scale} sets it: the interpreter runs executions on its own threads and nobody
 * drives it. Waits (start, end of window) and the approval timeout must fire on time by themselves: not before
 * they are due in jita's time, and soon after in wall-clock time.
 */
class ScaledTimeIT {
    static final int SCALE = 600;
    /** How late (wall clock) a timer may fire on a busy 2-core machine. */
    static final Duration SLACK = Duration.ofSeconds(3);

    private final LocalJita jita = LocalJita.builder().clock(EngineClock.scaled(SCALE))
            .rulesFile(Path.of("src/test/resources/scaled-time-rules.yaml")).build();
    private final Api api = new Api(jita);

    @AfterEach
    void close() {
        jita.close();
    }

    @Test
    void pendingRequest_shouldTimeOutByItself_whenTheApprovalTimeoutPasses() {
        Instant wallStart = Instant.now();
        Api.Answer created = api.send("create-ok", "Engineer", "timeout-1", null, """
                {"actions": ["ec2:TerminateInstances"],
                 "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"],
                 "durationMinutes": 30, "justification": "Nobody will answer this one in time"}""");
        assertEquals(202, created.status(), created.body().toString());
        String id = created.body().get("requestId").asText();

        StoredRequest done = awaitStatus(id, Status.TIMED_OUT, Duration.ofMinutes(5).dividedBy(SCALE).plus(SLACK));

        assertTrue(Duration.between(wallStart, Instant.now()).compareTo(Duration.ofMillis(400)) > 0,
                "five minutes at x600 take half a second");
        AuditEntry timedOut = entry(id, AuditType.TIMED_OUT);
        assertFalse(timedOut.at().isBefore(done.request().createdAt().plus(Duration.ofMinutes(5))),
                "not before the approval timeout: " + timedOut.at() + " vs created " + done.request().createdAt());
        assertEquals(List.of(AuditType.REQUESTED, AuditType.NOTIFIED, AuditType.TIMED_OUT), types(id));
    }

    @Test
    void autoApprovedRequest_shouldWaitForStartAt_thenGrant_thenExpireByItself() {
        // One second of wall time ahead; jita keeps milliseconds.
        Instant startAt = jita.clock().instant().plus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.MILLIS);
        Api.Answer created = api.send("create-auto-approved", "Engineer", "scaled-1", null, """
                {"actions": ["s3:GetObject"], "resources": ["arn:aws:s3:::example-prod-reports/2026/11/a.csv"],
                 "durationMinutes": 10, "justification": "Read the report at the start of the shift",
                 "ruleId": "prod-reports-read", "startAt": "%s"}""".formatted(startAt));
        assertEquals(202, created.status(), created.body().toString());
        String id = created.body().get("requestId").asText();

        StoredRequest active = awaitStatus(id, Status.ACTIVE, Duration.ofMinutes(10).dividedBy(SCALE).plus(SLACK));
        assertEquals(1, jita.localIam().listRolePolicies("Engineer").size(), "the grant is in place");
        StoredRequest expired = awaitStatus(id, Status.EXPIRED,
                Duration.ofMinutes(10).dividedBy(SCALE).plus(SLACK));

        assertEquals(startAt, active.window().notBefore());
        assertFalse(entry(id, AuditType.GRANTED).at().isBefore(startAt), "granted not before startAt");
        Instant expiredAt = entry(id, AuditType.EXPIRED).at();
        assertFalse(expiredAt.isBefore(expired.window().notAfter()), "revoked not before the window ends");
        assertTrue(expiredAt.isBefore(expired.window().notAfter().plus(SLACK.multipliedBy(SCALE))),
                "revoked soon after the window ends: " + expiredAt + " vs " + expired.window().notAfter());
        assertTrue(jita.localIam().listRolePolicies("Engineer").isEmpty(), "the grant is gone");
    }

    private StoredRequest awaitStatus(String id, Status status, Duration wallTimeout) {
        Instant deadline = Instant.now().plus(wallTimeout);
        while (true) {
            StoredRequest now = jita.store().get(id);
            if (now.status() == status) {
                return now;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("request " + id + " is " + now.status() + ", not " + status + ", "
                        + wallTimeout + " (wall clock) later; audit: " + types(id));
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private AuditEntry entry(String id, AuditType type) {
        return jita.auditLog().entries(id).stream().filter(e -> e.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " entry: " + types(id)));
    }

    private List<AuditType> types(String id) {
        return jita.auditLog().entries(id).stream().map(AuditEntry::type).toList();
    }
}
