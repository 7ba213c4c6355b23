package dev.jita.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;

/**
 * Least privilege: one IAM statement (rarely two) per {@link Capability} of a function, named actions only, on this
 * construct's own resources only (README, Least privilege; JitaApprovalTest holds the lists).
 *
 * @param stateMachineArn   the workflow's ARN built from its fixed name ({@link Workflow})
 * @param revokeFunctionArn the revoke function's {@value JitaApproval#ALIAS} alias ARN (a token resolved at synth)
 */
record FunctionPolicies(Stack stack, JitaApprovalProps props, Storage storage, String stateMachineArn,
                        String stateMachineName, String revokeFunctionArn) {

    List<PolicyStatement> of(FunctionSpec spec) {
        List<PolicyStatement> out = new ArrayList<>();
        String roles = stack.formatArn(ArnComponents.builder().service("iam").region("").resource("role")
                .resourceName(props.eligibleRolePath().substring(1) + "*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        String requests = storage.requests().getTableArn();
        String audit = storage.audit().getTableArn();
        String linkKey = storage.linkKey().getKeyArn();
        for (Capability capability : Capability.values()) {
            if (!spec.capabilities().contains(capability)) {
                continue;
            }
            switch (capability) {
                case READ_REQUESTS -> out.add(allow(List.of("dynamodb:GetItem", "dynamodb:Query"),
                        List.of(requests, requests + "/index/*")));
                case WRITE_REQUESTS -> out.add(allow(
                        List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"),
                        List.of(requests)));
                case READ_AUDIT -> out.add(allow(List.of("dynamodb:GetItem", "dynamodb:Query"),
                        List.of(audit, audit + "/index/*")));
                case APPEND_AUDIT -> {
                    out.add(allow(List.of("dynamodb:PutItem"), List.of(audit)));
                    out.add(allow(List.of("kms:GenerateMac"), List.of(storage.auditKey().getKeyArn())));
                }
                case VERIFY_AUDIT -> out.add(allow(List.of("kms:VerifyMac"), List.of(storage.auditKey().getKeyArn())));
                case CLAIM_IDEMPOTENCY_KEYS -> out.add(allow(List.of("dynamodb:PutItem"),
                        List.of(storage.idempotency().getTableArn())));
                case START_WORKFLOW -> out.add(allow(List.of("states:StartExecution"), List.of(stateMachineArn)));
                case RESTART_WORKFLOWS -> {
                    out.add(allow(List.of("states:StartExecution"), List.of(stateMachineArn)));
                    // DescribeExecution is authorized on the execution's ARN: execution:<machine>:<name>.
                    out.add(allow(List.of("states:DescribeExecution"), List.of(stack.formatArn(ArnComponents.builder()
                            .service("states").resource("execution").resourceName(stateMachineName + ":*")
                            .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build()))));
                }
                case ANSWER_WORKFLOW_TASKS -> out.add(allow(List.of("states:SendTaskSuccess", "states:SendTaskFailure"),
                        List.of(stateMachineArn)));
                case CANCEL_WORKFLOW_TASKS -> out.add(allow(List.of("states:SendTaskFailure"), List.of(stateMachineArn)));
                case APPROVE_WORKFLOW_TASKS -> out.add(allow(List.of("states:SendTaskSuccess"), List.of(stateMachineArn)));
                case SIGN_LINKS -> out.add(allow(List.of("kms:GenerateMac"), List.of(linkKey)));
                case VERIFY_LINKS -> {
                    // GenerateMac too: the confirm page's CSRF token is a MAC under the link key (CsrfTokens).
                    out.add(allow(List.of("kms:GenerateMac", "kms:VerifyMac"), List.of(linkKey)));
                    props.previousLinkKeyArn().ifPresent(previous ->
                            out.add(allow(List.of("kms:VerifyMac"), List.of(previous))));
                }
                case GRANT_ROLE_POLICIES -> out.add(allow(List.of("iam:PutRolePolicy", "iam:GetRolePolicy",
                        "iam:DeleteRolePolicy", "iam:ListRolePolicies", "iam:GetRole"), List.of(roles)));
                case REVOKE_ROLE_POLICIES -> out.add(allow(List.of("iam:DeleteRolePolicy"), List.of(roles)));
                case SWEEP_ROLE_POLICIES -> {
                    // ListRoles has no resource-level permission: IAM evaluates it against Resource * only, so a
                    // role ARN here would deny every sweep. The function passes the eligible path as PathPrefix.
                    out.add(allow(List.of("iam:ListRoles"), List.of("*")));
                    out.add(allow(List.of("iam:ListRolePolicies", "iam:DeleteRolePolicy"), List.of(roles)));
                }
                case ASSUME_TARGET_ROLE -> {
                    // Any account, because one statement per target account would outgrow IAM's inline policy
                    // size with a few hundred accounts; the functions refuse accounts not in JITA_TARGET_ACCOUNTS
                    // before they call STS. Only jita's own target role name and path, never a grantable role.
                    if (!props.targetAccounts().isEmpty()) {
                        out.add(allow(List.of("sts:AssumeRole"), List.of(targetRoles())));
                    }
                }
                case REVOKE_THROUGH_REVOKE_FUNCTION -> {
                    // The alias the functions invoke (JITA_REVOKE_FUNCTION), nothing else: not the bare function,
                    // not another version. Only needed where a request can be in another account or in Identity
                    // Center.
                    if (props.revokesThroughRevokeFunction()) {
                        out.add(allow(List.of("lambda:InvokeFunction"), List.of(revokeFunctionArn)));
                    }
                }
                case USE_IDENTITY_CENTER -> props.identityCenter().ifPresent(identityCenter ->
                        // That one role, nothing else: the sso permissions live in it, never in jita's own roles.
                        out.add(allow(List.of("sts:AssumeRole"), List.of(identityCenter.roleArn()))));
                case READ_IDENTITY_CENTER_ROLES -> {
                    if (props.identityCenter().isPresent()) {
                        out.add(allow(List.of("iam:GetRole"), List.of(identityCenterRoles())));
                    }
                }
                case RECORD_INCIDENTS -> out.add(allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                        List.of(storage.incidents().orElseThrow().getTableArn())));
                case SEND_EMAIL -> sendEmail().ifPresent(out::add);
                case TELL_IDENTITY_CENTER_USERS -> {
                    if (props.identityCenter().isPresent()) {
                        sendEmail().ifPresent(out::add);
                    }
                }
                case READ_SLACK_WEBHOOKS -> storage.slackWebhooks().ifPresent(secret ->
                        out.add(allow(List.of("secretsmanager:GetSecretValue"), List.of(secret.getSecretArn()))));
                case READ_AUDIT_STREAM -> {
                    // What Lambda's event source mapping reads with the function's role, on this one stream.
                    out.add(allow(List.of("dynamodb:DescribeStream", "dynamodb:GetRecords",
                            "dynamodb:GetShardIterator"), List.of(storage.audit().getTableStreamArn())));
                    // ListStreams has no resource-level permission; it names streams, it reads no record.
                    out.add(allow(List.of("dynamodb:ListStreams"), List.of("*")));
                }
                case WRITE_AUDIT_EXPORT -> out.add(allow(List.of("s3:PutObject"),
                        List.of(storage.auditExport().arnForObjects(Storage.AUDIT_EXPORT_PREFIX + "*"))));
                case READ_AUDIT_EXPORT -> {
                    out.add(allow(List.of("s3:GetObject"),
                            List.of(storage.auditExport().arnForObjects(Storage.AUDIT_EXPORT_PREFIX + "*"))));
                    out.add(PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("s3:ListBucket"))
                            .resources(List.of(storage.auditExport().getBucketArn()))
                            .conditions(Map.of("StringLike", Map.of("s3:prefix", Storage.AUDIT_EXPORT_PREFIX + "*")))
                            .build());
                }
            }
        }
        return out;
    }

    /** {@code arn:<partition>:iam::*:role<targetPath><targetName>}: jita's target role in every account. */
    String targetRoles() {
        return stack.formatArn(ArnComponents.builder().service("iam").region("").account("*").resource("role")
                .resourceName(props.targetRole().resourceName()).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    /** {@code arn:<partition>:iam::<this account>:role/aws-reserved/sso.amazonaws.com/*}: Identity Center's roles. */
    String identityCenterRoles() {
        return stack.formatArn(ArnComponents.builder().service("iam").region("").resource("role")
                .resourceName(IDENTITY_CENTER_ROLE_PATH.substring(1) + "*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
    }

    /** Where IAM Identity Center puts the roles of its permission sets in every account. */
    static final String IDENTITY_CENTER_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/";

    /** From the configured sender only (its address and its domain as identities), when there is one. */
    private Optional<PolicyStatement> sendEmail() {
        return props.notifications().senderAddress().map(address -> {
            String domain = address.substring(address.indexOf('@') + 1);
            List<String> resources = new ArrayList<>();
            resources.add(sesArn("identity", address));
            resources.add(sesArn("identity", domain));
            props.notifications().sesConfigurationSet().ifPresent(set -> resources.add(sesArn("configuration-set", set)));
            return PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("ses:SendEmail"))
                    .resources(resources)
                    .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", address)))
                    .build();
        });
    }

    private String sesArn(String resource, String name) {
        return stack.formatArn(ArnComponents.builder().service("ses").resource(resource).resourceName(name)
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }
}
