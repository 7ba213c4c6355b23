package dev.jita.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.domain.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static dev.jita.iam.Fixtures.NOT_AFTER;
import static dev.jita.iam.Fixtures.NOT_BEFORE;
import static dev.jita.iam.Fixtures.request;
import static dev.jita.iam.Fixtures.terminate;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GrantPolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void of_shouldBuildExactlyTheDesignDocumentPolicy_whenGivenTheDesignExample() {
        GrantPolicy policy = GrantPolicy.of(terminate("01JDX-7Q", "i-0abc"), NOT_BEFORE, NOT_AFTER);

        assertEquals("Engineer", policy.roleName());
        assertEquals("jita-01JDX-7Q", policy.policyName());
        assertEquals("""
                {"Version":"2012-10-17","Statement":[{"Sid":"Jita01JDX7Q","Effect":"Allow",\
                "Action":["ec2:TerminateInstances"],"Resource":["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc"],\
                "Condition":{"DateGreaterThan":{"aws:CurrentTime":"2026-11-23T10:00:00Z"},\
                "DateLessThan":{"aws:CurrentTime":"2026-11-23T11:00:00Z"},\
                "StringEquals":{"aws:userid":"AROA3XFRBF23EXAMPLE:alice"}}}]}""", policy.document());
    }

    // security.md, Grants: "Every Allow carries DateGreaterThan/DateLessThan on aws:CurrentTime and aws:userid for
    // the requesting session."
    @Test
    void of_shouldScopeEveryAllowToTheWindowAndSession_whenSeveralActionsAndResources() throws Exception {
        GrantPolicy policy = GrantPolicy.of(request("r-2", List.of("ec2:StopInstances", "ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-1", "arn:aws:ec2:eu-west-1:111122223333:instance/i-2")),
                NOT_BEFORE, NOT_AFTER);

        JsonNode statements = JSON.readTree(policy.document()).get("Statement");
        assertEquals(1, statements.size());
        JsonNode condition = statements.get(0).get("Condition");
        assertEquals("Allow", statements.get(0).get("Effect").asText());
        assertEquals("2026-11-23T10:00:00Z", condition.get("DateGreaterThan").get("aws:CurrentTime").asText());
        assertEquals("2026-11-23T11:00:00Z", condition.get("DateLessThan").get("aws:CurrentTime").asText());
        assertEquals("AROA3XFRBF23EXAMPLE:alice", condition.get("StringEquals").get("aws:userid").asText());
        assertEquals(2, statements.get(0).get("Action").size());
        assertEquals(2, statements.get(0).get("Resource").size());
    }

    @Test
    void of_shouldNarrowTheWindowToWholeSeconds_whenBoundsHaveFractions() throws Exception {
        GrantPolicy policy = GrantPolicy.of(terminate("r-3", "i-1"),
                Instant.parse("2026-11-23T10:00:00.250Z"), Instant.parse("2026-11-23T11:00:00.750Z"));

        JsonNode condition = JSON.readTree(policy.document()).get("Statement").get(0).get("Condition");
        assertEquals("2026-11-23T10:00:01Z", condition.get("DateGreaterThan").get("aws:CurrentTime").asText());
        assertEquals("2026-11-23T11:00:00Z", condition.get("DateLessThan").get("aws:CurrentTime").asText());
    }

    @Test
    void of_shouldRefuse_whenWindowIsEmptyAtSecondPrecision() {
        assertThrows(GrantRefusedException.class, () -> GrantPolicy.of(terminate("r-4", "i-1"),
                Instant.parse("2026-11-23T10:00:00.100Z"), Instant.parse("2026-11-23T10:00:00.900Z")));
        assertThrows(GrantRefusedException.class, () -> GrantPolicy.of(terminate("r-4", "i-1"), NOT_AFTER, NOT_BEFORE));
    }

    // security.md, Grants: "Wildcards or forbidden actions never reach a policy" (examples; the property test
    // GrantPolicyPropertiesTest covers thousands of generated requests).
    @ParameterizedTest
    @ValueSource(strings = {"*", "ec2:*", "ec2:Terminate*", "ec2:TerminateInstance?", "iam:*", "sts:*",
            "organizations:*", "iam:PassRole", "IAM:passrole", "iam:PutRolePolicy", "iam:putuserpolicy",
            "iam:AttachGroupPolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
            "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
            "iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary", "ec2:${aws:username}",
            "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential", "iam:UploadSSHPublicKey",
            "iam:UploadSigningCertificate", "iam:UpdateAccessKey",
            "ec2 :TerminateInstances", "TerminateInstances", ""})
    void of_shouldRefuse_whenAnActionIsWildcardOrForbidden(String action) {
        GrantRefusedException e = assertThrows(GrantRefusedException.class, () -> GrantPolicy.of(
                request("r-5", List.of("ec2:StopInstances", action), List.of("arn:aws:ec2:eu-west-1:1:instance/i-1")),
                NOT_BEFORE, NOT_AFTER));
        assertTrue(e.getMessage().contains("'" + action + "'") || action.isEmpty(), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:ec2:eu-west-1:111122223333:instance/*", "arn:aws:s3:::bucket/key?",
            "arn:aws:s3:::bucket/${aws:username}", "arn:aws:s3:::bucket/a b", "i-0abc", "arn:aws:s3",
            "arn:aws:s3:::bucket/\u0000"})
    void of_shouldRefuse_whenAResourceIsNotAConcreteArn(String resource) {
        assertThrows(GrantRefusedException.class, () -> GrantPolicy.of(
                request("r-6", List.of("s3:GetObject"), List.of(resource)), NOT_BEFORE, NOT_AFTER));
    }

    @Test
    void of_shouldEscapeQuotesAsData_whenAResourceContainsJsonSyntax() throws Exception {
        String tricky = "arn:aws:s3:::bucket/a\"],\"Effect\":\"Allow\",\"Action\":[\"iam:PassRole";
        GrantPolicy policy = GrantPolicy.of(request("r-7", List.of("s3:GetObject"), List.of(tricky)), NOT_BEFORE, NOT_AFTER);

        JsonNode statement = JSON.readTree(policy.document()).get("Statement").get(0);
        assertEquals(tricky, statement.get("Resource").get(0).asText());
        assertEquals(List.of("s3:GetObject"), List.of(statement.get("Action").get(0).asText()));
        assertEquals(1, statement.get("Action").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AROA3XFRBF23EXAMPLE:bob", "AROA3XFRBF23EXAMPLE:*", "AROA3XFRBF23EXAMPLE",
            ":alice", "aroa3xfrbf23example:alice", "AROA3XFRBF23EXAMPLE:${aws:username}"})
    void of_shouldRefuse_whenUserIdIsNotThisSessionOfARole(String userId) {
        Requester odd = new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/alice", "111122223333",
                "Engineer", "alice", userId);
        assertThrows(GrantRefusedException.class, () -> GrantPolicy.of(request("r-8", odd,
                List.of("s3:GetObject"), List.of("arn:aws:s3:::b/k")), NOT_BEFORE, NOT_AFTER));
    }

    @Test
    void policyNameFor_shouldRefuse_whenRequestIdBreaksIamNameRules() {
        assertEquals("jita-01JDX7Q", GrantPolicy.policyNameFor("01JDX7Q"));
        assertThrows(GrantRefusedException.class, () -> GrantPolicy.policyNameFor("has space"));
        assertThrows(GrantRefusedException.class, () -> GrantPolicy.policyNameFor("x".repeat(124)));
    }

    @Test
    void requestIdOf_shouldRecogniseOnlyJitaPolicies() {
        assertEquals("01JDX7Q", GrantPolicy.requestIdOf("jita-01JDX7Q").orElseThrow());
        assertTrue(GrantPolicy.requestIdOf("jita-").isEmpty());
        assertTrue(GrantPolicy.requestIdOf("AdminAccess").isEmpty());
    }

    /**
     * security.md, "Identity Center": the permission set's policy has the request's statement with the same
     * aws:CurrentTime bounds, so a session that outlives the assignment still loses the access at notAfter; no
     * aws:userid (the role Identity Center provisions for it does not exist yet).
     */
    @Test
    void forPermissionSet_shouldHoldExactlyTheStatement_withTheTimeBounds_andNoUserId() {
        GrantPolicy policy = GrantPolicy.forPermissionSet(terminate("r-01jdx7q", "i-0abc"), NOT_BEFORE, NOT_AFTER,
                "jita-01jdx7q");

        assertEquals("jita-01jdx7q", policy.roleName());
        assertEquals("jita-01jdx7q", policy.policyName());
        assertEquals("""
                {"Version":"2012-10-17","Statement":[{"Sid":"Jitar01jdx7q","Effect":"Allow",\
                "Action":["ec2:TerminateInstances"],"Resource":["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc"],\
                "Condition":{"DateGreaterThan":{"aws:CurrentTime":"2026-11-23T10:00:00Z"},\
                "DateLessThan":{"aws:CurrentTime":"2026-11-23T11:00:00Z"}}}]}""", policy.document());
    }

    @Test
    void forPermissionSet_shouldRefuseWhatOfRefuses_aWildcardResource() {
        assertThrows(GrantRefusedException.class, () -> GrantPolicy.forPermissionSet(
                terminate("r-01jdx7q", "*"), NOT_BEFORE, NOT_AFTER, "jita-01jdx7q"));
    }
}
