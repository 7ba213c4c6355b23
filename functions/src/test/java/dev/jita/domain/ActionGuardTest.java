package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ActionGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"ec2:TerminateInstances", "s3:GetObject", "s3-object-lambda:GetObject",
        "execute-api:Invoke", "rds:RebootDBInstance", "iam:GetRole", "EC2:terminateinstances",
        "iam:CreatePolicy", "iam:PutRolePolicyX"})
    void refusal_shouldBeEmpty_forConcreteHarmlessActions(String action) {
        assertTrue(ActionGuard.refusal(action).isEmpty(), () -> ActionGuard.refusal(action).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "iam:*", "sts:*", "organizations:*", "ec2:*", "S3:*", "ec2:**",
        "iam:PassRole", "iam:passrole", "IAM:PASSROLE", "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy",
        "iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:CreatePolicyVersion",
        "iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey",
        "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:DeleteRolePermissionsBoundary",
        "iam:DeleteUserPermissionsBoundary", "iam:PutRolePermissionsBoundary", "iam:AddUserToGroup",
        "iam:Put*Policy", "iam:Attach*Policy",
        "iam:CreateServiceSpecificCredential", "iam:ResetServiceSpecificCredential", "iam:UploadSSHPublicKey",
        "iam:UploadSigningCertificate", "iam:UpdateAccessKey", "IAM:updateaccesskey",
        "sts:AssumeRole", "sts:GetCallerIdentity", "STS:AssumeRoleWithWebIdentity", "organizations:LeaveOrganization"})
    void refusal_shouldBeForbiddenAction_forTheNeverRequestableList(String action) {
        assertEquals(Reason.FORBIDDEN_ACTION, ActionGuard.refusal(action).orElseThrow().reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec2:Terminate*", "ec2:*Instances", "s3:Get?bject", "iam:P*", "ec2:Describe*"})
    void refusal_shouldBeWildcardNotAllowed_forPartialWildcards(String action) {
        assertEquals(Reason.WILDCARD_NOT_ALLOWED, ActionGuard.refusal(action).orElseThrow().reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ec2", "ec2:", ":TerminateInstances", "ec2 :TerminateInstances",
        "ec2:Terminate Instances", "ec2:TerminateInstances\n", "ec2::TerminateInstances", "ec2:Terminate:Instances",
        "ec2:Terminate-Instances", "-ec2:Foo", "ec2-:Foo",
        // Look-alikes that a Unicode-aware lowercase would turn into forbidden names.
        "\u0131am:PassRole", "iam:Pass\u212aole", "\uff49am:PassRole", "iam:PassRole\u200b"})
    void refusal_shouldBeInvalidAction_forMalformedNames(String action) {
        assertEquals(Reason.INVALID_ACTION, ActionGuard.refusal(action).orElseThrow().reason());
    }

    @Test
    void refusal_shouldBeInvalidAction_forNullAndTooLong() {
        assertEquals(Reason.INVALID_ACTION, ActionGuard.refusal(null).orElseThrow().reason());
        assertEquals(Reason.INVALID_ACTION, ActionGuard.refusal("ec2:" + "A".repeat(200)).orElseThrow().reason());
    }

    @Test
    void refusal_shouldNotEchoControlCharacters_inItsMessage() {
        String message = ActionGuard.refusal("ec2:Stop\u0007Instances").orElseThrow().message();

        assertFalse(message.contains("\u0007"));
        assertTrue(message.contains("\\u0007"), message);
    }

    @Test
    void canonical_shouldLowercase_becauseIamComparesActionsCaseInsensitively() {
        assertEquals("ec2:terminateinstances", ActionGuard.canonical("EC2:TerminateInstances"));
        assertTrue(ActionGuard.same("ec2:StopInstances", "EC2:stopinstances"));
        assertFalse(ActionGuard.same("ec2:StopInstances", "ec2:StartInstances"));
        assertThrows(IllegalArgumentException.class, () -> ActionGuard.canonical("ec2:*"));
    }
}
