package dev.jita.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.iam.AwsIamGateway;
import dev.jita.iam.Fixtures;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import dev.jita.iam.InlinePolicySize;
import dev.jita.iam.PolicyDocs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Role;

/**
 * {@link AwsIamGateway} on LocalStack's IAM: what the grant, revoke and sweeper do to a requester's role, and how
 * IAM's answers (NoSuchEntity, LimitExceeded) reach jita. The roles are made with the SDK directly, as an account's
 * administrator would; everything jita does goes through the gateway.
 */
@Testcontainers(disabledWithoutDocker = true)
class IamGatewayLocalStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::000000000000:root"},"Action":"sts:AssumeRole"}]}""";

    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackAws.container(Service.IAM);

    private static IamClient iam;
    private static IamGateway gateway;

    /** This test's eligible path and role on it; unique so that the tests share one LocalStack safely. */
    private String path;
    private Role role;

    @BeforeAll
    static void clients() {
        iam = LocalStackAws.iam(LOCALSTACK);
        gateway = new AwsIamGateway(iam);
    }

    @BeforeEach
    void role() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        path = "/jita-" + id + "/";
        role = createRole(path, "Engineer-" + id);
    }

    private static Role createRole(String path, String name) {
        return iam.createRole(r -> r.path(path).roleName(name).assumeRolePolicyDocument(TRUST)).role();
    }

    /** The grant jita puts for one request: the real document, conditions and all. */
    private static GrantPolicy grant(String requestId) {
        return GrantPolicy.of(Fixtures.terminate(requestId, "i-0abc1234567890def"), Fixtures.NOT_BEFORE,
                Fixtures.NOT_AFTER);
    }

    @Test
    void putRolePolicy_shouldStoreTheDocument_thatGetRolePolicyReturnsUnchanged() {
        GrantPolicy grant = grant("r-" + UUID.randomUUID());

        gateway.putRolePolicy(role.roleName(), grant.policyName(), grant.document());

        // IAM hands the document back URL-encoded; the gateway decodes it, so jita reads what it wrote.
        assertEquals(json(grant.document()), json(gateway.getRolePolicy(role.roleName(), grant.policyName())));
        assertEquals(List.of(grant.policyName()), gateway.listRolePolicies(role.roleName()));
    }

    @Test
    void listRolePolicies_shouldNameEveryGrant_andDeleteRolePolicyEndOnlyTheOneAsked() {
        GrantPolicy first = grant("r-" + UUID.randomUUID());
        GrantPolicy second = grant("r-" + UUID.randomUUID());
        gateway.putRolePolicy(role.roleName(), first.policyName(), first.document());
        gateway.putRolePolicy(role.roleName(), second.policyName(), second.document());
        assertEquals(sorted(List.of(first.policyName(), second.policyName())),
                sorted(gateway.listRolePolicies(role.roleName())));

        gateway.deleteRolePolicy(role.roleName(), first.policyName());

        assertEquals(List.of(second.policyName()), gateway.listRolePolicies(role.roleName()));
        assertEquals(json(second.document()), json(gateway.getRolePolicy(role.roleName(), second.policyName())));
    }

    @Test
    void getRolePolicy_shouldThrowNoSuchEntity_whenThePolicyIsGone() {
        GrantPolicy grant = grant("r-" + UUID.randomUUID());
        gateway.putRolePolicy(role.roleName(), grant.policyName(), grant.document());
        gateway.deleteRolePolicy(role.roleName(), grant.policyName());

        assertThrows(IamGatewayException.NoSuchEntity.class,
                () -> gateway.getRolePolicy(role.roleName(), grant.policyName()));
    }

    @Test
    void deleteRolePolicyIfPresent_shouldBeTrueOnce_thenFalse_becauseRevokeIsIdempotent() {
        GrantPolicy grant = grant("r-" + UUID.randomUUID());
        gateway.putRolePolicy(role.roleName(), grant.policyName(), grant.document());

        assertTrue(gateway.deleteRolePolicyIfPresent(role.roleName(), grant.policyName()));
        // IAM answers NoSuchEntity for a policy that is not there: for a revoke that is success.
        assertFalse(gateway.deleteRolePolicyIfPresent(role.roleName(), grant.policyName()));
        assertEquals(List.of(), gateway.listRolePolicies(role.roleName()));
    }

    @Test
    void getRole_shouldReturnTheRole_orThrowNoSuchEntity_whenItDoesNotExist() {
        IamRole found = gateway.getRole(role.roleName());
        assertEquals(new IamRole(role.roleName(), path, role.roleId(), role.arn()), found);

        IamGatewayException.NoSuchEntity e = assertThrows(IamGatewayException.NoSuchEntity.class,
                () -> gateway.getRole("NoSuchRole-" + UUID.randomUUID().toString().substring(0, 8)));
        assertTrue(e.getMessage().contains("NoSuchEntity"), e.getMessage());
    }

    @Test
    void listRoles_shouldReturnOnlyTheRolesUnderThePathPrefix() {
        Role second = createRole(path + "team/", "Operator-" + UUID.randomUUID().toString().substring(0, 8));
        createRole("/elsewhere-" + UUID.randomUUID().toString().substring(0, 8) + "/",
                "Other-" + UUID.randomUUID().toString().substring(0, 8));

        List<IamRole> listed = gateway.listRoles(path);

        assertEquals(sorted(List.of(role.roleName(), second.roleName())),
                sorted(listed.stream().map(IamRole::roleName).toList()));
        assertTrue(listed.stream().allMatch(r -> r.path().startsWith(path)), listed.toString());
    }

    /**
     * IAM refuses a put that takes a role's inline policies past 10,240 characters with LimitExceeded, which the
     * gateway maps to {@link IamGatewayException.LimitExceeded}. LocalStack's IAM (moto underneath) is not known to
     * enforce that quota: if it refuses, the mapping is checked here; if it accepts, the test checks the document is
     * stored whole and then reports itself aborted with that reason, so the report says the limit was not proved on
     * LocalStack rather than passing. jita does not depend on IAM for it: the grant checks the size before
     * PutRolePolicy (InlinePolicySize, InlinePolicySizeTest) and LocalIam enforces it in jita local; AwsIamGatewayTest
     * proves the LimitExceeded mapping on IAM's real error body.
     */
    @Test
    void putRolePolicy_shouldThrowLimitExceeded_whenTheRolesInlinePoliciesWouldPass10240Characters() {
        String half = PolicyDocs.ofSize(InlinePolicySize.ROLE_AGGREGATE_LIMIT / 2 + 100);
        gateway.putRolePolicy(role.roleName(), "jita-first-half", half);

        IamGatewayException.LimitExceeded refused;
        try {
            gateway.putRolePolicy(role.roleName(), "jita-second-half", half);
            refused = null;
        } catch (IamGatewayException.LimitExceeded e) {
            refused = e;
        }

        if (refused != null) {
            assertTrue(refused.getMessage().contains("LimitExceeded"), refused.getMessage());
            assertEquals(List.of("jita-first-half"), gateway.listRolePolicies(role.roleName()));
            return;
        }
        assertEquals(json(half), json(gateway.getRolePolicy(role.roleName(), "jita-second-half")));
        Assumptions.abort("LocalStack accepted inline policies totalling "
                + 2 * InlinePolicySize.countedCharacters(half) + " characters on one role: it does not enforce IAM's"
                + " 10,240-character quota, so LimitExceeded is proved by AwsIamGatewayTest, not here");
    }

    private static JsonNode json(String document) {
        try {
            return JSON.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> sorted(List<String> names) {
        return names.stream().sorted().toList();
    }
}
