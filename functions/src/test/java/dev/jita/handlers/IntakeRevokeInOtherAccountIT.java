package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.grants.LambdaRevoker;
import dev.jita.iam.DelegatingIam;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import dev.jita.requests.RequestIds;
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
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * POST /requests/{id}/revoke of a grant in another account, wired as intake is in AWS (issue 13): intake may not
 * assume jita's target role, so it invokes the revoke function (the SDK's Lambda client on a loopback server that runs
 * the real RevokeFunction handler, which may). A failure there reaches the engineer as the same answer an in-process
 * failure gives, never as success.
 */
class IntakeRevokeInOtherAccountIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleBook RULES = RulesFile.load(Path.of("..", "config", "rules.yaml"));
    private static final String HOME = "111122223333";
    private static final String B = "444455556666";
    private static final String REVOKE_FUNCTION = "arn:aws:lambda:eu-west-1:111122223333:function:jita-revoke:live";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    private final StoreConfig tables = DynamoLocal.freshTables();
    private final LocalIam iamHome = new LocalIam(HOME, new Random(3));
    private final IamRole engineerHome = iamHome.createRole("Engineer", "/jita/");
    private final LocalIam iamB = new LocalIam(B, new Random(5));
    private final IamRole engineerB = iamB.createRole("Engineer", "/jita/");
    private final LoopbackAws aws = new LoopbackAws();

    /** The grant and revoke functions' services: jita's target role in B. */
    private final JitaServices functionsWithTargetRole = TestServices.on(DynamoLocal.client(), tables, clock)
            .rules(() -> RULES).targets(FixedTargets.of(HOME, iamHome, Map.of(B, iamB))).build();
    private final RevokeFunction revokeFunction = new RevokeFunction(functionsWithTargetRole);

    @AfterEach
    void close() {
        aws.close();
    }

    /** Intake: the jita account alone, and the revoke function for every other. */
    private IntakeFunction intake(FixedTargets own) {
        return new IntakeFunction(TestServices.on(DynamoLocal.client(), tables, clock).rules(() -> RULES)
                .idempotencyTable(DynamoLocal.freshIdempotencyTable()).workflow(new RecordingWorkflow()).targets(own)
                .revokeFunction(new LambdaRevoker(aws.lambda(), REVOKE_FUNCTION)).build());
    }

    @Test
    void revoke_shouldEndAGrantInAccountB_throughTheRevokeFunction_at200() {
        StoredRequest active = active(B, engineerB);
        aws.respond(this::runRevokeFunction);

        APIGatewayProxyResponseEvent answer = intake(FixedTargets.single(HOME, iamHome)).handleRequest(
                revokeByAdmin(active.requestId()), null);

        assertEquals(200, answer.getStatusCode(), answer.getBody());
        assertTrue(answer.getBody().contains("\"status\":\"REVOKED\""), answer.getBody());
        assertEquals(List.of(), iamB.listRolePolicies("Engineer"), "gone from the requester's role in B at once");
        assertEquals(1, aws.received().size(), "one Invoke");
        AuditEntry revoked = last(active.requestId());
        assertEquals(AuditType.REVOKED, revoked.type());
        assertEquals("arn:aws:sts::" + HOME + ":assumed-role/PlatformAdmin/pat", revoked.actor());
        assertEquals(ActorKind.ADMIN, revoked.actorKind());
        assertEquals(new Origin("203.0.113.7", "jita-cli/0.1 aws-sdk-java/2.40.2"), revoked.origin());
    }

    @Test
    void revoke_shouldAnswerAsAnInProcessFailureDoes_neverSuccess_whenTheRevokeFunctionFails() {
        // In-process, today's path: the jita account's IAM fails the delete.
        StoredRequest home = active(HOME, engineerHome);
        DelegatingIam failing = new DelegatingIam(iamHome) {
            @Override
            public void deleteRolePolicy(String roleName, String policyName) {
                throw new IamGatewayException.ServiceFailure("IAM DeleteRolePolicy failed (ServiceFailure)", true,
                        null);
            }
        };
        APIGatewayProxyResponseEvent inProcess = intake(FixedTargets.single(HOME, failing)).handleRequest(
                revokeByAdmin(home.requestId()), null);
        // Through the revoke function: it cannot reach B (STS refused), and says so as a function error.
        StoredRequest inB = active(B, engineerB);
        aws.respond(invoke -> functionError(new IamGatewayException.TargetUnreachable(B,
                IamGatewayException.TargetUnreachable.Kind.REFUSED, "jita cannot act in account " + B, null)));

        APIGatewayProxyResponseEvent remote = intake(FixedTargets.single(HOME, iamHome)).handleRequest(
                revokeByAdmin(inB.requestId()), null);

        assertEquals(500, inProcess.getStatusCode(), inProcess.getBody());
        assertEquals(inProcess.getStatusCode(), remote.getStatusCode());
        assertEquals(inProcess.getBody(), remote.getBody());
        assertEquals(inProcess.getHeaders().get("Content-Type"), remote.getHeaders().get("Content-Type"));
        assertEquals(Status.ACTIVE, functionsWithTargetRole.store().get(inB.requestId()).status());
        assertEquals(1, iamB.listRolePolicies("Engineer").size(), "the grant is still there");
    }

    @Test
    void revoke_shouldAnswer409NotGranted_whenTheRevokeFunctionFindsItStillPending() {
        StoredRequest active = active(B, engineerB);
        // Between intake's look and the revoke function's, nothing a real request can do; the answer is what counts.
        aws.reply(new Reply(200, Map.of("Content-Type", "application/json"), "{\"requestId\": \""
                + active.requestId() + "\", \"status\": \"PENDING_APPROVAL\", \"notRevocable\": true}"));

        APIGatewayProxyResponseEvent answer = intake(FixedTargets.single(HOME, iamHome)).handleRequest(
                revokeByAdmin(active.requestId()), null);

        assertEquals(409, answer.getStatusCode(), answer.getBody());
        assertTrue(answer.getBody().contains("\"reason\":\"not-granted\""), answer.getBody());
    }

    // ---------------------------------------------------------------- helpers

    /** The revoke function's handler behind Lambda's Invoke: its answer, or Lambda's function error. */
    private Reply runRevokeFunction(LoopbackAws.Received invoke) {
        try {
            Map<String, Object> out = revokeFunction.handleRequest(JSON.readValue(invoke.body(),
                    new TypeReference<Map<String, Object>>() { }), null);
            return new Reply(200, Map.of("Content-Type", "application/json"), JSON.writeValueAsString(out));
        } catch (RuntimeException e) {
            return functionError(e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Reply functionError(RuntimeException e) {
        return new Reply(200, Map.of("Content-Type", "application/json", "X-Amz-Function-Error", "Unhandled"),
                JSON.createObjectNode().put("errorType", e.getClass().getName())
                        .put("errorMessage", e.getMessage()).toString());
    }

    private StoredRequest active(String account, IamRole engineer) {
        Requester bob = new Requester("arn:aws:sts::" + account + ":assumed-role/Engineer/bob", account, "Engineer",
                "bob", engineer.roleId() + ":bob");
        boolean home = account.equals(HOME);
        AccessRequest request = new AccessRequest(new RequestIds(new SecureRandom()).next(), bob,
                List.of(home ? "ec2:TerminateInstances" : "ec2:RebootInstances"),
                List.of("arn:aws:ec2:eu-west-1:" + account + ":instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Work on the wedged batch host, see ticket", "OPS-1234", null,
                home ? "prod-ec2-terminate" : "prod-b-ec2-reboot", clock.instant());
        StoredRequest pending = functionsWithTargetRole.store().create(request, RequestHash.of(request),
                AuditDraft.of(AuditType.REQUESTED, bob.arn(), ActorKind.REQUESTER, Outcome.SUCCESS));
        GrantWindow window = GrantWindow.fixedAt(clock.instant(), request);
        functionsWithTargetRole.store().apply(pending, RequestUpdate.moveTo(Status.APPROVED).withWindow(window),
                AuditDraft.of(AuditType.APPROVED, "alice", ActorKind.APPROVER, Outcome.SUCCESS));
        functionsWithTargetRole.grants().grant(pending.requestId(), window);
        StoredRequest active = functionsWithTargetRole.store().get(pending.requestId());
        assertEquals(Status.ACTIVE, active.status());
        return active;
    }

    /** events/intake/revoke.json by the admin PlatformAdmin/pat of the jita account. */
    private static APIGatewayProxyRequestEvent revokeByAdmin(String requestId) {
        APIGatewayProxyRequestEvent e = EventLoader.loadApiGatewayRestEvent("../events/intake/revoke.json");
        e.getRequestContext().getIdentity().setUserArn("arn:aws:sts::" + HOME + ":assumed-role/PlatformAdmin/pat");
        e.getRequestContext().getIdentity().setCaller("AROAEXAMPLEPLATFORMADMIN1:pat");
        return e.withPath("/requests/" + requestId + "/revoke").withPathParameters(Map.of("id", requestId));
    }

    private AuditEntry last(String requestId) {
        List<AuditEntry> entries = functionsWithTargetRole.auditLog().entries(requestId);
        return entries.get(entries.size() - 1);
    }
}
