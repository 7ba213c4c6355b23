package dev.jita.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamRole;
import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import dev.jita.standins.FixedTargets;
import dev.jita.standins.LocalIam;
import dev.jita.store.StoredRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Revoke-now as intake and the incident function do it in AWS (issue 13): in-process for the jita account, by a
 * synchronous Invoke of the revoke function (the SDK's Lambda client on a loopback server) for any other account.
 */
class AccountRoutedRevocationsIT {
    private static final String B = "444455556666";
    private static final String REVOKE_FUNCTION = "arn:aws:lambda:eu-west-1:111122223333:function:jita-revoke:live";
    private static final String ADMIN = "arn:aws:sts::111122223333:assumed-role/PlatformAdmin/pat";
    private static final Origin FROM_CLI = new Origin("198.51.100.7", "jita-cli/1.0");

    private final World world = new World();
    private final LocalIam iamB = new LocalIam(B, new Random(17));
    private final IamRole engineerB = iamB.createRole("Engineer", "/jita/");
    private final LoopbackAws aws = new LoopbackAws();
    /** The revoke function, where it runs: with jita's target role in B. */
    private final RevokeService inRevokeFunction = new RevokeService(world.store,
            FixedTargets.of(World.ACCOUNT, world.iam, Map.of(B, iamB)), world.metrics);
    /** Intake's own: the home account alone, as its environment (no target accounts) and its role allow. */
    private final AccountRoutedRevocations revocations = new AccountRoutedRevocations(world.store, World.ACCOUNT,
            world.revokes(), new LambdaRevoker(aws.lambda(), REVOKE_FUNCTION));

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void revokeNow_shouldRevokeInProcess_withoutAnyInvoke_whenTheRequestIsInTheHomeAccount() {
        StoredRequest approved = world.approved(world.request("i-0abc1234567890def"));
        world.grants().grant(approved.requestId(), world.windowOf(approved.request()));

        StoredRequest after = revocations.revokeNow(approved.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI, null);

        assertEquals(Status.REVOKED, after.status());
        assertEquals(List.of(), world.iam.listRolePolicies("Engineer"));
        assertEquals(List.of(), aws.received(), "no Invoke for the jita account");
    }

    @Test
    void revokeNow_shouldInvokeTheRevokeFunctionOnce_withTheCall_whenTheRequestIsInAnotherAccount() {
        StoredRequest active = activeInB();
        aws.respond(this::runRevokeFunction);

        StoredRequest after = revocations.revokeNow(active.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI, "because");

        assertEquals(Status.REVOKED, after.status(), "the request as the revoke function left it");
        assertEquals(List.of(), iamB.listRolePolicies("Engineer"));
        assertEquals(1, aws.received().size());
        LoopbackAws.Received invoke = aws.last();
        assertEquals("POST", invoke.method());
        assertEquals("/2015-03-31/functions/" + REVOKE_FUNCTION + "/invocations",
                URLDecoder.decode(invoke.path(), StandardCharsets.UTF_8));
        assertEquals("RequestResponse", invoke.header("X-Amz-Invocation-Type"));
        assertEquals("eu-west-1/lambda/aws4_request", LoopbackAws.credentialScope(invoke));
        assertEquals(new RevokeNowCall(active.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI, "because").toJson(),
                invoke.json());
        AuditEntry revoked = last(active.requestId());
        assertEquals(AuditType.REVOKED, revoked.type());
        assertEquals(ADMIN, revoked.actor());
        assertEquals(FROM_CLI, revoked.origin());
    }

    @Test
    void revokeNow_shouldFailWithRevokeFunctionException_andLeaveTheGrant_whenTheFunctionFails() {
        StoredRequest active = activeInB();
        aws.reply(new Reply(200, Map.of("Content-Type", "application/json", "X-Amz-Function-Error", "Unhandled"),
                "{\"errorType\": \"dev.jita.iam.IamGatewayException$TargetUnreachable\", \"errorMessage\":"
                        + " \"jita cannot act in account 444455556666\", \"stackTrace\": [\"at somewhere\"]}"));

        RevokeFunctionException e = assertThrows(RevokeFunctionException.class, () -> revocations.revokeNow(
                active.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI, null));

        assertTrue(e.getMessage().contains("the revoke function failed (Unhandled):"
                + " dev.jita.iam.IamGatewayException$TargetUnreachable: jita cannot act in account 444455556666"),
                e.getMessage());
        assertTrue(!e.getMessage().contains("at somewhere"), "no stack trace in the message");
        assertEquals(Status.ACTIVE, world.store.get(active.requestId()).status(), "never recorded as revoked");
        assertEquals(1, aws.received().size(), "a function error is an answer: not invoked again");
    }

    @Test
    void revokeNow_shouldFailWithRevokeFunctionException_whenLambdaRefusesTheInvoke() {
        StoredRequest active = activeInB();
        aws.reply(new Reply(403, Map.of("Content-Type", "application/json", "x-amzn-ErrorType",
                "AccessDeniedException"), "{\"Type\": \"User\", \"message\": \"not authorized to perform:"
                + " lambda:InvokeFunction\"}"));

        RevokeFunctionException e = assertThrows(RevokeFunctionException.class, () -> revocations.revokeNow(
                active.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI, null));

        assertTrue(e.getMessage().contains("could not invoke the revoke function " + REVOKE_FUNCTION), e.getMessage());
        assertEquals(Status.ACTIVE, world.store.get(active.requestId()).status());
    }

    @Test
    void revokeNow_shouldThrowNotRevocable_withTheStatus_whenTheFunctionAnswersSo() {
        StoredRequest pending = world.pending(inB());
        aws.respond(this::runRevokeFunction);

        NotRevocableException e = assertThrows(NotRevocableException.class, () -> revocations.revokeNow(
                pending.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI, null));

        assertEquals(Status.PENDING_APPROVAL, e.status());
        assertEquals(1, aws.received().size());
    }

    @Test
    void revokeNow_shouldFail_whenTheFunctionAnswersForAnotherRequest() {
        StoredRequest active = activeInB();
        aws.reply(new Reply(200, Map.of("Content-Type", "application/json"),
                "{\"requestId\": \"r-someoneelse\", \"status\": \"REVOKED\"}"));

        assertThrows(RevokeFunctionException.class, () -> revocations.revokeNow(active.requestId(), ADMIN,
                ActorKind.ADMIN, FROM_CLI, null));
        assertEquals(Status.ACTIVE, world.store.get(active.requestId()).status());
    }

    // ---------------------------------------------------------------- helpers

    /** What the revoke function's handler does with a revoke-now (handlers.RevokeFunction, RevokeFunctionIT). */
    /**
     * An IAM Identity Center user's request, even in the jita account, goes to the revoke function: jita's Identity
     * Center role trusts only grant, revoke and sweeper, never intake, which faces the internet.
     */
    @Test
    void revokeNow_shouldInvokeTheRevokeFunction_forAnIdentityCenterUsersRequest_evenInTheHomeAccount() {
        Requester dana = new Requester("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_5f3c2a1b9d8e7f60"
                + "/dana@example.com", World.ACCOUNT, "AWSReservedSSO_Developer_5f3c2a1b9d8e7f60", "dana@example.com",
                "AROASSODEVELOPEREXAMPLE:dana@example.com");
        AccessRequest base = world.request("i-0abc1234567890def");
        StoredRequest approved = world.approved(new AccessRequest("r-aaaaaaaaaaaaaaaaaaaaaaaaaa", dana,
                base.actions(), base.resources(), base.duration(), base.justification(), base.ticket(), null,
                base.ruleId(), base.createdAt()));
        aws.reply(new Reply(200, Map.of("Content-Type", "application/json"),
                new RevokeNowCall.Answer(approved.requestId(), Status.REVOKED, false).toJson().toString()));

        revocations.revokeNow(approved.requestId(), ADMIN, ActorKind.ADMIN, FROM_CLI, null);

        assertEquals(1, aws.received().size(), "the revoke function, not intake, takes it away");
        assertEquals(Status.APPROVED, world.store.get(approved.requestId()).status(), "nothing in-process");
    }

    private Reply runRevokeFunction(LoopbackAws.Received invoke) {
        RevokeNowCall call = RevokeNowCall.from(invoke.json());
        RevokeNowCall.Answer answer;
        try {
            StoredRequest after = inRevokeFunction.revokeNow(call.requestId(), call.actor(), call.actorKind(),
                    call.origin(), call.reason());
            answer = new RevokeNowCall.Answer(call.requestId(), after.status(), false);
        } catch (NotRevocableException e) {
            answer = new RevokeNowCall.Answer(call.requestId(), e.status(), true);
        }
        return new Reply(200, Map.of("Content-Type", "application/json"), answer.toJson().toString());
    }

    private AccessRequest inB() {
        Requester bob = new Requester("arn:aws:sts::" + B + ":assumed-role/Engineer/bob", B, "Engineer", "bob",
                engineerB.roleId() + ":bob");
        return new AccessRequest(UUID.randomUUID().toString(), bob, List.of("ec2:RebootInstances"),
                List.of("arn:aws:ec2:eu-west-1:" + B + ":instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Reboot the wedged batch host, see ticket", "OPS-1234", null, "prod-b-ec2-reboot",
                world.clock.instant());
    }

    private StoredRequest activeInB() {
        StoredRequest approved = world.approved(inB());
        new GrantService(world.store, FixedTargets.of(World.ACCOUNT, world.iam, Map.of(B, iamB)), world.rules(),
                World.ELIGIBLE, world.metrics, world.clock).grant(approved.requestId(),
                world.windowOf(approved.request()));
        assertEquals(List.of(GrantPolicy.policyNameFor(approved.requestId())), iamB.listRolePolicies("Engineer"));
        return world.store.get(approved.requestId());
    }

    private AuditEntry last(String requestId) {
        List<AuditEntry> entries = world.audit.entries(requestId);
        return entries.get(entries.size() - 1);
    }
}
