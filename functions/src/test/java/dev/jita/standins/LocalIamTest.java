package dev.jita.standins;

import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import dev.jita.iam.PolicyDocs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.jita.iam.Fixtures.NOT_AFTER;
import static dev.jita.iam.Fixtures.NOT_BEFORE;
import static dev.jita.iam.Fixtures.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalIamTest {

    private LocalIam iam;

    @BeforeEach
    void setUp() {
        iam = new LocalIam("111122223333", new Random(7));
        iam.createRole("Engineer", "/jita/");
    }

    @Test
    void createRole_shouldGiveUniqueAroaIdsAndArns() {
        IamRole other = iam.createRole("Oncall", "/jita/team/");
        IamRole engineer = iam.getRole("Engineer");

        assertTrue(engineer.roleId().matches("AROA[A-Z2-7]{17}"), engineer.roleId());
        assertNotEquals(engineer.roleId(), other.roleId());
        assertEquals("arn:aws:iam::111122223333:role/jita/team/Oncall", other.arn());
        assertThrows(IllegalStateException.class, () -> iam.createRole("Engineer", "/jita/"));
        assertThrows(IamGatewayException.InvalidInput.class, () -> iam.createRole("bad name", "/jita/"));
        assertThrows(IamGatewayException.InvalidInput.class, () -> iam.createRole("Ok", "jita"));
    }

    @Test
    void everyOperation_shouldThrowNoSuchEntity_whenRoleIsUnknown() {
        String doc = PolicyDocs.ofSize(200);
        assertThrows(IamGatewayException.NoSuchEntity.class, () -> iam.putRolePolicy("Ghost", "jita-1", doc));
        assertThrows(IamGatewayException.NoSuchEntity.class, () -> iam.getRolePolicy("Ghost", "jita-1"));
        assertThrows(IamGatewayException.NoSuchEntity.class, () -> iam.deleteRolePolicy("Ghost", "jita-1"));
        assertThrows(IamGatewayException.NoSuchEntity.class, () -> iam.listRolePolicies("Ghost"));
        assertThrows(IamGatewayException.NoSuchEntity.class, () -> iam.getRole("Ghost"));
    }

    @Test
    void deleteRole_shouldRemoveTheRoleWithItsPolicies_andANewRoleOfThatNameStartAfresh() {
        IamRole before = iam.getRole("Engineer");
        iam.putRolePolicy("Engineer", "jita-1", PolicyDocs.ofSize(200));

        iam.deleteRole("Engineer");

        assertThrows(IamGatewayException.NoSuchEntity.class, () -> iam.getRole("Engineer"));
        assertThrows(IamGatewayException.NoSuchEntity.class, () -> iam.deleteRole("Engineer"));
        assertEquals(Map.of(), iam.snapshot());
        IamRole again = iam.createRole("Engineer", "/jita/");
        assertNotEquals(before.roleId(), again.roleId());
        assertEquals(List.of(), iam.listRolePolicies("Engineer"));
    }

    // security.md, Grants: "NoSuchEntity on revoke is success": the stand-in throws our type, the gateway's
    // deleteRolePolicyIfPresent turns it into "already gone".
    @Test
    void deleteRolePolicy_shouldThrowOurNoSuchEntity_whenPolicyIsAlreadyGone() {
        assertThrows(IamGatewayException.NoSuchEntity.class, () -> iam.deleteRolePolicy("Engineer", "jita-1"));
        assertThrows(IamGatewayException.NoSuchEntity.class, () -> iam.getRolePolicy("Engineer", "jita-1"));

        iam.putRolePolicy("Engineer", "jita-1", PolicyDocs.ofSize(200));
        assertTrue(iam.deleteRolePolicyIfPresent("Engineer", "jita-1"));
        assertFalse(iam.deleteRolePolicyIfPresent("Engineer", "jita-1"));
    }

    // security.md, Grants: "Overlapping grants: ending one leaves the other intact."
    @Test
    void deleteRolePolicy_shouldLeaveTheOtherGrant_whenTwoGrantsOverlapOnOneRole() {
        GrantPolicy first = GrantPolicy.of(terminate("req-1", "i-1"), NOT_BEFORE, NOT_AFTER);
        GrantPolicy second = GrantPolicy.of(terminate("req-2", "i-1"), NOT_BEFORE.plusSeconds(600), NOT_AFTER.plusSeconds(600));
        iam.putRolePolicy(first.roleName(), first.policyName(), first.document());
        iam.putRolePolicy(second.roleName(), second.policyName(), second.document());

        iam.deleteRolePolicy(first.roleName(), first.policyName());

        assertEquals(Map.of("Engineer", Map.of("jita-req-2", second.document())), iam.snapshot());
        assertEquals(second.document(), iam.getRolePolicy("Engineer", "jita-req-2"));
    }

    // AWS docs, "IAM and AWS STS quotas": role policy size cannot exceed 10,240 characters, white space not counted.
    @Test
    void putRolePolicy_shouldAcceptExactlyTheLimit_andRefuseOneCharacterMore() {
        iam.putRolePolicy("Engineer", "jita-a", PolicyDocs.ofSize(6_000));
        iam.putRolePolicy("Engineer", "jita-b", PolicyDocs.ofSize(4_240));
        iam.deleteRolePolicy("Engineer", "jita-b");

        IamGatewayException.LimitExceeded e = assertThrows(IamGatewayException.LimitExceeded.class,
                () -> iam.putRolePolicy("Engineer", "jita-b", PolicyDocs.ofSize(4_241)));

        assertTrue(e.getMessage().contains("10,241") && e.getMessage().contains("Engineer"), e.getMessage());
        assertEquals(List.of("jita-a"), iam.listRolePolicies("Engineer"));
    }

    @Test
    void putRolePolicy_shouldNotCountWhiteSpace() {
        iam.putRolePolicy("Engineer", "jita-a", PolicyDocs.ofSizeWithWhitespace(10_240, 5_000));
        assertEquals(15_240, iam.getRolePolicy("Engineer", "jita-a").length());
    }

    @Test
    void putRolePolicy_shouldCountOnlyTheNewVersion_whenReplacingAPolicyOfTheSameName() {
        iam.putRolePolicy("Engineer", "jita-a", PolicyDocs.ofSize(8_000));
        iam.putRolePolicy("Engineer", "jita-a", PolicyDocs.ofSize(10_240));
        assertEquals(PolicyDocs.ofSize(10_240), iam.getRolePolicy("Engineer", "jita-a"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "jita/1", "jita-é", "jita-*"})
    void putRolePolicy_shouldRefuseNames_outsideIamRules(String name) {
        assertThrows(IamGatewayException.InvalidInput.class,
                () -> iam.putRolePolicy("Engineer", name, PolicyDocs.ofSize(200)));
    }

    @Test
    void putRolePolicy_shouldAcceptNamesOfUpTo128AllowedCharacters() {
        String longest = "jita-+=,.@_" + "x".repeat(117);
        iam.putRolePolicy("Engineer", longest, PolicyDocs.ofSize(200));
        assertThrows(IamGatewayException.InvalidInput.class,
                () -> iam.putRolePolicy("Engineer", longest + "x", PolicyDocs.ofSize(200)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "", "[]", "{}", "{\"Statement\":[]}",
            "{\"Version\":\"2012-10-17\"}",
            "{\"Version\":\"2020-01-01\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}",
            "{\"Version\":\"2012-10-17\",\"Statement\":[]}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Maybe\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"a:b\",\"Resource\":\"*\",\"Principal\":\"*\"}}",
            "{\"Version\":\"2012-10-17\",\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"a:b\",\"Resource\":\"*\"}}",
            "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"a:b\",\"Resource\":\"*\"}} trailing"})
    void putRolePolicy_shouldThrowMalformedPolicyDocument_whenDocumentIsNotAnIdentityPolicy(String document) {
        assertThrows(IamGatewayException.MalformedPolicyDocument.class,
                () -> iam.putRolePolicy("Engineer", "jita-a", document));
        assertEquals(List.of(), iam.listRolePolicies("Engineer"));
    }

    @Test
    void snapshot_shouldBeDetachedAndReadOnly() {
        iam.putRolePolicy("Engineer", "jita-a", PolicyDocs.ofSize(200));
        Map<String, Map<String, String>> before = iam.snapshot();
        iam.deleteRolePolicy("Engineer", "jita-a");

        assertEquals(List.of("jita-a"), List.copyOf(before.get("Engineer").keySet()));
        assertThrows(UnsupportedOperationException.class, () -> before.get("Engineer").clear());
        assertEquals(Map.of("Engineer", Map.of()), iam.snapshot());
    }

    @Test
    void listRoles_shouldReturnOnlyRolesUnderThePathPrefix() {
        iam.createRole("Admin", "/");
        iam.createRole("Oncall", "/jita/team/");
        iam.createRole("Lookalike", "/jita-other/");

        assertEquals(List.of("Engineer", "Oncall"), iam.listRoles("/jita/").stream().map(IamRole::roleName).toList());
        assertEquals(4, iam.listRoles("/").size());
    }

    // Forty grants race for one role whose limit fits ten of them: the lock must let exactly ten through.
    @Test
    void putRolePolicy_shouldNeverOvershootTheLimit_whenPutsRace() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                String name = "jita-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        iam.putRolePolicy("Engineer", name, PolicyDocs.ofSize(1_000));
                        return true;
                    } catch (IamGatewayException.LimitExceeded e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            int accepted = 0;
            for (Future<Boolean> r : results) {
                accepted += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(10, accepted);
            assertEquals(10, iam.listRolePolicies("Engineer").size());
        } finally {
            pool.shutdownNow();
        }
    }
}
