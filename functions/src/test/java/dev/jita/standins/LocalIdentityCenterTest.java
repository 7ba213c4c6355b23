package dev.jita.standins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.identitycenter.IdentityCenterException;
import dev.jita.identitycenter.IdentityCenterUser;
import dev.jita.identitycenter.ProvisioningStatus;
import dev.jita.identitycenter.ProvisioningStatus.State;
import dev.jita.store.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalIdentityCenterTest {
    private static final String ACCOUNT = "111122223333";
    private static final String OTHER_ACCOUNT = "444455556666";
    private static final Map<String, String> JITA_TAGS = Map.of("jita:managed", "true", "jita:request-id", "r-1");
    private static final String POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-01T10:00:00Z"));
    private final LocalIdentityCenter center = new LocalIdentityCenter(clock, new Random(7));
    private final IdentityCenterUser alice = center.addUser("alice", "Alice Liddell", "alice@example.com");
    private ExecutorService pool;

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private String permissionSet(String name) {
        return center.createPermissionSet(name, "jita request", Duration.ofHours(1), JITA_TAGS);
    }

    @Test
    void ids_shouldHaveIdentityCentersShapes() {
        assertTrue(center.instanceArn().matches("arn:aws:sso:::instance/ssoins-[0-9a-f]{16}"), center.instanceArn());
        assertTrue(center.identityStoreId().matches("d-[0-9a-f]{10}"), center.identityStoreId());
        String ps = permissionSet("jita-1");
        String instanceId = center.instanceArn().substring(center.instanceArn().lastIndexOf('/') + 1);
        assertTrue(ps.matches("arn:aws:sso:::permissionSet/" + instanceId + "/ps-[0-9a-f]{16}"), ps);
        assertTrue(alice.userId().matches("[0-9a-f-]{36}"), alice.userId());
    }

    @Test
    void user_shouldFindByUserName_orThrowNotFound() {
        assertEquals(alice, center.user("alice"));
        assertEquals("Alice Liddell", alice.displayName());
        assertThrows(IdentityCenterException.NotFound.class, () -> center.user("mallory"));
    }

    @Test
    void createPermissionSet_shouldKeepNameDescriptionTagsAndPolicy() {
        String ps = permissionSet("jita-1");
        center.putInlinePolicy(ps, POLICY);

        assertEquals("jita-1", center.describePermissionSet(ps).name());
        assertEquals("jita request", center.describePermissionSet(ps).description());
        assertEquals(clock.instant(), center.describePermissionSet(ps).createdAt());
        assertEquals(JITA_TAGS, center.tags(ps));
        assertEquals(Optional.of(POLICY), center.inlinePolicy(ps));
        assertEquals(List.of(ps), center.listPermissionSets());
        assertEquals(Optional.empty(), center.inlinePolicy(permissionSet("jita-2")));
    }

    @Test
    void createPermissionSet_shouldBeConflict_whenTheNameExists() {
        permissionSet("jita-1");
        var e = assertThrows(IdentityCenterException.Conflict.class, () -> permissionSet("jita-1"));
        assertTrue(e.getMessage().contains("jita-1"), e.getMessage());
        assertEquals(1, center.listPermissionSets().size());
    }

    @Test
    void createPermissionSet_shouldRefuseNamesDurationsDescriptionsAndTagsOutsideTheServicesRules() {
        assertThrows(IdentityCenterException.Validation.class, () -> permissionSet("a".repeat(33)));
        assertThrows(IdentityCenterException.Validation.class, () -> permissionSet(""));
        assertThrows(IdentityCenterException.Validation.class, () -> permissionSet("jita r-1"));
        assertThrows(IdentityCenterException.Validation.class, () -> permissionSet("jita/1"));
        assertThrows(IdentityCenterException.Validation.class,
                () -> center.createPermissionSet("jita-1", "d", Duration.ofMinutes(59), JITA_TAGS));
        assertThrows(IdentityCenterException.Validation.class,
                () -> center.createPermissionSet("jita-1", "d", Duration.ofHours(12).plusSeconds(1), JITA_TAGS));
        assertThrows(IdentityCenterException.Validation.class,
                () -> center.createPermissionSet("jita-1", "d".repeat(701), Duration.ofHours(1), JITA_TAGS));
        assertThrows(IdentityCenterException.Validation.class,
                () -> center.createPermissionSet("jita-1", "d", Duration.ofHours(1), Map.of("aws:x", "1")));

        assertEquals(List.of(), center.listPermissionSets());
        permissionSet("a".repeat(32));
        center.createPermissionSet("jita+=,.@_-1", "d".repeat(700), Duration.ofHours(12), Map.of());
    }

    @Test
    void putInlinePolicy_shouldRefuseADocumentOver32768CharactersOrNotJson() {
        String ps = permissionSet("jita-1");
        String padded = "{\"Version\":\"2012-10-17\",\"Statement\":[],\"Id\":\"" + "x".repeat(32_768) + "\"}";
        assertThrows(IdentityCenterException.Validation.class, () -> center.putInlinePolicy(ps, padded));
        assertThrows(IdentityCenterException.Validation.class, () -> center.putInlinePolicy(ps, "not json"));
        assertEquals(Optional.empty(), center.inlinePolicy(ps));
    }

    @Test
    void unknownPermissionSet_shouldBeNotFound() {
        String ghost = "arn:aws:sso:::permissionSet/ssoins-0000000000000000/ps-0000000000000000";
        assertThrows(IdentityCenterException.NotFound.class, () -> center.describePermissionSet(ghost));
        assertThrows(IdentityCenterException.NotFound.class, () -> center.tags(ghost));
        assertThrows(IdentityCenterException.NotFound.class, () -> center.deletePermissionSet(ghost));
        assertThrows(IdentityCenterException.NotFound.class,
                () -> center.createAccountAssignment(ACCOUNT, ghost, alice.userId()));
        assertThrows(IdentityCenterException.NotFound.class, () -> center.assignmentCreationStatus("no-such-request"));
    }

    @Test
    void createAccountAssignment_shouldBeInProgress_untilTheDelayHasPassedOnTheClock() {
        String ps = permissionSet("jita-1");
        ProvisioningStatus started = center.createAccountAssignment(ACCOUNT, ps, alice.userId());

        assertEquals(State.IN_PROGRESS, started.state());
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY.minusSeconds(1));
        assertEquals(State.IN_PROGRESS, center.assignmentCreationStatus(started.requestId()).state());
        assertEquals(List.of(), center.assignedUsers(ACCOUNT, ps), "not assigned while provisioning");
        assertEquals(List.of(), center.provisionedAccounts(ps));

        clock.advance(Duration.ofSeconds(1));
        assertEquals(new ProvisioningStatus(started.requestId(), State.SUCCEEDED, null),
                center.assignmentCreationStatus(started.requestId()));
        assertEquals(List.of(alice.userId()), center.assignedUsers(ACCOUNT, ps));
        assertEquals(List.of(ACCOUNT), center.provisionedAccounts(ps));
        assertEquals(List.of(), center.assignedUsers(OTHER_ACCOUNT, ps));
    }

    @Test
    void setProvisioningDelay_shouldApplyToRequestsStartedAfter() {
        center.setProvisioningDelay(Duration.ofMinutes(2));
        String ps = permissionSet("jita-1");
        String id = center.createAccountAssignment(ACCOUNT, ps, alice.userId()).requestId();
        clock.advance(Duration.ofSeconds(119));
        assertEquals(State.IN_PROGRESS, center.assignmentCreationStatus(id).state());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(State.SUCCEEDED, center.assignmentCreationStatus(id).state());
    }

    @Test
    void createAccountAssignment_shouldRefuseAnUnknownUserOrABadAccount() {
        String ps = permissionSet("jita-1");
        assertThrows(IdentityCenterException.NotFound.class, () -> center.createAccountAssignment(ACCOUNT, ps, "nobody"));
        assertThrows(IdentityCenterException.Validation.class,
                () -> center.createAccountAssignment("1234", ps, alice.userId()));
    }

    @Test
    void operationsOnAPermissionSet_shouldBeConflict_whileAnAssignmentOperationOnItIsInProgress() {
        IdentityCenterUser bob = center.addUser("bob", "Bob", null);
        String ps = permissionSet("jita-1");
        String other = permissionSet("jita-2");
        String id = center.createAccountAssignment(ACCOUNT, ps, alice.userId()).requestId();

        assertThrows(IdentityCenterException.Conflict.class, () -> center.createAccountAssignment(ACCOUNT, ps, bob.userId()));
        assertThrows(IdentityCenterException.Conflict.class, () -> center.deleteAccountAssignment(ACCOUNT, ps, alice.userId()));
        assertThrows(IdentityCenterException.Conflict.class, () -> center.putInlinePolicy(ps, POLICY));
        assertThrows(IdentityCenterException.Conflict.class, () -> center.deletePermissionSet(ps));
        assertEquals(State.IN_PROGRESS, center.createAccountAssignment(ACCOUNT, other, bob.userId()).state(),
                "another permission set is not held up");

        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(State.SUCCEEDED, center.assignmentCreationStatus(id).state());
        assertEquals(State.IN_PROGRESS, center.createAccountAssignment(ACCOUNT, ps, bob.userId()).state());
    }

    @Test
    void failNextProvisioning_shouldEndTheNextCreationFailed_withTheReason_andAssignNothing() {
        String ps = permissionSet("jita-1");
        center.failNextProvisioning("Received a 404 status error: Not supported policy");
        String failed = center.createAccountAssignment(ACCOUNT, ps, alice.userId()).requestId();
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);

        assertEquals(new ProvisioningStatus(failed, State.FAILED, "Received a 404 status error: Not supported policy"),
                center.assignmentCreationStatus(failed));
        assertEquals(List.of(), center.assignedUsers(ACCOUNT, ps));
        assertEquals(List.of(), center.provisionedAccounts(ps));

        String next = center.createAccountAssignment(ACCOUNT, ps, alice.userId()).requestId();
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(State.SUCCEEDED, center.assignmentCreationStatus(next).state(), "only the next one fails");
    }

    @Test
    void failProvisioningIn_shouldFailEveryCreationInThatAccount_untilCleared() {
        String ps = permissionSet("jita-1");
        String ps2 = permissionSet("jita-2");
        center.failProvisioningIn(OTHER_ACCOUNT, "account suspended");
        String a = center.createAccountAssignment(OTHER_ACCOUNT, ps, alice.userId()).requestId();
        String b = center.createAccountAssignment(ACCOUNT, ps2, alice.userId()).requestId();
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(State.FAILED, center.assignmentCreationStatus(a).state());
        assertEquals("account suspended", center.assignmentCreationStatus(a).failureReason());
        assertEquals(State.SUCCEEDED, center.assignmentCreationStatus(b).state());

        center.failProvisioningIn(OTHER_ACCOUNT, null);
        String c = center.createAccountAssignment(OTHER_ACCOUNT, ps, alice.userId()).requestId();
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(State.SUCCEEDED, center.assignmentCreationStatus(c).state());
    }

    @Test
    void deleteAccountAssignment_shouldRemoveItAfterTheDelay_andTakeThePermissionSetOffTheAccountWithTheLastOne() {
        IdentityCenterUser bob = center.addUser("bob", "Bob", null);
        String ps = permissionSet("jita-1");
        assign(ACCOUNT, ps, alice);
        assign(ACCOUNT, ps, bob);
        assign(OTHER_ACCOUNT, ps, alice);

        assertEquals(State.IN_PROGRESS, center.deleteAccountAssignment(ACCOUNT, ps, alice.userId()).state());
        assertEquals(List.of(alice.userId(), bob.userId()), center.assignedUsers(ACCOUNT, ps));
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(List.of(bob.userId()), center.assignedUsers(ACCOUNT, ps));
        assertEquals(List.of(ACCOUNT, OTHER_ACCOUNT), center.provisionedAccounts(ps), "bob still has it there");

        String last = center.deleteAccountAssignment(ACCOUNT, ps, bob.userId()).requestId();
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(List.of(), center.assignedUsers(ACCOUNT, ps));
        assertEquals(List.of(OTHER_ACCOUNT), center.provisionedAccounts(ps));
        assertThrows(IdentityCenterException.NotFound.class, () -> center.assignmentCreationStatus(last),
                "a deletion is not a creation");
    }

    /** As Identity Center creates the permission set's role in an account with the first assignment there, and
     * deletes it with the last: the listener hears of each once, with the policy, when the provisioning finishes. */
    @Test
    void onProvisioning_shouldTellOfTheFirstAssignmentInAnAccount_andOfTheLastOneGone_onceEach() {
        List<String> heard = new java.util.ArrayList<>();
        center.onProvisioning(new LocalIdentityCenter.ProvisioningListener() {
            @Override
            public void provisioned(String accountId, String permissionSetName, Optional<String> inlinePolicy) {
                heard.add("+" + accountId + " " + permissionSetName + " " + inlinePolicy.orElse("none"));
            }

            @Override
            public void deprovisioned(String accountId, String permissionSetName) {
                heard.add("-" + accountId + " " + permissionSetName);
            }
        });
        IdentityCenterUser bob = center.addUser("bob", "Bob", null);
        String ps = permissionSet("jita-1");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        center.putInlinePolicy(ps, policy);

        center.createAccountAssignment(ACCOUNT, ps, alice.userId());
        assertEquals(List.of(), heard, "not before the provisioning has finished");
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        center.assignedUsers(ACCOUNT, ps);
        assign(ACCOUNT, ps, bob);
        center.deleteAccountAssignment(ACCOUNT, ps, alice.userId());
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        center.deleteAccountAssignment(ACCOUNT, ps, bob.userId());
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        center.assignedUsers(ACCOUNT, ps);

        assertEquals(List.of("+" + ACCOUNT + " jita-1 " + policy, "-" + ACCOUNT + " jita-1"), heard);
    }

    @Test
    void deleteAccountAssignment_shouldBeNotFound_whenThereIsNoSuchAssignment() {
        String ps = permissionSet("jita-1");
        assertThrows(IdentityCenterException.NotFound.class, () -> center.deleteAccountAssignment(ACCOUNT, ps, alice.userId()));
    }

    @Test
    void deletePermissionSet_shouldBeConflict_whileAssignedOrProvisioned_andSucceedOnceNot() {
        String ps = permissionSet("jita-1");
        assign(ACCOUNT, ps, alice);

        var e = assertThrows(IdentityCenterException.Conflict.class, () -> center.deletePermissionSet(ps));
        assertTrue(e.getMessage().contains(ps), e.getMessage());

        center.deleteAccountAssignment(ACCOUNT, ps, alice.userId());
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        center.deletePermissionSet(ps);
        assertEquals(List.of(), center.listPermissionSets());
        assertThrows(IdentityCenterException.NotFound.class, () -> center.deletePermissionSet(ps));
        permissionSet("jita-1");
    }

    @Test
    void createPermissionSet_shouldBeQuotaExceeded_atTheInstancesLimit() {
        center.setMaxPermissionSets(2);
        permissionSet("jita-1");
        String second = permissionSet("jita-2");
        assertThrows(IdentityCenterException.QuotaExceeded.class, () -> permissionSet("jita-3"));

        center.deletePermissionSet(second);
        permissionSet("jita-3");
    }

    @Test
    void throttleNext_shouldFailTheNextCallsAsRetryable_thenLetCallsThrough() {
        String ps = permissionSet("jita-1");
        center.throttleNext(2);

        var first = assertThrows(IdentityCenterException.ServiceFailure.class, () -> center.tags(ps));
        assertTrue(first.retryable());
        assertTrue(assertThrows(IdentityCenterException.ServiceFailure.class,
                () -> center.createAccountAssignment(ACCOUNT, ps, alice.userId())).retryable());
        assertEquals(JITA_TAGS, center.tags(ps));
        assertEquals(List.of(), center.provisionedAccounts(ps), "the throttled creation did nothing");
    }

    @Test
    void calls_shouldListEveryCallByItsOperationName_refusedOnesIncluded() {
        String ps = permissionSet("jita-1");
        center.user("alice");
        center.throttleNext(1);
        assertThrows(IdentityCenterException.ServiceFailure.class, () -> center.listPermissionSets());
        center.putInlinePolicy(ps, POLICY);
        center.createAccountAssignment(ACCOUNT, ps, alice.userId());

        assertEquals(List.of("CreatePermissionSet", "GetUserId", "DescribeUser", "ListPermissionSets",
                "PutInlinePolicyToPermissionSet", "CreateAccountAssignment"), center.calls());
    }

    @Test
    void seedAssignment_shouldLeaveAnOrphan_assignedAndProvisionedAtOnce() {
        String orphan = permissionSet("jita-orphan");
        center.seedAssignment(ACCOUNT, orphan, alice.userId());

        assertEquals(List.of(alice.userId()), center.assignedUsers(ACCOUNT, orphan));
        assertEquals(List.of(ACCOUNT), center.provisionedAccounts(orphan));
        assertEquals("true", center.tags(orphan).get("jita:managed"));
    }

    @Test
    void snapshot_shouldShowPermissionSetsAssignmentsAndRequestsWithTheirState() {
        String ps = permissionSet("jita-1");
        center.putInlinePolicy(ps, POLICY);
        String id = center.createAccountAssignment(ACCOUNT, ps, alice.userId()).requestId();

        LocalIdentityCenter.Snapshot before = center.snapshot();
        assertEquals(1, before.permissionSets().size());
        assertEquals(POLICY, before.permissionSets().get(0).inlinePolicy());
        assertEquals(JITA_TAGS, before.permissionSets().get(0).tags());
        assertEquals(List.of(), before.assignments());
        assertEquals(State.IN_PROGRESS, before.requests().get(0).state());
        assertEquals(List.of(alice), before.users());

        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        LocalIdentityCenter.Snapshot after = center.snapshot();
        assertEquals(List.of(new LocalIdentityCenter.AssignmentView(ACCOUNT, ps, alice.userId())), after.assignments());
        assertEquals(id, after.requests().get(0).requestId());
        assertEquals(State.SUCCEEDED, after.requests().get(0).state());
        assertEquals(List.of(ACCOUNT), after.permissionSets().get(0).provisionedAccounts());
    }

    @Test
    void createPermissionSet_shouldGiveEachNameOnce_underConcurrentCalls() throws Exception {
        pool = Executors.newFixedThreadPool(8);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            results.add(pool.submit(() -> permissionSet("jita-same")));
        }
        int created = 0;
        int conflicts = 0;
        for (Future<String> result : results) {
            try {
                assertNotEquals(null, result.get());
                created++;
            } catch (java.util.concurrent.ExecutionException e) {
                assertTrue(e.getCause() instanceof IdentityCenterException.Conflict, e.getCause().toString());
                conflicts++;
            }
        }
        assertEquals(1, created);
        assertEquals(15, conflicts);
    }

    private void assign(String account, String ps, IdentityCenterUser user) {
        String id = center.createAccountAssignment(account, ps, user.userId()).requestId();
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(State.SUCCEEDED, center.assignmentCreationStatus(id).state());
        assertNull(center.assignmentCreationStatus(id).failureReason());
    }
}
