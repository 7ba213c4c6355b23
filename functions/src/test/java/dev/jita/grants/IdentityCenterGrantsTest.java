package dev.jita.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.grants.IdentityCenterGrants.Removal;
import dev.jita.identitycenter.ProvisioningStatus;
import dev.jita.app.Pause;
import dev.jita.standins.LocalIdentityCenter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityCenterGrantsTest {
    private static final String ACCOUNT = "111122223333";
    private static final String REQUEST = "r-aaaaaaaaaaaaaaaaaaaaaaaaaa";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-02T09:00:00Z"));
    private final LocalIdentityCenter identityCenter = new LocalIdentityCenter(clock);
    private final List<Duration> waited = new ArrayList<>();
    private final Pause pause = d -> {
        waited.add(d);
        clock.advance(d);
    };
    private final IdentityCenterGrants grants = new IdentityCenterGrants(identityCenter, pause,
            IdentityCenterGrants.defaultEarlyRevokePolls());
    private final String dana = identityCenter.addUser("dana@example.com", "Dana", "dana@example.com").userId();

    @Test
    void permissionSetName_shouldBeJitaAndTheRequestId_within32Characters_andReadBack() {
        String name = IdentityCenterGrants.permissionSetName(REQUEST);

        assertEquals("jita-aaaaaaaaaaaaaaaaaaaaaaaaaa", name);
        assertTrue(name.length() <= 32);
        assertEquals(Optional.of(REQUEST), IdentityCenterGrants.requestIdOf(name));
        assertEquals(Optional.empty(), IdentityCenterGrants.requestIdOf("ReadOnly"));
    }

    @Test
    void createPermissionSet_shouldTagItAsJitasForTheRequest_withTheShortestSession() {
        String arn = grants.createPermissionSet(REQUEST, "jita request " + REQUEST);

        assertEquals(Map.of("jita:managed", "true", "jita:request-id", REQUEST), identityCenter.tags(arn));
        assertEquals(IdentityCenterGrants.permissionSetName(REQUEST), identityCenter.describePermissionSet(arn).name());
    }

    /** A re-run after a crash between creating and recording finds its own permission set by name. */
    @Test
    void createPermissionSet_shouldFindItsOwn_whenARunBeforeCreatedIt() {
        String first = grants.createPermissionSet(REQUEST, "first");

        assertEquals(first, grants.createPermissionSet(REQUEST, "again"));
    }

    /** security.md, "Identity Center": jita never takes over a permission set it did not create. */
    @Test
    void createPermissionSet_shouldRefuse_whenAPermissionSetOfThatNameIsNotJitasForTheRequest() {
        identityCenter.createPermissionSet(IdentityCenterGrants.permissionSetName(REQUEST), "someone else's",
                Duration.ofHours(4), Map.of());

        GrantRefused refused = assertThrows(GrantRefused.class, () -> grants.createPermissionSet(REQUEST, "mine"));

        assertEquals(GrantRefused.Reason.IDENTITY_CENTER_REFUSED, refused.reason());
    }

    @Test
    void removeStep_shouldDeleteTheAssignment_thenThePermissionSetOnceTheDeletionHasFinished() {
        String arn = provisioned();

        assertEquals(Removal.IN_PROGRESS, grants.removeStep(ACCOUNT, arn));
        assertEquals(Removal.IN_PROGRESS, grants.removeStep(ACCOUNT, arn), "still deleting: asked again, no harm");
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(Removal.REMOVED, grants.removeStep(ACCOUNT, arn));
        assertEquals(Removal.NOTHING_THERE, grants.removeStep(ACCOUNT, arn), "idempotent");
        assertTrue(identityCenter.listPermissionSets().isEmpty());
    }

    @Test
    void removeSoon_shouldWaitWithinItsBound_forTheDeletionToFinish() {
        String arn = provisioned();

        assertEquals(Removal.REMOVED, grants.removeSoon(ACCOUNT, arn));

        assertTrue(identityCenter.listPermissionSets().isEmpty());
        assertTrue(waited.stream().reduce(Duration.ZERO, Duration::plus).compareTo(Duration.ofSeconds(21)) <= 0,
                waited.toString());
    }

    @Test
    void removeSoon_shouldSayInProgress_whenTheDeletionOutlastsItsBound() {
        String arn = provisioned();
        identityCenter.setProvisioningDelay(Duration.ofMinutes(5));

        assertEquals(Removal.IN_PROGRESS, grants.removeSoon(ACCOUNT, arn));
        assertEquals(IdentityCenterGrants.defaultEarlyRevokePolls().size(), waited.size());
    }

    /** security.md, "Identity Center": the sweeper considers only permission sets jita created. */
    @Test
    void jitaPermissionSets_shouldListOnlyJitaNamedAndTaggedOnes() {
        String mine = grants.createPermissionSet(REQUEST, "mine");
        identityCenter.createPermissionSet("ReadOnly", "customer", Duration.ofHours(1), Map.of("jita:managed", "true"));
        identityCenter.createPermissionSet("jita-bbbbbbbbbbbbbbbbbbbbbbbbbb", "untagged", Duration.ofHours(1), Map.of());
        identityCenter.createPermissionSet("jita-cccccccccccccccccccccccccc", "tag names another request",
                Duration.ofHours(1), Map.of("jita:managed", "true", "jita:request-id", REQUEST));

        assertEquals(List.of(new IdentityCenterGrants.JitaPermissionSet(mine,
                IdentityCenterGrants.permissionSetName(REQUEST), REQUEST)), grants.jitaPermissionSets());
    }

    @Test
    void jitaPermissionSets_shouldDescribeAPermissionSetThatIsNotJitasOnce_acrossSweeps() {
        String customers = identityCenter.createPermissionSet("ReadOnly", "customer", Duration.ofHours(1), Map.of());
        grants.jitaPermissionSets();
        long describedBefore = identityCenter.calls().stream().filter("DescribePermissionSet"::equals).count();

        grants.jitaPermissionSets();

        assertEquals(describedBefore, identityCenter.calls().stream().filter("DescribePermissionSet"::equals).count(),
                "the customer's " + customers + " is not described again");
    }

    /**
     * In AWS jita's role may read only permission sets tagged as jita's (JitaIdentityCenterAccess): AccessDenied on
     * anyone else's means "not jita's", never a failed sweep or grant.
     */
    @Test
    void throughJitasRole_shouldSkipPermissionSetsItMayNotRead_whenSweepingAndWhenANameIsTaken() {
        IdentityCenterGrants asJita = new IdentityCenterGrants(identityCenter.asRole("jita:managed", "true"), pause,
                IdentityCenterGrants.defaultEarlyRevokePolls());
        identityCenter.createPermissionSet("AdministratorAccess", "customer", Duration.ofHours(1), Map.of());
        String mine = asJita.createPermissionSet(REQUEST, "mine");
        String other = "r-bbbbbbbbbbbbbbbbbbbbbbbbbb";
        identityCenter.createPermissionSet(IdentityCenterGrants.permissionSetName(other), "squatted",
                Duration.ofHours(1), Map.of());

        assertEquals(List.of(new IdentityCenterGrants.JitaPermissionSet(mine,
                IdentityCenterGrants.permissionSetName(REQUEST), REQUEST)), asJita.jitaPermissionSets());
        assertEquals(mine, asJita.createPermissionSet(REQUEST, "again"), "its own found by name past the others");
        GrantRefused refused = assertThrows(GrantRefused.class, () -> asJita.createPermissionSet(other, "mine"));
        assertEquals(GrantRefused.Reason.IDENTITY_CENTER_REFUSED, refused.reason());
    }

    /**
     * security.md, "Identity Center": deleting an assignment does not end the sessions signed in with it, so an early
     * revoke first makes the permission set deny everything and pushes that to the account.
     */
    @Test
    void removeSoon_shouldFirstMakeThePermissionSetDenyEverything_andPushItToTheAccount() {
        String arn = provisioned();
        identityCenter.setProvisioningDelay(Duration.ofMinutes(5));

        grants.removeSoon(ACCOUNT, arn);

        assertEquals(Optional.of(IdentityCenterGrants.DENY_ALL), identityCenter.inlinePolicy(arn));
        List<String> calls = identityCenter.calls();
        assertTrue(calls.indexOf("ProvisionPermissionSet") > calls.lastIndexOf("PutInlinePolicyToPermissionSet"),
                calls.toString());
        assertTrue(calls.indexOf("ProvisionPermissionSet") < calls.lastIndexOf("DeleteAccountAssignment"),
                calls.toString());
    }

    /** A group assignment (an administrator's, never jita's) would keep the permission set and its access alive. */
    @Test
    void removeStep_shouldAlsoDeleteAGroupsAssignment_beforeThePermissionSet() {
        String arn = provisioned();
        identityCenter.seedGroupAssignment(ACCOUNT, arn, "group-sre");

        // The user's deletion first; the group's conflicts with it (one operation per permission set at a time).
        assertEquals(Removal.IN_PROGRESS, grants.removeStep(ACCOUNT, arn));
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(Removal.IN_PROGRESS, grants.removeStep(ACCOUNT, arn), "now the group's");
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);

        assertEquals(Removal.REMOVED, grants.removeStep(ACCOUNT, arn));
        assertTrue(identityCenter.listPermissionSets().isEmpty());
    }

    private String provisioned() {
        String arn = grants.createPermissionSet(REQUEST, "jita request");
        ProvisioningStatus created = grants.assign(ACCOUNT, arn, dana);
        clock.advance(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY);
        assertEquals(ProvisioningStatus.State.SUCCEEDED, grants.creationStatus(created.requestId()).state());
        return arn;
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
