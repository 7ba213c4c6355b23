package dev.jita.identitycenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * SSO Admin's and the Identity Store's JSON APIs (awsJson1_1, targets {@code SWBExternalService.*} and
 * {@code AWSIdentityStore.*}) as {@link AwsIdentityCenter} uses them, against a loopback server answering in the
 * services' documented shapes; errors as {@code {"__type": ..., "Message": ...}}.
 */
class AwsIdentityCenterTest {
    private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";
    private static final String STORE = "d-0123456789";
    private static final String PS = "arn:aws:sso:::permissionSet/ssoins-0123456789abcdef/ps-fedcba9876543210";
    private static final String ACCOUNT = "111122223333";
    private static final String USER_ID = "906722b2be-5c1a1d5e-6a4e-4b5f-9d0c-2a1b3c4d5e6f";

    private final LoopbackAws aws = new LoopbackAws();
    private final AwsIdentityCenter center = new AwsIdentityCenter(aws.ssoAdmin(), aws.identityStore(), INSTANCE,
            STORE);

    @AfterEach
    void stop() {
        aws.close();
    }

    private static Reply ok(String body) {
        return Reply.json(200, body);
    }

    private static Reply error(int status, String type) {
        return Reply.json(status, "{\"__type\":\"" + type + "\",\"Message\":\"" + type + " from Identity Center\"}");
    }

    private static String target(LoopbackAws.Received request) {
        return request.header("X-Amz-Target");
    }

    private static String status(String key, String state, String reason) {
        return "{\"" + key + "\":{\"Status\":\"" + state + "\",\"RequestId\":\"req-1\",\"TargetId\":\"" + ACCOUNT
                + "\",\"TargetType\":\"AWS_ACCOUNT\",\"PermissionSetArn\":\"" + PS + "\",\"PrincipalType\":\"USER\","
                + "\"PrincipalId\":\"" + USER_ID + "\",\"CreatedDate\":1798761600"
                + (reason == null ? "" : ",\"FailureReason\":\"" + reason + "\"") + "}}";
    }

    @Test
    void createPermissionSet_shouldSendNameDescriptionDurationAndTags_andReturnTheArn() {
        aws.reply(ok("{\"PermissionSet\":{\"Name\":\"jita-20261101-abc\",\"PermissionSetArn\":\"" + PS + "\","
                + "\"Description\":\"jita request\",\"CreatedDate\":1798761600,\"SessionDuration\":\"PT1H\"}}"));
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("jita:managed", "true");
        tags.put("jita:request-id", "r-20261101-abc");

        assertEquals(PS, center.createPermissionSet("jita-20261101-abc", "jita request", Duration.ofHours(1), tags));

        LoopbackAws.Received sent = aws.last();
        assertEquals("SWBExternalService.CreatePermissionSet", target(sent));
        JsonNode body = sent.json();
        assertEquals(INSTANCE, body.get("InstanceArn").asText());
        assertEquals("jita-20261101-abc", body.get("Name").asText());
        assertEquals("jita request", body.get("Description").asText());
        assertEquals("PT1H", body.get("SessionDuration").asText());
        assertEquals(2, body.get("Tags").size());
        assertEquals("jita:managed", body.get("Tags").get(0).get("Key").asText());
        assertEquals("true", body.get("Tags").get(0).get("Value").asText());
        assertEquals("jita:request-id", body.get("Tags").get(1).get("Key").asText());
        assertEquals("r-20261101-abc", body.get("Tags").get(1).get("Value").asText());
        assertTrue(LoopbackAws.credentialScope(sent).equals("us-east-1/sso/aws4_request"),
                LoopbackAws.credentialScope(sent));
    }

    @Test
    void createAccountAssignment_shouldAssignTheUserInTheAccount_andReadTheStatus() {
        aws.reply(ok(status("AccountAssignmentCreationStatus", "IN_PROGRESS", null)));

        assertEquals(new ProvisioningStatus("req-1", ProvisioningStatus.State.IN_PROGRESS, null),
                center.createAccountAssignment(ACCOUNT, PS, USER_ID));

        JsonNode body = aws.last().json();
        assertEquals("SWBExternalService.CreateAccountAssignment", target(aws.last()));
        assertEquals(ACCOUNT, body.get("TargetId").asText());
        assertEquals("AWS_ACCOUNT", body.get("TargetType").asText());
        assertEquals(PS, body.get("PermissionSetArn").asText());
        assertEquals("USER", body.get("PrincipalType").asText());
        assertEquals(USER_ID, body.get("PrincipalId").asText());
        assertEquals(INSTANCE, body.get("InstanceArn").asText());
    }

    @Test
    void assignmentStatuses_shouldMapEachState_andTheFailureReason() {
        aws.reply(ok(status("AccountAssignmentCreationStatus", "SUCCEEDED", null)),
                ok(status("AccountAssignmentCreationStatus", "FAILED", "Received a 404 status error: No role")),
                ok(status("AccountAssignmentDeletionStatus", "IN_PROGRESS", null)));

        assertEquals(ProvisioningStatus.State.SUCCEEDED, center.assignmentCreationStatus("req-1").state());
        ProvisioningStatus failed = center.assignmentCreationStatus("req-1");
        assertEquals(ProvisioningStatus.State.FAILED, failed.state());
        assertEquals("Received a 404 status error: No role", failed.failureReason());
        assertEquals(ProvisioningStatus.State.IN_PROGRESS, center.deleteAccountAssignment(ACCOUNT, PS, USER_ID).state());

        List<LoopbackAws.Received> sent = aws.received();
        assertEquals("SWBExternalService.DescribeAccountAssignmentCreationStatus", target(sent.get(0)));
        assertEquals("req-1", sent.get(0).json().get("AccountAssignmentCreationRequestId").asText());
        assertEquals("SWBExternalService.DeleteAccountAssignment", target(sent.get(2)));
        assertEquals("USER", sent.get(2).json().get("PrincipalType").asText());
    }

    @Test
    void assignmentCreationStatus_shouldBeRetryableServiceFailure_whenTheStatusIsUnknown() {
        aws.reply(ok(status("AccountAssignmentCreationStatus", "PAUSED", null)));
        var e = assertThrows(IdentityCenterException.ServiceFailure.class, () -> center.assignmentCreationStatus("req-1"));
        assertTrue(e.getMessage().contains("PAUSED"), e.getMessage());
    }

    @Test
    void describePermissionSet_shouldReadNameDescriptionAndCreation() {
        aws.reply(ok("{\"PermissionSet\":{\"Name\":\"jita-1\",\"PermissionSetArn\":\"" + PS + "\","
                + "\"Description\":\"d\",\"CreatedDate\":1798761600,\"SessionDuration\":\"PT1H\"}}"));
        assertEquals(new PermissionSetInfo(PS, "jita-1", "d", Instant.ofEpochSecond(1798761600)),
                center.describePermissionSet(PS));
        assertEquals(PS, aws.last().json().get("PermissionSetArn").asText());
    }

    @Test
    void listPermissionSets_shouldFollowEveryNextToken() {
        aws.reply(ok("{\"PermissionSets\":[\"" + PS + "-a\",\"" + PS + "-b\"],\"NextToken\":\"t-1\"}"),
                ok("{\"PermissionSets\":[\"" + PS + "-c\"]}"));

        assertEquals(List.of(PS + "-a", PS + "-b", PS + "-c"), center.listPermissionSets());

        List<LoopbackAws.Received> sent = aws.received();
        assertEquals(2, sent.size());
        assertEquals("SWBExternalService.ListPermissionSets", target(sent.get(0)));
        assertFalse(sent.get(0).json().has("NextToken"));
        assertEquals("t-1", sent.get(1).json().get("NextToken").asText());
        assertEquals(INSTANCE, sent.get(1).json().get("InstanceArn").asText());
    }

    @Test
    void tags_shouldFollowEveryNextToken() {
        aws.reply(ok("{\"Tags\":[{\"Key\":\"jita:managed\",\"Value\":\"true\"}],\"NextToken\":\"t-1\"}"),
                ok("{\"Tags\":[{\"Key\":\"jita:request-id\",\"Value\":\"r-1\"}]}"));

        assertEquals(Map.of("jita:managed", "true", "jita:request-id", "r-1"), center.tags(PS));
        assertEquals(PS, aws.received().get(0).json().get("ResourceArn").asText());
        assertEquals("t-1", aws.received().get(1).json().get("NextToken").asText());
    }

    @Test
    void assignedUsers_shouldListUsersOnly_fromEveryPage() {
        aws.reply(ok("{\"AccountAssignments\":[{\"AccountId\":\"" + ACCOUNT + "\",\"PermissionSetArn\":\"" + PS
                        + "\",\"PrincipalType\":\"USER\",\"PrincipalId\":\"u-1\"},{\"AccountId\":\"" + ACCOUNT
                        + "\",\"PermissionSetArn\":\"" + PS + "\",\"PrincipalType\":\"GROUP\",\"PrincipalId\":\"g-1\"}],"
                        + "\"NextToken\":\"t-1\"}"),
                ok("{\"AccountAssignments\":[{\"AccountId\":\"" + ACCOUNT + "\",\"PermissionSetArn\":\"" + PS
                        + "\",\"PrincipalType\":\"USER\",\"PrincipalId\":\"u-2\"}]}"));

        assertEquals(List.of("u-1", "u-2"), center.assignedUsers(ACCOUNT, PS));
        JsonNode first = aws.received().get(0).json();
        assertEquals(ACCOUNT, first.get("AccountId").asText());
        assertEquals(PS, first.get("PermissionSetArn").asText());
        assertEquals("t-1", aws.received().get(1).json().get("NextToken").asText());
    }

    @Test
    void assignedGroups_shouldListGroupsOnly_andDeleteGroupAssignmentNameTheGroup() {
        aws.reply(ok("{\"AccountAssignments\":[{\"AccountId\":\"" + ACCOUNT + "\",\"PermissionSetArn\":\"" + PS
                        + "\",\"PrincipalType\":\"USER\",\"PrincipalId\":\"u-1\"},{\"AccountId\":\"" + ACCOUNT
                        + "\",\"PermissionSetArn\":\"" + PS + "\",\"PrincipalType\":\"GROUP\",\"PrincipalId\":\"g-1\"}]}"),
                ok("{\"AccountAssignmentDeletionStatus\":{\"RequestId\":\"req-1\",\"Status\":\"IN_PROGRESS\"}}"));

        assertEquals(List.of("g-1"), center.assignedGroups(ACCOUNT, PS));
        assertEquals(ProvisioningStatus.State.IN_PROGRESS, center.deleteGroupAssignment(ACCOUNT, PS, "g-1").state());
        JsonNode deletion = aws.last().json();
        assertEquals("GROUP", deletion.get("PrincipalType").asText());
        assertEquals("g-1", deletion.get("PrincipalId").asText());
    }

    @Test
    void provisionedAccounts_shouldFollowEveryNextToken() {
        aws.reply(ok("{\"AccountIds\":[\"" + ACCOUNT + "\"],\"NextToken\":\"t-1\"}"),
                ok("{\"AccountIds\":[\"444455556666\"]}"));
        assertEquals(List.of(ACCOUNT, "444455556666"), center.provisionedAccounts(PS));
        assertEquals("SWBExternalService.ListAccountsForProvisionedPermissionSet", target(aws.last()));
    }

    @Test
    void inlinePolicy_shouldBeTheDocument_orEmptyWhenThereIsNone() {
        String document = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";
        aws.reply(ok("{}"), ok("{\"InlinePolicy\":" + quoted(document) + "}"), ok("{\"InlinePolicy\":\"\"}"));

        center.putInlinePolicy(PS, document);
        assertEquals("SWBExternalService.PutInlinePolicyToPermissionSet", target(aws.last()));
        assertEquals(document, aws.last().json().get("InlinePolicy").asText());
        assertEquals(Optional.of(document), center.inlinePolicy(PS));
        assertEquals(Optional.empty(), center.inlinePolicy(PS));
    }

    @Test
    void deletePermissionSet_shouldNameIt() {
        aws.reply(ok("{}"));
        center.deletePermissionSet(PS);
        assertEquals("SWBExternalService.DeletePermissionSet", target(aws.last()));
        assertEquals(PS, aws.last().json().get("PermissionSetArn").asText());
    }

    @Test
    void user_shouldFindTheUserIdByUserName_thenReadDisplayNameAndPrimaryEmail() {
        aws.reply(ok("{\"IdentityStoreId\":\"" + STORE + "\",\"UserId\":\"" + USER_ID + "\"}"),
                ok("{\"IdentityStoreId\":\"" + STORE + "\",\"UserId\":\"" + USER_ID + "\",\"UserName\":\"alice\","
                        + "\"DisplayName\":\"Alice Liddell\",\"Emails\":[{\"Value\":\"alice@home.example\","
                        + "\"Type\":\"home\",\"Primary\":false},{\"Value\":\"alice@example.com\",\"Type\":\"work\","
                        + "\"Primary\":true}]}"));

        assertEquals(new IdentityCenterUser(USER_ID, "alice", "Alice Liddell", "alice@example.com"),
                center.user("alice"));

        List<LoopbackAws.Received> sent = aws.received();
        assertEquals("AWSIdentityStore.GetUserId", target(sent.get(0)));
        JsonNode lookup = sent.get(0).json();
        assertEquals(STORE, lookup.get("IdentityStoreId").asText());
        assertEquals("userName", lookup.at("/AlternateIdentifier/UniqueAttribute/AttributePath").asText());
        assertEquals("alice", lookup.at("/AlternateIdentifier/UniqueAttribute/AttributeValue").asText());
        assertEquals("AWSIdentityStore.DescribeUser", target(sent.get(1)));
        assertEquals(USER_ID, sent.get(1).json().get("UserId").asText());
        assertTrue(LoopbackAws.credentialScope(sent.get(1)).equals("us-east-1/identitystore/aws4_request"),
                LoopbackAws.credentialScope(sent.get(1)));
    }

    @Test
    void user_shouldTakeTheFirstEmail_whenNoneIsPrimary_andNoEmailWhenThereIsNone() {
        aws.reply(ok("{\"IdentityStoreId\":\"" + STORE + "\",\"UserId\":\"u-1\"}"),
                ok("{\"IdentityStoreId\":\"" + STORE + "\",\"UserId\":\"u-1\",\"UserName\":\"bob\","
                        + "\"DisplayName\":\"Bob\",\"Emails\":[{\"Value\":\"bob@a.example\"},{\"Value\":\"bob@b.example\"}]}"),
                ok("{\"IdentityStoreId\":\"" + STORE + "\",\"UserId\":\"u-2\"}"),
                ok("{\"IdentityStoreId\":\"" + STORE + "\",\"UserId\":\"u-2\",\"UserName\":\"carol\"}"));

        assertEquals("bob@a.example", center.user("bob").email());
        IdentityCenterUser carol = center.user("carol");
        assertNull(carol.email());
        assertEquals("carol", carol.displayName(), "no display name: the user name stands in");
    }

    @Test
    void user_shouldThrowNotFound_whenTheStoreHasNoSuchUser() {
        aws.reply(error(400, "ResourceNotFoundException"));
        var e = assertThrows(IdentityCenterException.NotFound.class, () -> center.user("mallory"));
        assertTrue(e.getMessage().contains("GetUserId") && e.getMessage().contains("user mallory"), e.getMessage());
        assertEquals(1, aws.received().size());
    }

    @Test
    void calls_shouldMapEachIdentityCenterErrorToOurType() {
        assertMaps(error(400, "ResourceNotFoundException"), IdentityCenterException.NotFound.class);
        assertMaps(error(400, "ConflictException"), IdentityCenterException.Conflict.class);
        assertMaps(error(400, "ServiceQuotaExceededException"), IdentityCenterException.QuotaExceeded.class);
        assertMaps(error(400, "AccessDeniedException"), IdentityCenterException.AccessDenied.class);
        assertMaps(error(400, "ValidationException"), IdentityCenterException.Validation.class);
        assertEquals(5, aws.received().size(), "none is retried by the client");
    }

    @Test
    void calls_shouldBeRetryableServiceFailure_whenThrottledOrFailing_afterTheClientsOwnRetries() {
        aws.reply(error(400, "ThrottlingException"), error(400, "ThrottlingException"), error(400, "ThrottlingException"));
        var throttled = assertThrows(IdentityCenterException.ServiceFailure.class,
                () -> center.createAccountAssignment(ACCOUNT, PS, USER_ID));
        assertTrue(throttled.retryable());
        assertTrue(throttled.getMessage().contains("ThrottlingException"), throttled.getMessage());
        assertEquals(3, aws.received().size(), "the client tried 3 times before giving up");

        aws.reply(error(500, "InternalServerException"), error(500, "InternalServerException"),
                error(500, "InternalServerException"));
        assertTrue(assertThrows(IdentityCenterException.ServiceFailure.class, () -> center.listPermissionSets())
                .retryable());
        assertEquals(6, aws.received().size());
    }

    @Test
    void calls_shouldSucceed_whenThrottledOnceThenAnswered() {
        aws.reply(error(400, "ThrottlingException"), ok("{\"AccountIds\":[]}"));
        assertEquals(List.of(), center.provisionedAccounts(PS));
        assertEquals(2, aws.received().size());
    }

    @Test
    void calls_shouldBeRetryableServiceFailure_whenIdentityCenterCannotBeReached() {
        LoopbackAws gone = new LoopbackAws();
        AwsIdentityCenter unreachable = new AwsIdentityCenter(gone.ssoAdmin(), gone.identityStore(), INSTANCE, STORE);
        gone.close();
        var e = assertThrows(IdentityCenterException.ServiceFailure.class, () -> unreachable.deletePermissionSet(PS));
        assertTrue(e.retryable());
        assertInstanceOf(SdkClientException.class, e.getCause());
    }

    @Test
    void calls_shouldNotBeRetryable_whenTheErrorIsAnUnknownClientError() {
        aws.reply(error(400, "SomethingNewException"));
        assertFalse(assertThrows(IdentityCenterException.ServiceFailure.class, () -> center.deletePermissionSet(PS))
                .retryable());
    }

    private void assertMaps(Reply reply, Class<? extends IdentityCenterException> expected) {
        aws.reply(reply);
        IdentityCenterException e = assertThrows(IdentityCenterException.class, () -> center.deletePermissionSet(PS));
        assertInstanceOf(expected, e);
        AwsServiceException cause = assertInstanceOf(AwsServiceException.class, e.getCause());
        assertTrue(e.getMessage().contains("DeletePermissionSet") && e.getMessage().contains(PS), e.getMessage());
        assertTrue(e.getMessage().contains(cause.awsErrorDetails().errorCode() + " from Identity Center"),
                e.getMessage());
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
