package dev.jita.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.stepfunctions.StateMachine;

/** The cdk-nag findings this design accepts, each on the resource it concerns and with its reason. */
final class Suppressions {
    /** The functions whose spec has {@link Capability#ASSUME_TARGET_ROLE}, by id. */
    private static final java.util.Set<String> ASSUMES_TARGET_ROLE = java.util.stream.Stream.of(FunctionSpec.INTAKE,
                    FunctionSpec.NOTIFY, FunctionSpec.APPROVAL, FunctionSpec.GRANT, FunctionSpec.REVOKE,
                    FunctionSpec.INCIDENT, FunctionSpec.SWEEPER)
            .filter(spec -> spec.capabilities().contains(Capability.ASSUME_TARGET_ROLE))
            .map(FunctionSpec::id).collect(java.util.stream.Collectors.toUnmodifiableSet());

    private Suppressions() {
    }

    static void add(Functions functions, StateMachine stateMachine, RestApi api, Optional<ISecret> slackWebhooks) {
        functions.roles().forEach((id, role) -> {
            List<NagPackSuppression> reasons = new ArrayList<>();
            String star = "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions, so"
                    + " active tracing needs Resource *.";
            if (FunctionSpec.SWEEPER.id().equals(id)) {
                star += " So has iam:ListRoles (read-only; the sweeper lists only the eligible path's roles through"
                        + " PathPrefix, and may change policies only under that path).";
            }
            if (FunctionSpec.EXPORT.id().equals(id)) {
                star += " So has dynamodb:ListStreams, which Lambda's event source mapping calls (it names streams,"
                        + " it reads no record; the records are read on the audit table's stream alone).";
            }
            reasons.add(suppress("AwsSolutions-IAM5", star, "Resource::*"));
            reasons.add(suppressRegex("AwsSolutions-IAM5", "Queries on a table's global secondary indexes name them"
                    + " as table/index/*; the actions are read-only GetItem/Query.", "/^Resource::.*\\/index\\/\\*$/"));
            reasons.add(suppressRegex("AwsSolutions-IAM5", "Grants go to roles under the eligible IAM path, whose"
                    + " names are not known in advance; the path is the boundary (design.md, The grant).",
                    "/^Resource::arn:.*:iam::.*:role\\/.*\\*$/"));
            if (ASSUMES_TARGET_ROLE.contains(id)) {
                reasons.add(suppressRegex("AwsSolutions-IAM5", "jita's target role has one name and path in every"
                        + " target account (JitaTarget), and the accounts are many: sts:AssumeRole names that role in"
                        + " any account rather than one statement per account, which would outgrow IAM's policy size;"
                        + " the function refuses accounts not in JITA_TARGET_ACCOUNTS before it calls STS.",
                        "/^Resource::arn:.*:iam::\\*:role\\/.*$/"));
            }
            if (FunctionSpec.GRANT.id().equals(id) || FunctionSpec.REVOKE.id().equals(id)) {
                reasons.add(suppressRegex("AwsSolutions-IAM5", "With Identity Center: iam:GetRole alone on the"
                        + " roles Identity Center creates under /aws-reserved/sso.amazonaws.com/ (one per permission"
                        + " set, named at assignment), to check a requester's SSO role; it reads, it changes nothing.",
                        "/^Resource::arn:.*:iam::.*:role\\/aws-reserved\\/sso\\.amazonaws\\.com\\/\\*$/"));
            }
            if (FunctionSpec.SWEEPER.id().equals(id)) {
                reasons.add(suppressRegex("AwsSolutions-IAM5", "The sweeper asks after the executions of this"
                        + " construct's state machine alone (execution:<machine>:*), whose names are request ids known"
                        + " only at run time; DescribeExecution is read-only.",
                        "/^Resource::arn:.*:states:.*:execution:.*:\\*$/"));
            }
            if (FunctionSpec.EXPORT.id().equals(id) || FunctionSpec.INTAKE.id().equals(id)) {
                reasons.add(suppressRegex("AwsSolutions-IAM5", "Exported audit objects are named by day and batch"
                        + " at run time; the export writes (PutObject) and verify reads (GetObject) under the export"
                        + " bucket's audit/ prefix alone.", "/^Resource::<[A-Za-z0-9]*AuditExportBucket.*\\.Arn>\\/audit\\/\\*$/"));
            }
            NagSuppressions.addResourceSuppressions(role, reasons, true);
        });
        NagSuppressions.addResourceSuppressions(stateMachine, List.of(
                suppress("AwsSolutions-IAM5", "CloudWatch Logs' vended log delivery and X-Ray accept only Resource *"
                        + " for the actions Step Functions needs to log and trace.", "Resource::*")), true);
        functions.functions().values().forEach(fn -> NagSuppressions.addResourceSuppressions(fn, List.of(
                new NagPackSuppression.Builder().id("AwsSolutions-L1").reason("java21 is the runtime the functions"
                        + " are built and tested for (design.md); a newer one is a deliberate upgrade.").build())));
        functions.deadLetterQueues().values().forEach(Suppressions::deadLetterQueue);
        NagSuppressions.addResourceSuppressions(api, List.of(
                new NagPackSuppression.Builder().id("AwsSolutions-APIG2").reason("The functions validate every body"
                        + " strictly themselves (unknown fields rejected, sizes bounded): one validator, not two.").build(),
                new NagPackSuppression.Builder().id("AwsSolutions-APIG3").reason("A WAF web ACL is the account owner's"
                        + " choice and cost; stage throttling and the per-requester pending cap bound abuse.").build(),
                new NagPackSuppression.Builder().id("AwsSolutions-APIG6").reason("Execution logging needs the"
                        + " account-wide API Gateway CloudWatch role, which a reusable construct must not own; access"
                        + " logs record every request.").build(),
                new NagPackSuppression.Builder().id("AwsSolutions-APIG4").reason("Only /approvals/{token} is open:"
                        + " the signed single-use token in the path is the approver's credential (design.md).").build(),
                new NagPackSuppression.Builder().id("AwsSolutions-COG4").reason("Engineers authenticate with IAM"
                        + " (AWS_IAM authorization); approvers with the signed link. There are no Cognito users.").build()),
                true);
        slackWebhooks.filter(s -> s instanceof Secret).ifPresent(s -> NagSuppressions.addResourceSuppressions(s,
                List.of(new NagPackSuppression.Builder().id("AwsSolutions-SMG4").reason("Slack issues webhook URLs;"
                        + " they are replaced in Slack and pasted here, not rotated by a Lambda.").build())));
    }

    private static void deadLetterQueue(Queue queue) {
        NagSuppressions.addResourceSuppressions(queue, List.of(new NagPackSuppression.Builder()
                .id("AwsSolutions-SQS3").reason("This queue is itself a dead-letter queue (of a Lambda function and"
                        + " its EventBridge target, or of the audit stream's export).").build()));
    }

    /** The export bucket: write-once evidence written by one function. */
    static void auditExport(Bucket bucket) {
        NagSuppressions.addResourceSuppressions(bucket, List.of(new NagPackSuppression.Builder()
                .id("AwsSolutions-S1").reason("Only the export function writes here and intake reads, both under"
                        + " roles of their own; Object Lock in compliance mode keeps every object version whoever asks,"
                        + " and the account's CloudTrail (data events, if the owner enables them) records access;"
                        + " an access log bucket would be one more bucket to keep and nag about.").build()), true);
    }

    private static NagPackSuppression suppress(String id, String reason, String appliesTo) {
        return new NagPackSuppression.Builder().id(id).reason(reason).appliesTo(List.of(appliesTo)).build();
    }

    private static NagPackSuppression suppressRegex(String id, String reason, String regex) {
        return new NagPackSuppression.Builder().id(id).reason(reason)
                .appliesTo(List.of(RegexAppliesTo.builder().regex(regex).build())).build();
    }
}
