package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.grants.RevokeNowCall;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import dev.jita.rules.RulesFile;
import dev.jita.standins.FixedTargets;
import dev.jita.standins.LocalIam;
import dev.jita.store.DynamoLocal;
import dev.jita.store.MutableClock;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The revoke function's revoke-now input (issue 13): intake and the incident function hand it a request in another
 * account, because only the revoke function may assume jita's target role there. On the IAM stand-ins of the jita
 * account and account B, with the services as a test wires them.
 */
class RevokeFunctionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleBook RULES = RulesFile.load(Path.of("..", "config", "rules.yaml"));
    private static final String HOME = "111122223333";
    private static final String B = "444455556666";
    private static final String ADMIN = "arn:aws:sts::" + HOME + ":assumed-role/PlatformAdmin/pat";
    private static final Origin FROM_CLI = new Origin("198.51.100.7", "jita-cli/1.0 aws-sdk-java/2.40.2");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final StoreConfig tables = DynamoLocal.freshTables();
    private final LocalIam iamHome = new LocalIam(HOME, new Random(3));
    private final LocalIam iamB = new LocalIam(B, new Random(5));
    private final IamRole engineerB = iamB.createRole("Engineer", "/jita/");

    private JitaServices services(boolean reachB) {
        return TestServices.on(DynamoLocal.client(), tables, clock).rules(() -> RULES)
                .targets(reachB ? FixedTargets.of(HOME, iamHome, Map.of(B, iamB)) : FixedTargets.single(HOME, iamHome))
                .build();
    }

    private final JitaServices services = services(true);
    private final RevokeFunction revoke = new RevokeFunction(services);

    @Test
    void revokeNow_shouldDeleteThePolicyInAccountB_andRecordRevokedWithTheActorAndOrigin() {
        StoredRequest active = activeInB();
        String policy = GrantPolicy.policyNameFor(active.requestId());
        assertEquals(List.of(policy), iamB.listRolePolicies("Engineer"));

        Map<String, Object> out = revoke.handleRequest(input(new RevokeNowCall(active.requestId(), ADMIN,
                ActorKind.ADMIN, FROM_CLI, null)), null);

        assertEquals(Map.of("requestId", active.requestId(), "status", "REVOKED"), out);
        assertEquals(List.of(), iamB.listRolePolicies("Engineer"), "gone from the requester's role in B");
        assertEquals(Status.REVOKED, services.store().get(active.requestId()).status());
        AuditEntry revoked = last(active.requestId());
        assertEquals(AuditType.REVOKED, revoked.type());
        assertEquals(ADMIN, revoked.actor());
        assertEquals(ActorKind.ADMIN, revoked.actorKind());
        assertEquals(FROM_CLI, revoked.origin());
        assertTrue(services.auditLog().verify(active.requestId()).valid());
    }

    @Test
    void revokeNow_shouldCarryTheIncidentsReason_intoTheRevokedEntry() {
        StoredRequest active = activeInB();

        revoke.handleRequest(input(new RevokeNowCall(active.requestId(), "pagerduty", ActorKind.INCIDENT, Origin.NONE,
                "incident resolved")), null);

        AuditEntry revoked = last(active.requestId());
        assertEquals("pagerduty", revoked.actor());
        assertEquals(ActorKind.INCIDENT, revoked.actorKind());
        assertEquals("incident resolved", revoked.details().get(AuditEvents.REASON));
    }

    @Test
    void revokeNow_shouldAnswerTheEndedStatus_withOneEffect_whenAskedTwice() {
        StoredRequest active = activeInB();
        Map<String, Object> call = input(new RevokeNowCall(active.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI, null));

        revoke.handleRequest(call, null);
        Map<String, Object> again = revoke.handleRequest(call, null);

        assertEquals("REVOKED", again.get("status"));
        assertEquals(1, services.auditLog().entries(active.requestId()).stream()
                .filter(e -> e.type() == AuditType.REVOKED).count());
    }

    @Test
    void revokeNow_shouldAnswerNotRevocable_andChangeNothing_whileThePendingRequestHasNoGrant() {
        StoredRequest pending = pendingInB();

        Map<String, Object> out = revoke.handleRequest(input(new RevokeNowCall(pending.requestId(), ADMIN,
                ActorKind.ADMIN, FROM_CLI, null)), null);

        assertEquals(Map.of("requestId", pending.requestId(), "status", "PENDING_APPROVAL", "notRevocable", true), out);
        assertEquals(Status.PENDING_APPROVAL, services.store().get(pending.requestId()).status());
    }

    @Test
    void revokeNow_shouldThrow_andLeaveTheGrantActive_whenAccountBCannotBeReached() {
        StoredRequest active = activeInB();
        RevokeFunction cutOff = new RevokeFunction(services(false));

        assertThrows(IamGatewayException.TargetUnreachable.class, () -> cutOff.handleRequest(input(
                new RevokeNowCall(active.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI, null)), null));

        assertEquals(Status.ACTIVE, services.store().get(active.requestId()).status(), "never recorded as revoked");
        assertFalse(iamB.listRolePolicies("Engineer").isEmpty());
    }

    @Test
    void revokeNow_shouldRefuseAnInputWithAnUnknownField_beforeTouchingAnything() {
        StoredRequest active = activeInB();
        Map<String, Object> call = input(new RevokeNowCall(active.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI,
                null));
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) call.get("revokeNow");
        inner.put("approved", true);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> revoke.handleRequest(call, null));

        assertTrue(e.getMessage().contains("unknown field 'approved'"), e.getMessage());
        assertEquals(Status.ACTIVE, services.store().get(active.requestId()).status());
    }

    @Test
    void workflowInput_shouldStillEndTheRequest_asBefore() {
        StoredRequest active = activeInB();
        clock.advance(Duration.ofMinutes(31));

        Map<String, Object> out = revoke.handleRequest(new java.util.HashMap<>(Map.of("requestId", active.requestId(),
                "outcome", "EXPIRED")), null);

        assertEquals(Map.of("requestId", active.requestId(), "status", "EXPIRED"), out);
        assertEquals(List.of(), iamB.listRolePolicies("Engineer"));
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Object> input(RevokeNowCall call) {
        return JSON.convertValue(call.toJson(), new TypeReference<>() { });
    }

    private StoredRequest pendingInB() {
        Requester bob = new Requester("arn:aws:sts::" + B + ":assumed-role/Engineer/bob", B, "Engineer", "bob",
                engineerB.roleId() + ":bob");
        AccessRequest request = new AccessRequest(UUID.randomUUID().toString(), bob, List.of("ec2:RebootInstances"),
                List.of("arn:aws:ec2:eu-west-1:" + B + ":instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Reboot the wedged batch host, see ticket", "OPS-1234", null, "prod-b-ec2-reboot", clock.instant());
        return services.store().create(request, RequestHash.of(request),
                AuditDraft.of(AuditType.REQUESTED, bob.arn(), ActorKind.REQUESTER, Outcome.SUCCESS));
    }

    private StoredRequest activeInB() {
        StoredRequest pending = pendingInB();
        GrantWindow window = GrantWindow.fixedAt(clock.instant(), pending.request());
        services.store().apply(pending, RequestUpdate.moveTo(Status.APPROVED).withWindow(window),
                AuditDraft.of(AuditType.APPROVED, "alice", ActorKind.APPROVER, Outcome.SUCCESS));
        services.grants().grant(pending.requestId(), window);
        StoredRequest active = services.store().get(pending.requestId());
        assertEquals(Status.ACTIVE, active.status());
        return active;
    }

    private AuditEntry last(String requestId) {
        List<AuditEntry> entries = services.auditLog().entries(requestId);
        return entries.get(entries.size() - 1);
    }
}
