package dev.jita.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.grants.GrantRefused.Reason;
import dev.jita.iam.AssumedTargets;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import dev.jita.iam.TargetConfig;
import dev.jita.standins.LocalIam;
import dev.jita.store.StoredRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Grants and revokes of requesters in other accounts of the organization (issue 13): the policy goes on the
 * requester's role in the requester's own account and nowhere else; an account jita cannot reach ends the grant
 * FAILED with the sentence that says what to deploy, and makes a revoke fail (so it is retried), never succeed.
 */
class TargetAccountGrantsIT {
    static final String B = "444455556666";
    static final String C = "777788889999";

    private final World world = new World();
    private final LocalIam iamB = new LocalIam(B, new Random(11));
    private final LocalIam iamC = new LocalIam(C, new Random(13));
    private final IamRole engineerB = iamB.createRole("Engineer", "/jita/");
    private final IamRole engineerC = iamC.createRole("Engineer", "/jita/");
    private final TargetConfig config = new TargetConfig(World.ACCOUNT, List.of(B, C), "jita-target",
            "/jita-system/", "aws");
    /** Account C has no target role: STS refuses. B's is refused too once {@link #refuseB} is set. */
    private final List<String> assumed = new ArrayList<>();
    private volatile boolean refuseB;
    private final AssumedTargets targets = new AssumedTargets(config, world.iam, (account, roleArn, session) -> {
        assumed.add(account + "/" + session);
        if (account.equals(C) || refuseB) {
            throw new IamGatewayException.TargetUnreachable(account,
                    IamGatewayException.TargetUnreachable.Kind.REFUSED, config.refusedMessage(account), null);
        }
        return new AssumedTargets.Assumed(iamB, world.clock.instant().plus(Duration.ofMinutes(15)));
    }, world.clock);

    private GrantService grants() {
        return new GrantService(world.store, targets, world.rules(), World.ELIGIBLE, world.metrics, world.clock);
    }

    private RevokeService revokes() {
        return new RevokeService(world.store, targets, world.metrics);
    }

    private AccessRequest rebootIn(String account, IamRole role) {
        Requester requester = new Requester("arn:aws:sts::" + account + ":assumed-role/Engineer/alice", account,
                "Engineer", "alice", role.roleId() + ":alice");
        return new AccessRequest(UUID.randomUUID().toString(), requester, List.of("ec2:RebootInstances"),
                List.of("arn:aws:ec2:eu-west-1:" + account + ":instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Reboot the wedged batch host, see ticket", "OPS-1234", null,
                account.equals(B) ? "prod-b-ec2-reboot" : "prod-c-ec2-reboot", world.clock.instant());
    }

    private StoredRequest activeInB() {
        StoredRequest approved = world.approved(rebootIn(B, engineerB));
        grants().grant(approved.requestId(), world.windowOf(approved.request()));
        return world.store.get(approved.requestId());
    }

    @Test
    void grant_shouldPutThePolicyOnTheRequestersRoleInTheirAccount_andNowhereElse() {
        StoredRequest approved = world.approved(rebootIn(B, engineerB));
        GrantWindow window = world.windowOf(approved.request());

        GrantResult result = grants().grant(approved.requestId(), window);

        String policy = GrantPolicy.policyNameFor(approved.requestId());
        assertEquals(Status.ACTIVE, result.status());
        assertEquals(List.of(policy), iamB.listRolePolicies("Engineer"));
        assertEquals(GrantPolicy.of(approved.request(), window.notBefore(), window.notAfter()).document(),
                iamB.getRolePolicy("Engineer", policy));
        assertEquals(List.of(), world.iam.listRolePolicies("Engineer"), "not on the home account's Engineer");
        assertEquals(List.of(B + "/" + approved.requestId()), assumed, "one AssumeRole, named for the request");
    }

    @Test
    void close_shouldRemoveThePolicyInTheRequestersAccount_atWindowEnd() {
        StoredRequest active = activeInB();
        world.clock.advance(Duration.ofMinutes(31));

        StoredRequest after = revokes().close(active.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE);

        assertEquals(Status.EXPIRED, after.status());
        assertEquals(List.of(), iamB.listRolePolicies("Engineer"));
        // 900-second credentials are past their refresh point by a 30-minute window's end: the revoke assumes again,
        // under the same request's name.
        assertEquals(List.of(B + "/" + active.requestId(), B + "/" + active.requestId()), assumed);
    }

    @Test
    void revokeNow_shouldRemoveThePolicyInTheRequestersAccount() {
        StoredRequest active = activeInB();

        StoredRequest after = revokes().revokeNow(active.requestId(), active.request().requester().arn(),
                ActorKind.REQUESTER, Origin.NONE);

        assertEquals(Status.REVOKED, after.status());
        assertEquals(List.of(), iamB.listRolePolicies("Engineer"));
        assertEquals(1, assumed.size(), "within the credentials' lifetime the revoke reuses the grant's");
    }

    @Test
    void grant_shouldBeRefusedWithTheSentence_whenTheAccountHasNoTargetRole_andCloseRecordsGrantFailed() {
        StoredRequest approved = world.approved(rebootIn(C, engineerC));

        GrantRefused refused = assertThrows(GrantRefused.class,
                () -> grants().grant(approved.requestId(), world.windowOf(approved.request())));

        assertEquals(Reason.TARGET_ACCOUNT_UNREACHABLE, refused.reason());
        assertTrue(refused.getMessage().startsWith("jita cannot act in account " + C + ": its target role"
                + " arn:aws:iam::" + C + ":role/jita-system/jita-target is missing or does not trust jita's grant"
                + " function; deploy the JitaTarget stack to that account"), refused.getMessage());
        assertEquals(List.of(), iamC.listRolePolicies("Engineer"));

        // The workflow's GrantFailed step: the account cannot be reached, and need not be (nothing went in).
        StoredRequest failed = revokes().close(approved.requestId(), RevokeOutcome.FAILED,
                new TaskError(GrantRefused.class.getName(), refused.getMessage()));

        assertEquals(Status.FAILED, failed.status());
        List<AuditEntry> entries = world.audit.entries(approved.requestId());
        AuditEntry grantFailed = entries.get(entries.size() - 1);
        assertEquals(AuditType.GRANT_FAILED, grantFailed.type());
        assertEquals("TARGET_ACCOUNT_UNREACHABLE", grantFailed.details().get(AuditEvents.REASON_CODE));
        assertTrue(grantFailed.details().get(AuditEvents.REASON).contains("deploy the JitaTarget stack"));
        assertEquals("false", grantFailed.details().get(AuditEvents.POLICY_DELETED));
    }

    @Test
    void grant_shouldBeRefused_withoutAnyAssumeRole_whenTheAccountIsNotConfigured() {
        TargetConfig onlyB = new TargetConfig(World.ACCOUNT, List.of(B), "jita-target", "/jita-system/", "aws");
        AssumedTargets withoutC = new AssumedTargets(onlyB, world.iam, (account, roleArn, session) -> {
            assumed.add(account + "/" + session);
            throw new AssertionError("no AssumeRole for an account jita is not configured for");
        }, world.clock);
        StoredRequest approved = world.approved(rebootIn(C, engineerC));

        GrantRefused refused = assertThrows(GrantRefused.class, () -> new GrantService(world.store, withoutC,
                world.rules(), World.ELIGIBLE, world.metrics, world.clock)
                .grant(approved.requestId(), world.windowOf(approved.request())));

        assertEquals(Reason.TARGET_ACCOUNT_NOT_CONFIGURED, refused.reason());
        assertTrue(refused.getMessage().contains(C) && refused.getMessage().contains("JITA_TARGET_ACCOUNTS"),
                refused.getMessage());
        assertEquals(List.of(), assumed);
        assertEquals(Status.FAILED, new RevokeService(world.store, withoutC, world.metrics).close(
                approved.requestId(), RevokeOutcome.FAILED,
                new TaskError(GrantRefused.class.getName(), refused.getMessage())).status());
    }

    @Test
    void revoke_shouldFailAndLeaveTheRequestActive_whenItsAccountBecameUnreachable() {
        StoredRequest active = activeInB();
        refuseB = true;
        world.clock.advance(Duration.ofMinutes(31)); // the grant's credentials are past their refresh point

        var e = assertThrows(IamGatewayException.TargetUnreachable.class,
                () -> revokes().close(active.requestId(), RevokeOutcome.EXPIRED, TaskError.NONE));
        assertThrows(IamGatewayException.TargetUnreachable.class, () -> revokes().revokeNow(active.requestId(),
                active.request().requester().arn(), ActorKind.REQUESTER, Origin.NONE));

        assertEquals(B, e.accountId());
        assertEquals(Status.ACTIVE, world.store.get(active.requestId()).status(), "never recorded as revoked");
        assertFalse(iamB.listRolePolicies("Engineer").isEmpty());
        // The workflow's RevokeFailed step records without reaching the account.
        assertEquals(Status.REVOKE_FAILED, revokes().close(active.requestId(), RevokeOutcome.REVOKE_FAILED,
                new TaskError("dev.jita.iam.IamGatewayException$TargetUnreachable", e.getMessage())).status());
    }
}
