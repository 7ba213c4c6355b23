package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.Metric;
import dev.jita.asl.EngineClock;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Outcome;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.handlers.GrantFunction;
import dev.jita.handlers.RevokeFunction;
import dev.jita.iam.GrantPolicy;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sample task inputs of events/grant and events/revoke, fed to the handlers as the workflow would. */
class TaskEventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("..", "events");
    private static final String ID = "r-exampleexampleexampleexamp";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final LocalJita jita = LocalJita.builder().clock(EngineClock.virtual(T0)).build();
    private final GrantFunction grant = new GrantFunction(jita.services());
    private final RevokeFunction revoke = new RevokeFunction(jita.services());

    @AfterEach
    void close() {
        jita.close();
    }

    @Test
    void grantApproved_shouldPutThePolicyOnce_evenWhenDeliveredTwice() throws IOException {
        StoredRequest approved = approved();

        grant.handleRequest(event("grant/approved.json"), LocalLambdaContext.of("grant"));
        Map<String, Object> again = grant.handleRequest(event("grant/approved.json"), LocalLambdaContext.of("grant"));

        assertEquals(false, again.get("changed"));
        assertEquals(Status.ACTIVE, jita.store().get(ID).status());
        GrantWindow window = approved.window();
        assertEquals(GrantPolicy.of(approved.request(), window.notBefore(), window.notAfter()).document(),
                jita.localIam().getRolePolicy("Engineer", GrantPolicy.policyNameFor(ID)));
        assertEquals(1, count(AuditType.GRANTED));
    }

    @Test
    void grantMissingWindow_shouldFailSayingWhatIsMissing() throws IOException {
        approved();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> grant.handleRequest(event("grant/missing-window.json"), LocalLambdaContext.of("grant")));

        assertTrue(e.getMessage().contains("window.notBefore"), e.getMessage());
        assertEquals(Status.APPROVED, jita.store().get(ID).status());
    }

    @Test
    void revokeExpired_shouldDeleteThePolicyAndRecordExpired() throws IOException {
        approved();
        grant.handleRequest(event("grant/approved.json"), LocalLambdaContext.of("grant"));

        Map<String, Object> out = revoke.handleRequest(event("revoke/expired.json"), LocalLambdaContext.of("revoke"));

        assertEquals("EXPIRED", out.get("status"));
        assertTrue(jita.localIam().listRolePolicies("Engineer").isEmpty());
    }

    @Test
    void revokeTimedOut_shouldRecordTimedOut() throws IOException {
        pending();

        revoke.handleRequest(event("revoke/timed-out.json"), LocalLambdaContext.of("revoke"));

        assertEquals(Status.TIMED_OUT, jita.store().get(ID).status());
        assertEquals(1, jita.metrics().get(Metric.TimedOut));
    }

    @Test
    void revokeGrantFailed_shouldRecordFailedWithTheRefusalsReason() throws IOException {
        approved();

        revoke.handleRequest(event("revoke/grant-failed.json"), LocalLambdaContext.of("revoke"));

        assertEquals(Status.FAILED, jita.store().get(ID).status());
        AuditEntry failed = last();
        assertEquals(AuditType.GRANT_FAILED, failed.type());
        assertEquals("SIZE_LIMIT", failed.details().get(AuditEvents.REASON_CODE));
        assertTrue(failed.details().get(AuditEvents.REASON).startsWith("Role Engineer's inline policies"));
    }

    @Test
    void revokeNotifyFailed_shouldRecordFailedAtTheNotifyStep() throws IOException {
        pending();

        revoke.handleRequest(event("revoke/notify-failed.json"), LocalLambdaContext.of("revoke"));

        assertEquals(Status.FAILED, jita.store().get(ID).status());
        assertEquals("notify", last().details().get(AuditEvents.STEP));
    }

    @Test
    void revokeRevokeFailed_shouldRecordRevokeFailedAndCountIt() throws IOException {
        approved();
        grant.handleRequest(event("grant/approved.json"), LocalLambdaContext.of("grant"));

        revoke.handleRequest(event("revoke/revoke-failed.json"), LocalLambdaContext.of("revoke"));

        assertEquals(Status.REVOKE_FAILED, jita.store().get(ID).status());
        assertEquals(1, jita.metrics().get(Metric.RevokeFailed));
        assertTrue(last().details().get(AuditEvents.REASON).contains("Rate exceeded"));
    }

    @Test
    void revokeNow_shouldDeleteThePolicyAndRecordRevokedByTheActorFromTheOrigin() throws IOException {
        approved();
        grant.handleRequest(event("grant/approved.json"), LocalLambdaContext.of("grant"));

        Map<String, Object> out = revoke.handleRequest(event("revoke/revoke-now.json"),
                LocalLambdaContext.of("revoke"));

        assertEquals(Map.of("requestId", ID, "status", "REVOKED"), out);
        assertTrue(jita.localIam().listRolePolicies("Engineer").isEmpty());
        AuditEntry revoked = last();
        assertEquals(AuditType.REVOKED, revoked.type());
        assertEquals("arn:aws:sts::111122223333:assumed-role/Engineer/alice-eng", revoked.actor());
        assertEquals(ActorKind.REQUESTER, revoked.actorKind());
        assertEquals("198.51.100.7", revoked.origin().sourceIp());
        assertEquals("jita-cli/1.0", revoked.origin().userAgent());
    }

    private StoredRequest pending() {
        Requester alice = new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/alice-eng", "111122223333",
                "Engineer", "alice-eng", jita.userId("Engineer", "alice-eng"));
        AccessRequest request = new AccessRequest(ID, alice, List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Terminate the wedged batch host, see ticket", "OPS-1234", null, "prod-ec2-terminate", T0);
        return jita.store().create(request, RequestHash.of(request),
                AuditDraft.of(AuditType.REQUESTED, alice.arn(), ActorKind.REQUESTER, Outcome.SUCCESS));
    }

    /** APPROVED with the window of events/grant/approved.json. */
    private StoredRequest approved() {
        StoredRequest pending = pending();
        return jita.store().apply(pending, RequestUpdate.moveTo(Status.APPROVED)
                        .withWindow(new GrantWindow(T0, T0.plus(Duration.ofMinutes(30)))),
                AuditDraft.of(AuditType.APPROVED, "alice", ActorKind.APPROVER, Outcome.SUCCESS));
    }

    private static Map<String, Object> event(String name) throws IOException {
        return JSON.readValue(Files.readString(EVENTS.resolve(name)), new TypeReference<>() {
        });
    }

    private long count(AuditType type) {
        return jita.auditLog().entries(ID).stream().filter(e -> e.type() == type).count();
    }

    private AuditEntry last() {
        List<AuditEntry> entries = jita.auditLog().entries(ID);
        return entries.get(entries.size() - 1);
    }
}
