package dev.jita.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.AwsErrors;
import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * IAM's Query API as the gateway uses it, against a loopback server answering in IAM's documented XML shapes
 * (API reference: the *Response/*Result elements, ErrorResponse/Error/Code for errors).
 */
class AwsIamGatewayTest {
    private static final String NS = "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";

    private final LoopbackAws aws = new LoopbackAws();
    private final AwsIamGateway gateway = new AwsIamGateway(aws.iam());

    @AfterEach
    void stop() {
        aws.close();
    }

    private static Reply error(int status, String type, String code) {
        return Reply.xml(status, "<ErrorResponse " + NS + "><Error><Type>" + type + "</Type><Code>" + code
                + "</Code><Message>" + code + " from IAM</Message></Error>"
                + "<RequestId>9e8d7c6b-1111-2222-3333-EXAMPLE</RequestId></ErrorResponse>");
    }

    private static Reply ok(String action, String result) {
        return Reply.xml(200, "<" + action + "Response " + NS + ">"
                + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                + "<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></"
                + action + "Response>");
    }

    private static String role(String name, String path, String id) {
        return "<Path>" + path + "</Path><Arn>arn:aws:iam::123456789012:role" + path + name + "</Arn><RoleName>" + name
                + "</RoleName><AssumeRolePolicyDocument>%7B%7D</AssumeRolePolicyDocument>"
                + "<CreateDate>2026-11-01T10:00:00Z</CreateDate><RoleId>" + id + "</RoleId>";
    }

    // security.md, Grants: "NoSuchEntity on revoke is success": IAM's error surfaces as our type, and the
    // idempotent delete reports "already gone" instead of failing.
    @Test
    void deleteRolePolicy_shouldThrowOurNoSuchEntity_whenIamSaysNoSuchEntity() {
        aws.reply(error(404, "Sender", "NoSuchEntity"), error(404, "Sender", "NoSuchEntity"));

        var e = assertThrows(IamGatewayException.NoSuchEntity.class, () -> gateway.deleteRolePolicy("Engineer", "jita-1"));
        assertInstanceOf(AwsServiceException.class, e.getCause());
        assertTrue(e.getMessage().contains("DeleteRolePolicy") && e.getMessage().contains("Engineer"), e.getMessage());
        assertFalse(gateway.deleteRolePolicyIfPresent("Engineer", "jita-1"));
        assertEquals(Map.of("Action", "DeleteRolePolicy", "Version", "2010-05-08", "RoleName", "Engineer",
                "PolicyName", "jita-1"), aws.last().form());
    }

    @Test
    void deleteRolePolicyIfPresent_shouldBeTrue_whenIamDeletedIt() {
        aws.reply(ok("DeleteRolePolicy", null));
        assertTrue(gateway.deleteRolePolicyIfPresent("Engineer", "jita-1"));
    }

    @Test
    void putRolePolicy_shouldMapEachIamErrorToOurType() {
        assertMaps(error(409, "Sender", "LimitExceeded"), IamGatewayException.LimitExceeded.class);
        assertMaps(error(400, "Sender", "MalformedPolicyDocument"), IamGatewayException.MalformedPolicyDocument.class);
        assertMaps(error(400, "Sender", "InvalidInput"), IamGatewayException.InvalidInput.class);
        assertMaps(error(400, "Sender", "ValidationError"), IamGatewayException.InvalidInput.class);
        assertMaps(error(404, "Sender", "NoSuchEntity"), IamGatewayException.NoSuchEntity.class);
    }

    @Test
    void putRolePolicy_shouldMarkThrottlingOutagesAndNetworkAsRetryable_afterTheClientsOwnRetries() {
        assertTrue(serviceFailure(error(500, "Receiver", "ServiceFailure")).retryable());
        assertTrue(serviceFailure(error(400, "Sender", "Throttling")).retryable());
        assertTrue(serviceFailure(error(503, "Receiver", "ServiceUnavailable")).retryable());
        assertEquals(9, aws.received().size(), "the client tried each 3 times before giving up");
    }

    // Throttling is retried by the SDK client itself (its standard retry strategy), invisible to the grant.
    @Test
    void putRolePolicy_shouldSucceed_whenIamThrottlesTwiceThenAccepts() {
        aws.reply(error(400, "Sender", "Throttling"), error(400, "Sender", "Throttling"), ok("PutRolePolicy", null));

        gateway.putRolePolicy("Engineer", "jita-1", "{}");

        assertEquals(3, aws.received().size());
        assertEquals(aws.received().get(0).form(), aws.last().form(), "the same call, sent again");
    }

    @Test
    void putRolePolicy_shouldBeRetryableServiceFailure_whenIamCannotBeReached() {
        LoopbackAws gone = new LoopbackAws();
        AwsIamGateway unreachable = new AwsIamGateway(gone.iam());
        gone.close();
        var e = assertThrows(IamGatewayException.ServiceFailure.class, () -> unreachable.putRolePolicy("Engineer", "jita-1", "{}"));
        assertTrue(e.retryable());
        assertInstanceOf(SdkClientException.class, e.getCause());
    }

    @Test
    void putRolePolicy_shouldMarkPermissionAndEntityProblemsAsNotRetryable() {
        assertFalse(serviceFailure(error(403, "Sender", "AccessDenied")).retryable());
        assertFalse(serviceFailure(error(400, "Sender", "UnmodifiableEntity")).retryable());
        assertEquals(2, aws.received().size(), "neither is retried by the client");
    }

    @Test
    void putRolePolicy_shouldSendTheDocumentUnchanged_signed() {
        aws.reply(ok("PutRolePolicy", null));
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"arn:aws:s3:::b/a+b c&d=%\"}]}";
        gateway.putRolePolicy("Engineer", "jita-1", document);

        LoopbackAws.Received sent = aws.last();
        assertEquals(Map.of("Action", "PutRolePolicy", "Version", "2010-05-08", "RoleName", "Engineer",
                "PolicyName", "jita-1", "PolicyDocument", document), sent.form());
        assertTrue(LoopbackAws.credentialScope(sent).endsWith("/iam/aws4_request"), LoopbackAws.credentialScope(sent));
    }

    @Test
    void getRolePolicy_shouldUndoIamsUrlEncoding() {
        aws.reply(ok("GetRolePolicy", "<PolicyName>jita-1</PolicyName><RoleName>Engineer</RoleName>"
                + "<PolicyDocument>%7B%22Resource%22%3A%22arn%3Aaws%3As3%3A%3A%3Ab%2Fa%2Bb%20c%22%7D</PolicyDocument>"));
        assertEquals("{\"Resource\":\"arn:aws:s3:::b/a+b c\"}", gateway.getRolePolicy("Engineer", "jita-1"));
    }

    @Test
    void listRolePolicies_shouldFollowEveryMarker() {
        aws.reply(ok("ListRolePolicies", "<PolicyNames><member>a</member><member>b</member></PolicyNames>"
                        + "<IsTruncated>true</IsTruncated><Marker>page-1</Marker>"),
                ok("ListRolePolicies", "<PolicyNames><member>c</member></PolicyNames><IsTruncated>true</IsTruncated>"
                        + "<Marker>page-2</Marker>"),
                ok("ListRolePolicies", "<PolicyNames><member>d</member></PolicyNames><IsTruncated>false</IsTruncated>"));

        assertEquals(List.of("a", "b", "c", "d"), gateway.listRolePolicies("Engineer"));
        List<LoopbackAws.Received> sent = aws.received();
        assertEquals(3, sent.size());
        assertFalse(sent.get(0).form().containsKey("Marker"));
        assertEquals("page-1", sent.get(1).form().get("Marker"));
        assertEquals("page-2", sent.get(2).form().get("Marker"));
        assertEquals("Engineer", sent.get(2).form().get("RoleName"));
    }

    @Test
    void listRolePolicies_shouldBeEmpty_whenTheRoleHasNone() {
        aws.reply(ok("ListRolePolicies", "<PolicyNames/><IsTruncated>false</IsTruncated>"));
        assertEquals(List.of(), gateway.listRolePolicies("Engineer"));
    }

    @Test
    void getRole_shouldReadNamePathIdAndArn() {
        aws.reply(ok("GetRole", "<Role>" + role("Engineer", "/jita/", "AROADBQP57FF2AEXAMPLE") + "</Role>"));
        assertEquals(new IamRole("Engineer", "/jita/", "AROADBQP57FF2AEXAMPLE", "arn:aws:iam::123456789012:role/jita/Engineer"),
                gateway.getRole("Engineer"));
        assertEquals("Engineer", aws.last().form().get("RoleName"));
    }

    @Test
    void getRole_shouldThrowNoSuchEntity_whenTheRoleIsMissing() {
        aws.reply(error(404, "Sender", "NoSuchEntity"));
        assertThrows(IamGatewayException.NoSuchEntity.class, () -> gateway.getRole("Ghost"));
    }

    @Test
    void listRoles_shouldSendThePathPrefix_andFollowEveryMarker() {
        aws.reply(ok("ListRoles", "<IsTruncated>true</IsTruncated><Marker>m1</Marker><Roles><member>"
                        + role("Engineer", "/jita/", "AROA1EXAMPLE") + "</member><member>"
                        + role("Analyst", "/jita/team/", "AROA2EXAMPLE") + "</member></Roles>"),
                ok("ListRoles", "<IsTruncated>false</IsTruncated><Roles><member>"
                        + role("Oncall", "/jita/", "AROA3EXAMPLE") + "</member></Roles>"));

        List<IamRole> roles = gateway.listRoles("/jita/");

        assertEquals(List.of("Engineer", "Analyst", "Oncall"), roles.stream().map(IamRole::roleName).toList());
        assertEquals("/jita/team/", roles.get(1).path());
        assertEquals("AROA3EXAMPLE", roles.get(2).roleId());
        assertEquals(Map.of("Action", "ListRoles", "Version", "2010-05-08", "PathPrefix", "/jita/"), aws.received().get(0).form());
        assertEquals(Map.of("Action", "ListRoles", "Version", "2010-05-08", "PathPrefix", "/jita/", "Marker", "m1"),
                aws.received().get(1).form());
    }

    private void assertMaps(Reply reply, Class<? extends IamGatewayException> expected) {
        aws.reply(reply);
        IamGatewayException e = assertThrows(IamGatewayException.class, () -> gateway.putRolePolicy("Engineer", "jita-1", "{}"));
        assertInstanceOf(expected, e);
        AwsServiceException cause = assertInstanceOf(AwsServiceException.class, e.getCause());
        assertTrue(e.getMessage().contains(AwsErrors.code(cause) + " from IAM"), e.getMessage());
    }

    private IamGatewayException.ServiceFailure serviceFailure(Reply reply) {
        aws.respond(r -> reply);
        return assertThrows(IamGatewayException.ServiceFailure.class,
                () -> gateway.putRolePolicy("Engineer", "jita-1", "{}"));
    }
}
