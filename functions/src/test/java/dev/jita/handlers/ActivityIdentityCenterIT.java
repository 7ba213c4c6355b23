package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.Metric;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.grants.IdentityCenterGrants;
import dev.jita.incidents.IncidentWorld;
import dev.jita.notifications.Kind;
import dev.jita.requests.RequestIds;
import dev.jita.standins.Outbox;
import dev.jita.store.DynamoLocal;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.wiring.TestServices;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ActivityFunction and Identity Center grants, on DynamoDB Local: Dana signed in with permission set Developers asked
 * for ec2:TerminateInstances; her grant is permission set {@code jita-<id>}, which she uses by signing in with it, as
 * the role Identity Center provisioned for it ({@code AWSReservedSSO_jita-<id>_<hex>}), session "dana".
 */
class ActivityIdentityCenterIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EVENTS = Path.of("..", "events", "activity");
    private static final String ACCOUNT = IncidentWorld.ACCOUNT;
    private static final String OTHER_ACCOUNT = "444455556666";
    private static final String SSO_PATH = "/aws-reserved/sso.amazonaws.com/";
    private static final String HEX = "0123456789abcdef";

    private final IncidentWorld world = new IncidentWorld();
    private final ActivityFunction function = new ActivityFunction(
            TestServices.on(DynamoLocal.client(), world.tables, world.clock).rules(world.rules()).iam(world.iam)
                    .notifier(world.outbox).metrics(world.metrics).build());
    private final Requester dana = ssoUser("Developers", "dana", "AROADEVELOPERSSSO0001");

    @Test
    void handleRequest_shouldAppendGrantUsed_forTheUsersCallOnThePermissionSetsRole() throws Exception {
        StoredRequest active = activeForIdentityCenter(dana);

        Map<String, Object> out = function.handleRequest(
                callOn(permissionSetRole(active), "dana", ACCOUNT, "terminate-instances"), null);

        assertEquals("RECORDED", out.get("outcome"), out.toString());
        assertEquals(active.requestId(), out.get("requestId"));
        AuditEntry used = onlyUse(active);
        assertEquals(Outcome.SUCCESS, used.outcome());
        assertEquals(sessionArn(ACCOUNT, permissionSetRole(active), "dana"), used.actor());
        assertEquals("in-window", used.details().get(AuditEvents.WHEN));
        assertEquals("i-0abc1234", used.details().get(AuditEvents.RESOURCES));
        assertTrue(world.audit.verify(active.requestId()).valid());
        assertEquals(1, world.metrics.get(Metric.GrantUsed));
    }

    /** Identity Center may put a region segment after its path. */
    @Test
    void handleRequest_shouldAppendGrantUsed_whenTheRolesPathHasARegion() throws Exception {
        StoredRequest active = activeForIdentityCenter(dana);
        Map<String, Object> event = callOn(permissionSetRole(active), "dana", ACCOUNT, "terminate-instances");
        issuer(event).put("arn", "arn:aws:iam::" + ACCOUNT + ":role" + SSO_PATH + "eu-west-1/"
                + permissionSetRole(active));

        assertEquals("RECORDED", function.handleRequest(event, null).get("outcome"));
    }

    @Test
    void handleRequest_shouldRecordRefused_forAnAccessDeniedAttemptJustAfterTheWindow_once() throws Exception {
        StoredRequest active = activeForIdentityCenter(dana);
        Map<String, Object> late = callOn(permissionSetRole(active), "dana", ACCOUNT, "terminate-instances-denied");

        Map<String, Object> out = function.handleRequest(late, null);
        Map<String, Object> again = function.handleRequest(late, null);

        assertEquals("REFUSED", out.get("recorded"), out.toString());
        assertEquals("DUPLICATE", again.get("outcome"));
        AuditEntry refused = onlyUse(active);
        assertEquals(Outcome.REFUSED, refused.outcome());
        assertEquals("after-window", refused.details().get(AuditEvents.WHEN));
    }

    @Test
    void handleRequest_shouldTellTheApproversWhoOptedIn_ofTheFirstUse() throws Exception {
        StoredRequest active = activeForIdentityCenter(dana);

        function.handleRequest(callOn(permissionSetRole(active), "dana", ACCOUNT, "terminate-instances"), null);

        List<Outbox.Entry> told = world.outbox.snapshot().stream()
                .filter(e -> e.kind() == Kind.FIRST_USE && e.requestId().equals(active.requestId())).toList();
        assertEquals(List.of("alice"), told.stream().map(Outbox.Entry::recipientId).toList());
    }

    /** Erin signed in with the same permission set (were it ever assigned to her): not Dana's grant. */
    @Test
    void handleRequest_shouldNotAttribute_anotherUsersSessionOnThePermissionSetsRole() throws Exception {
        StoredRequest active = activeForIdentityCenter(dana);

        Map<String, Object> out = function.handleRequest(
                callOn(permissionSetRole(active), "erin", ACCOUNT, "terminate-instances"), null);

        assertUnmatched(out, active);
    }

    @Test
    void handleRequest_shouldNotAttribute_aCallInAnotherAccount() throws Exception {
        StoredRequest active = activeForIdentityCenter(dana);

        Map<String, Object> out = function.handleRequest(
                callOn(permissionSetRole(active), "dana", OTHER_ACCOUNT, "terminate-instances"), null);

        assertUnmatched(out, active);
    }

    /** A role of that name outside Identity Center's path, or an event that does not say the role's path. */
    @Test
    void handleRequest_shouldNotAttribute_aLookAlikeRoleOutsideIdentityCentersPath_orOneOfUnknownPath()
            throws Exception {
        StoredRequest active = activeForIdentityCenter(dana);
        Map<String, Object> lookAlike = callOn(permissionSetRole(active), "dana", ACCOUNT, "terminate-instances");
        issuer(lookAlike).put("arn", "arn:aws:iam::" + ACCOUNT + ":role/evil/" + permissionSetRole(active));
        Map<String, Object> deeper = callOn(permissionSetRole(active), "dana", ACCOUNT, "terminate-instances");
        issuer(deeper).put("arn", "arn:aws:iam::" + ACCOUNT + ":role" + SSO_PATH + "a/b/" + permissionSetRole(active));
        Map<String, Object> unknown = callOn(permissionSetRole(active), "dana", ACCOUNT, "terminate-instances");
        identity(unknown).remove("sessionContext");

        assertUnmatched(function.handleRequest(lookAlike, null), active);
        assertUnmatched(function.handleRequest(deeper, null), active);
        assertUnmatched(function.handleRequest(unknown, null), active);
    }

    /** Alice (an IAM role's session) holds an inline-policy grant: a role named for her request is not hers. */
    @Test
    void handleRequest_shouldNotAttribute_aPermissionSetRoleNamedForTheRequestOfAnIamRequester() throws Exception {
        Requester alice = world.person("alice");
        StoredRequest active = world.activeByApprover(request(alice));
        String role = "AWSReservedSSO_" + IdentityCenterGrants.permissionSetName(active.requestId()) + "_" + HEX;

        Map<String, Object> out = function.handleRequest(callOn(role, "alice", ACCOUNT, "terminate-instances"), null);

        assertUnmatched(out, active);
    }

    @Test
    void handleRequest_shouldNotAttribute_aRoleWhoseNameIsNoJitaPermissionSetOfARequest() throws Exception {
        StoredRequest active = activeForIdentityCenter(dana);
        String id = active.requestId().substring(2);
        List<String> roles = List.of("AWSReservedSSO_jita-_" + HEX,
                "AWSReservedSSO_jita-" + id.toUpperCase() + "_" + HEX,
                "AWSReservedSSO_jita-" + id.substring(1) + "_" + HEX,
                "AWSReservedSSO_jita-r-" + id.substring(2) + "_" + HEX,
                "AWSReservedSSO_xjita-" + id.substring(1) + "_" + HEX,
                "AWSReservedSSO_jita-" + id + "_" + HEX.substring(1),
                "AWSReservedSSO_jita-" + id + "_" + HEX.toUpperCase());

        for (String role : roles) {
            assertUnmatched(function.handleRequest(callOn(role, "dana", ACCOUNT, "terminate-instances"), null),
                    active);
        }
    }

    /** Dana's own session (permission set Developers) holds nothing of the grant. */
    @Test
    void handleRequest_shouldNotAttribute_theCallsOfTheSessionThatAsked() throws Exception {
        StoredRequest active = activeForIdentityCenter(dana);
        Map<String, Object> event = callOn(dana.roleName(), "dana", ACCOUNT, "terminate-instances");
        identity(event).put("principalId", dana.userId());

        assertUnmatched(function.handleRequest(event, null), active);
    }

    // ------------------------------------------------------------------ the world

    private void assertUnmatched(Map<String, Object> out, StoredRequest active) {
        assertEquals("UNMATCHED", out.get("outcome"), out.toString());
        assertEquals(0, uses(active).size());
    }

    private static Requester ssoUser(String permissionSet, String user, String roleId) {
        String role = "AWSReservedSSO_" + permissionSet + "_" + HEX;
        return new Requester(sessionArn(ACCOUNT, role, user), ACCOUNT, role, user, roleId + ":" + user);
    }

    private AccessRequest request(Requester who) {
        return new AccessRequest(new RequestIds(new SecureRandom()).next(), who, List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234"), Duration.ofMinutes(30),
                "Incident work on the checkout service", "OPS-42", null, "prod-ec2-terminate",
                world.clock.instant());
    }

    /** Approved by bob and granted as the grant function records an Identity Center grant: ACTIVE, its permission set. */
    private StoredRequest activeForIdentityCenter(Requester who) {
        StoredRequest pending = world.waiting(request(who));
        GrantWindow window = GrantWindow.fixedAt(world.clock.instant(), pending.request());
        StoredRequest approved = world.store.apply(pending, RequestUpdate.moveTo(Status.APPROVED).withWindow(window),
                AuditEvents.approved("bob", List.of("bob"), window, Origin.NONE));
        String name = IdentityCenterGrants.permissionSetName(approved.requestId());
        Map<String, String> grant = new LinkedHashMap<>();
        grant.put(StoredRequest.GRANT_ROLE, who.roleName());
        grant.put(StoredRequest.GRANT_POLICY_NAME, name);
        grant.put(IdentityCenterGrants.GRANT_PERMISSION_SET_ARN,
                "arn:aws:sso:::permissionSet/ssoins-1111111111111111/ps-2222222222222222");
        grant.put(IdentityCenterGrants.GRANT_USER_ID, "user-dana");
        return world.store.apply(approved, RequestUpdate.moveTo(Status.ACTIVE).withGrant(grant),
                AuditEvents.granted(who.roleName(), name, window));
    }

    private static String permissionSetRole(StoredRequest request) {
        return "AWSReservedSSO_" + IdentityCenterGrants.permissionSetName(request.requestId()) + "_" + HEX;
    }

    private static String sessionArn(String account, String role, String session) {
        return "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session;
    }

    private List<AuditEntry> uses(StoredRequest request) {
        return world.audit.entries(request.requestId()).stream()
                .filter(e -> e.type() == AuditType.GRANT_USED).toList();
    }

    private AuditEntry onlyUse(StoredRequest request) {
        List<AuditEntry> uses = uses(request);
        assertEquals(1, uses.size(), uses.toString());
        return uses.get(0);
    }

    /** The sample, made by {@code session} of the Identity Center role {@code role} in {@code account}. */
    private static Map<String, Object> callOn(String role, String session, String account, String sample)
            throws IOException {
        Map<String, Object> event = JSON.readValue(Files.readString(EVENTS.resolve(sample + ".json")),
                new TypeReference<>() { });
        event.put("account", account);
        Map<String, Object> identity = identity(event);
        identity.put("arn", sessionArn(account, role, session));
        identity.put("principalId", "AROAJITAPERMISSIONSET1:" + session);
        identity.put("accountId", account);
        Map<String, Object> issuer = issuer(event);
        issuer.put("principalId", "AROAJITAPERMISSIONSET1");
        issuer.put("arn", "arn:aws:iam::" + account + ":role" + SSO_PATH + role);
        issuer.put("accountId", account);
        issuer.put("userName", role);
        return event;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> identity(Map<String, Object> event) {
        return (Map<String, Object>) ((Map<String, Object>) event.get("detail")).get("userIdentity");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> issuer(Map<String, Object> event) {
        return (Map<String, Object>) ((Map<String, Object>) identity(event).get("sessionContext"))
                .get("sessionIssuer");
    }
}
