package dev.jita.local;

import static dev.jita.audit.AuditType.APPROVAL_RECORDED;
import static dev.jita.audit.AuditType.APPROVED;
import static dev.jita.audit.AuditType.EXPIRED;
import static dev.jita.audit.AuditType.GRANTED;
import static dev.jita.audit.AuditType.GRANT_FAILED;
import static dev.jita.audit.AuditType.NOTIFIED;
import static dev.jita.audit.AuditType.PROVISIONING_STARTED;
import static dev.jita.audit.AuditType.REQUESTED;
import static dev.jita.audit.AuditType.REVOKED;
import static dev.jita.audit.AuditType.SWEEPER_REMOVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.grants.IdentityCenterGrants;
import dev.jita.iam.EligibleRoles;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamRole;
import dev.jita.identitycenter.IdentityCenterException;
import dev.jita.notifications.Kind;
import dev.jita.standins.LocalCalls;
import dev.jita.standins.LocalIdentityCenter;
import dev.jita.standins.Outbox;
import dev.jita.store.StoredRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 through the real approval.asl.json and handlers: an IAM Identity Center user (jita local's Dana, signed in
 * with permission set Developer) gets a permission set of jita's own, assigned to her alone, and ACTIVE only once the
 * Identity Center stand-in has provisioned the assignment on jita's clock.
 */
class IdentityCenterIT {
    private static final String ACCOUNT = LocalJita.ACCOUNT;
    private static final String DEVELOPER_ROLE = LocalJita.ssoRoleName("Developer");

    private final Desk desk = new Desk();
    private final LocalJita jita = desk.jita;
    private final LocalIdentityCenter identityCenter = jita.identityCenter();

    @AfterEach
    void close() {
        desk.close();
    }

    /** POST /requests as the Identity Center user {@code userName} on permission set Developer: reboot one instance. */
    private String askToReboot(String userName) {
        Api.Answer answer = desk.api.send("create-ok", ACCOUNT, DEVELOPER_ROLE, userName, null, """
                {"actions": ["ec2:RebootInstances"],
                 "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"],
                 "durationMinutes": 30, "justification": "Reboot the wedged batch host"}""");
        assertEquals(202, answer.status(), answer.body().toString());
        JsonNode sso = answer.body().path("identityCenter");
        String id = answer.body().get("requestId").asText();
        assertEquals(IdentityCenterGrants.permissionSetName(id), sso.path("permissionSet").asText(),
                "the answer says which permission set to pick: " + answer.body());
        assertTrue(sso.path("howToUse").asText().contains("access portal"), sso.toString());
        jita.stepFunctions().runUntilIdle();
        return id;
    }

    private Optional<String> permissionSetArn(String requestId) {
        String name = IdentityCenterGrants.permissionSetName(requestId);
        return identityCenter.listPermissionSets().stream()
                .filter(arn -> identityCenter.describePermissionSet(arn).name().equals(name)).findFirst();
    }

    private String userId(String userName) {
        return identityCenter.user(userName).userId();
    }

    private AuditEntry entry(String requestId, AuditType type) {
        return jita.auditLog().entries(requestId).stream().filter(e -> e.type() == type).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " on " + requestId));
    }

    @Test
    void identityCenterUser_shouldGetAPermissionSetOfTheirOwn_activeOnlyOnceProvisioned_goneAfterTheWindow() {
        String id = askToReboot(LocalJita.SSO_USER);
        desk.approve(id, "alice");
        jita.stepFunctions().runUntilIdle();

        // Granted but not yet provisioned: the permission set holds exactly the statement, the request waits.
        StoredRequest provisioning = desk.request(id);
        assertEquals(Status.APPROVED, provisioning.status(), "not ACTIVE before Identity Center has provisioned");
        String arn = permissionSetArn(id).orElseThrow(() -> new AssertionError("no permission set for " + id));
        GrantWindow window = provisioning.window();
        GrantPolicy expected = GrantPolicy.forPermissionSet(provisioning.request(), window.notBefore(),
                window.notAfter(), IdentityCenterGrants.permissionSetName(id));
        assertEquals(Optional.of(expected.document()), identityCenter.inlinePolicy(arn));
        assertTrue(expected.document().contains("aws:CurrentTime"), expected.document());
        assertEquals(Map.of(IdentityCenterGrants.TAG_MANAGED, "true", IdentityCenterGrants.TAG_REQUEST_ID, id),
                identityCenter.tags(arn));
        assertEquals(List.of(), identityCenter.assignedUsers(ACCOUNT, arn), "the assignment is still provisioning");
        Instant started = entry(id, PROVISIONING_STARTED).at();

        StoredRequest active = desk.runUntil(id, Status.ACTIVE);

        assertEquals(List.of(userId(LocalJita.SSO_USER)), identityCenter.assignedUsers(ACCOUNT, arn),
                "assigned to Dana alone, in her account");
        AuditEntry granted = entry(id, GRANTED);
        assertFalse(granted.at().isBefore(started.plus(LocalIdentityCenter.DEFAULT_PROVISIONING_DELAY)),
                "GRANTED at " + granted.at() + ", provisioning started at " + started);
        assertEquals(IdentityCenterGrants.permissionSetName(id), granted.details().get(AuditEvents.PERMISSION_SET_NAME));
        assertTrue(granted.details().get(AuditEvents.HOW_TO_USE).contains(IdentityCenterGrants.permissionSetName(id)));
        assertEquals(arn, active.grant().get(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN));
        List<Outbox.Entry> told = jita.outbox().snapshot().stream()
                .filter(e -> e.kind() == Kind.ACCESS_ACTIVE).toList();
        assertEquals(1, told.size(), "Dana is told once: " + jita.outbox().snapshot());
        assertEquals(Optional.of(LocalJita.SSO_USER), told.get(0).recipientEmail());
        assertTrue(told.get(0).body().contains(IdentityCenterGrants.permissionSetName(id)), told.get(0).body());

        desk.finish(id);

        assertEquals(Status.EXPIRED, desk.request(id).status());
        assertEquals(Optional.empty(), permissionSetArn(id), "the permission set is gone after the window");
        assertEquals(List.of(REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, PROVISIONING_STARTED, GRANTED, EXPIRED),
                desk.auditTypes(id));
        assertTrue(jita.auditLog().verify(id).valid());
        List<String> states = desk.history(id).stream().filter(e -> e.type().isStateEntered())
                .map(e -> e.name()).toList();
        assertEquals(List.of("AutoApproved?", "AwaitApproval", "Decision", "WaitForStart", "Grant", "Provisioned?",
                "AwaitProvisioning", "WaitForEnd", "Revoke", "Done"), states);
    }

    /**
     * Dana uses her grant by signing in with its permission set: as the role Identity Center provisioned for it in her
     * account, which exists only while the permission set is provisioned there. IAM decides her call by the
     * permission set's policy, and the activity function records it on her request.
     */
    @Test
    void identityCenterUser_shouldUseTheGrantThroughThePermissionSetsRole_recordedAsGrantUsed_whileItExists() {
        String id = askToReboot(LocalJita.SSO_USER);
        String role = LocalJita.ssoRoleName(IdentityCenterGrants.permissionSetName(id));
        String session = "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + LocalJita.SSO_USER;
        String instance = desk.request(id).request().resources().get(0);
        desk.approve(id, "alice");
        jita.stepFunctions().runUntilIdle();
        assertFalse(jita.localIam(ACCOUNT).snapshot().containsKey(role), "not before Identity Center provisioned it");

        desk.runUntil(id, Status.ACTIVE);
        IamRole provisioned = jita.localIam(ACCOUNT).getRole(role);
        LocalCalls.Attempt during = jita.calls().attempt(session, "ec2:RebootInstances", instance);
        LocalCalls.Attempt other = jita.calls().attempt(session, "ec2:TerminateInstances", instance);
        desk.finish(id);

        assertEquals(EligibleRoles.IDENTITY_CENTER_PATH, provisioned.path());
        assertTrue(during.allowed(), "the permission set's policy allows the reboot in the window");
        assertEquals("RECORDED", during.recorded().get("outcome"), during.recorded().toString());
        assertEquals(id, during.recorded().get("requestId"));
        assertFalse(other.allowed(), "nothing else");
        assertEquals("REFUSED", other.recorded().get("recorded"), other.recorded().toString());
        List<AuditEntry> uses = jita.auditLog().entries(id).stream()
                .filter(e -> e.type() == AuditType.GRANT_USED).toList();
        assertEquals(2, uses.size(), uses.toString());
        assertEquals(session, uses.get(0).actor());
        assertEquals("in-window", uses.get(0).details().get(AuditEvents.WHEN));
        assertTrue(jita.auditLog().verify(id).valid());
        assertEquals(Status.EXPIRED, desk.request(id).status());
        assertFalse(jita.localIam(ACCOUNT).snapshot().containsKey(role), "deleted with the assignment");
        assertTrue(jita.localIam(ACCOUNT).snapshot().containsKey(DEVELOPER_ROLE), "the sign-in role stays");
    }

    /**
     * security.md, "Workflow": a re-run of the Grant step (a retry, a workflow the sweeper restarted) has one effect:
     * the assignment already provisioned is found, nothing is created or assigned again, no second GRANTED.
     */
    @Test
    void grantRunAgainAfterActive_shouldChangeNothing() {
        String id = askToReboot(LocalJita.SSO_USER);
        desk.approve(id, "alice");
        StoredRequest active = desk.runUntil(id, Status.ACTIVE);
        long created = identityCenter.calls().stream().filter(c -> c.equals("CreatePermissionSet")
                || c.equals("CreateAccountAssignment")).count();

        var again = jita.services().grants().grant(id, active.window());

        assertFalse(again.changed());
        assertFalse(again.pending());
        assertEquals(Status.ACTIVE, again.status());
        assertEquals(created, identityCenter.calls().stream().filter(c -> c.equals("CreatePermissionSet")
                || c.equals("CreateAccountAssignment")).count(), "nothing created or assigned again");
        assertEquals(1, desk.auditTypes(id).stream().filter(t -> t == GRANTED).count());
    }

    @Test
    void failedProvisioning_shouldEndGrantFailed_withIdentityCentersReason_andLeaveNoPermissionSet() {
        identityCenter.failNextProvisioning("the account is suspended");
        String id = askToReboot(LocalJita.SSO_USER);
        desk.approve(id, "alice");

        StoredRequest failed = desk.runUntil(id, Status.FAILED);

        AuditEntry entry = entry(id, GRANT_FAILED);
        assertEquals("PROVISIONING_FAILED", entry.details().get(AuditEvents.REASON_CODE));
        assertTrue(entry.details().get(AuditEvents.REASON).contains("the account is suspended"),
                entry.details().toString());
        assertEquals(Status.FAILED, failed.status());
        assertFalse(desk.auditTypes(id).contains(GRANTED));
        desk.finish(id);
        assertEquals(Optional.empty(), permissionSetArn(id), "the revoke step deleted the permission set");
    }

    /**
     * Revoked while Identity Center was still provisioning: the revoke finds no assignment to delete yet, so the
     * workflow's AwaitProvisioning waits for the provisioning to end and takes the assignment and the permission set
     * away itself; no sweep is needed.
     */
    @Test
    void revokeDuringProvisioning_shouldLeaveNoAssignmentBehind_onceProvisioningEnds() {
        String id = askToReboot(LocalJita.SSO_USER);
        desk.approve(id, "alice");
        jita.stepFunctions().runUntilIdle();
        assertEquals(Status.APPROVED, desk.request(id).status(), "still provisioning");
        String arn = permissionSetArn(id).orElseThrow();

        Api.Answer revoked = desk.api.send("revoke", ACCOUNT, DEVELOPER_ROLE, LocalJita.SSO_USER, id, null);
        assertEquals(200, revoked.status(), revoked.body().toString());
        desk.finish(id);

        assertEquals(Status.REVOKED, desk.request(id).status());
        assertEquals(Optional.empty(), permissionSetArn(id), "removed by the workflow once provisioning ended");
        assertThrowsNotFound(() -> identityCenter.assignedUsers(ACCOUNT, arn));
        assertFalse(desk.auditTypes(id).contains(GRANTED));
    }

    /** Throttling is retried (by the SDK in AWS, by the Grant state's Retry here): the grant goes through. */
    @Test
    void throttling_shouldBeRetried_andTheGrantGoThrough() {
        String id = askToReboot(LocalJita.SSO_USER);
        identityCenter.throttleNext(3);
        desk.approve(id, "alice");

        desk.runUntil(id, Status.ACTIVE);

        assertTrue(identityCenter.calls().stream().filter(c -> c.equals("CreatePermissionSet")).count() >= 1);
        assertTrue(permissionSetArn(id).isPresent());
    }

    /** Identity Center's quota of permission sets reached: GRANT_FAILED saying so, nothing half made. */
    @Test
    void quotaReached_shouldEndGrantFailed_withAClearReason() {
        identityCenter.setMaxPermissionSets(0);
        String id = askToReboot(LocalJita.SSO_USER);
        desk.approve(id, "alice");

        desk.runUntil(id, Status.FAILED);

        AuditEntry failed = entry(id, GRANT_FAILED);
        assertEquals("IDENTITY_CENTER_REFUSED", failed.details().get(AuditEvents.REASON_CODE));
        assertTrue(failed.details().get(AuditEvents.REASON).contains("CreatePermissionSet"),
                failed.details().toString());
        assertEquals(Optional.empty(), permissionSetArn(id));
    }

    @Test
    void earlyRevoke_shouldCutTheAccessAtOnce_andTheSweeperRemoveWhatIsLeft() {
        String id = askToReboot(LocalJita.SSO_USER);
        desk.approve(id, "alice");
        desk.runUntil(id, Status.ACTIVE);
        String arn = permissionSetArn(id).orElseThrow();

        Api.Answer revoked = desk.api.send("revoke", ACCOUNT, DEVELOPER_ROLE, LocalJita.SSO_USER, id, null);

        assertEquals(200, revoked.status(), revoked.body().toString());
        assertEquals(Status.REVOKED, desk.request(id).status());
        assertTrue(identityCenter.inlinePolicy(arn).orElseThrow().contains("\"Deny\""),
                "the sessions already signed in lose the access at once");
        assertTrue(identityCenter.calls().contains("ProvisionPermissionSet"), identityCenter.calls().toString());
        assertTrue(identityCenter.calls().contains("DeleteAccountAssignment"), identityCenter.calls().toString());
        desk.finish(id);
        // Nothing moves jita's virtual clock after the execution ends: the sweeps see Identity Center finish at once.
        // The first deletes the assignment (its policy push had held the revoke's own deletion off), the next the
        // permission set.
        identityCenter.setProvisioningDelay(Duration.ZERO);
        jita.sweeper().handleRequest(Map.of(), LocalLambdaContext.of("sweeper"));
        jita.sweeper().handleRequest(Map.of(), LocalLambdaContext.of("sweeper"));

        assertEquals(Optional.empty(), permissionSetArn(id), "gone by the sweeps after the revoke");
        assertThrowsNotFound(() -> identityCenter.assignedUsers(ACCOUNT, arn));
        List<AuditType> trail = desk.auditTypes(id);
        assertEquals(REVOKED, trail.get(trail.indexOf(GRANTED) + 1), trail.toString());
        assertTrue(jita.auditLog().verify(id).valid());
    }

    @Test
    void twoUsersAtOnce_onTheSameAccount_shouldEachGetTheirOwnPermissionSet_withoutInterfering() {
        identityCenter.addUser("erik@example.com", "Erik", "erik@example.com");
        String dana = askToReboot(LocalJita.SSO_USER);
        String erik = askToReboot("erik@example.com");
        desk.approve(dana, "alice");
        desk.approve(erik, "alice");

        desk.runUntil(dana, Status.ACTIVE);
        desk.runUntil(erik, Status.ACTIVE);

        String danaSet = permissionSetArn(dana).orElseThrow();
        String erikSet = permissionSetArn(erik).orElseThrow();
        assertFalse(danaSet.equals(erikSet));
        assertEquals(List.of(userId(LocalJita.SSO_USER)), identityCenter.assignedUsers(ACCOUNT, danaSet));
        assertEquals(List.of(userId("erik@example.com")), identityCenter.assignedUsers(ACCOUNT, erikSet));
        desk.finish(dana);
        desk.finish(erik);
        assertEquals(Status.EXPIRED, desk.request(dana).status());
        assertEquals(Status.EXPIRED, desk.request(erik).status());
        assertEquals(Optional.empty(), permissionSetArn(dana));
        assertEquals(Optional.empty(), permissionSetArn(erik));
    }

    @Test
    void sweeper_shouldRemoveAnOrphanPermissionSet_andLeaveEveryOtherPermissionSetAlone() {
        String orphan = identityCenter.createPermissionSet("jita-aaaaaaaaaaaaaaaaaaaaaaaaaa", "left behind",
                Duration.ofHours(1), Map.of(IdentityCenterGrants.TAG_MANAGED, "true",
                        IdentityCenterGrants.TAG_REQUEST_ID, "r-aaaaaaaaaaaaaaaaaaaaaaaaaa"));
        identityCenter.seedAssignment(ACCOUNT, orphan, userId(LocalJita.SSO_USER));
        String customers = identityCenter.createPermissionSet("ReadOnly", "the customer's own", Duration.ofHours(4),
                Map.of());
        identityCenter.seedAssignment(ACCOUNT, customers, userId(LocalJita.SSO_USER));
        String lookalike = identityCenter.createPermissionSet("jita-bbbbbbbbbbbbbbbbbbbbbbbbbb", "not tagged",
                Duration.ofHours(1), Map.of());

        // Nothing runs on jita's virtual clock here to move it past the stand-in's delay: the sweeps see deletions
        // finish at once (the delay itself is exercised above). The first sweep deletes the assignment, and the
        // permission set once the assignment is gone.
        identityCenter.setProvisioningDelay(Duration.ZERO);
        for (int run = 0; run < 2 && identityCenter.listPermissionSets().contains(orphan); run++) {
            jita.sweeper().handleRequest(Map.of(), LocalLambdaContext.of("sweeper"));
        }

        assertFalse(identityCenter.listPermissionSets().contains(orphan), "the orphan is removed");
        assertTrue(identityCenter.listPermissionSets().contains(customers), "a permission set jita did not create stays");
        assertEquals(List.of(userId(LocalJita.SSO_USER)), identityCenter.assignedUsers(ACCOUNT, customers));
        assertTrue(identityCenter.listPermissionSets().contains(lookalike), "an untagged jita-* name stays too");
    }

    private static void assertThrowsNotFound(Runnable call) {
        try {
            call.run();
        } catch (IdentityCenterException.NotFound expected) {
            return;
        }
        // An empty answer is as good: nothing is assigned.
    }
}
