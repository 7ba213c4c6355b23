package dev.jita.grant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertTrue;

class ForbiddenActionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"iam:PassRole", "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy",
            "iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy", "iam:CreatePolicyVersion",
            "iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey",
            "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:DeleteRolePermissionsBoundary",
            "iam:DeleteUserPermissionsBoundary", "IAM:PASSROLE", "Iam:putRolePolicy"})
    void whyRefused_shouldNameTheAction_whenActionIsOnTheForbiddenList(String action) {
        String why = ForbiddenActions.whyRefused(action).orElseThrow();
        assertTrue(why.contains(action), why);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec2:TerminateInstances", "iam:GetRole", "iam:DeleteRolePolicy", "sts:GetCallerIdentity",
            "iam:PutRolePermissionsBoundary", "s3:PutObject", "organizations:DescribeOrganization"})
    void whyRefused_shouldBeEmpty_whenActionIsConcreteAndAllowed(String action) {
        assertTrue(ForbiddenActions.whyRefused(action).isEmpty(), action);
    }

    @Test
    void whyRefused_shouldRefuseEveryWildcardForm() {
        for (String action : new String[]{"*", "iam:*", "sts:*", "organizations:*", "s3:*", "s3:Get*", "s3:?etObject",
                "s3:GetObject$", "s3:", ":GetObject", "s3:Get Object", null}) {
            assertTrue(ForbiddenActions.whyRefused(action).isPresent(), String.valueOf(action));
        }
    }
}
