package dev.jita.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Match;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.iam.AccountPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * jita's foothold in a target account: one role, {@link TargetRole} (jita-target at /jita-system/ by default),
 * that only the jita account's grant, revoke and sweeper function roles may assume, and that may do nothing but
 * read and change inline policies of the roles under the eligible path (and list roles, which the sweeper does by
 * that path), and read (GetRole) the roles IAM Identity Center creates, to check a requester's SSO role. The role itself lies outside the eligible path, so no grant can ever land on it.
 *
 * <p>Deployed into every target account, typically by a service-managed StackSet from {@link JitaTargetStack}'s
 * template (infrastructure/README.md, JitaTarget).
 */
public final class JitaTarget extends Construct {
    /** The target role's inline policy: IAM allows one name per role. */
    public static final String POLICY_NAME = "jita-target";

    /** EventBridge's detail-type of a CloudTrail management event. */
    public static final String CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";
    /** Where Identity Center keeps the roles it provisions (a region segment may follow). */
    static final String IDENTITY_CENTER_ROLE_PATH = "/aws-reserved/sso.amazonaws.com/";
    /** The start of the name of every role Identity Center provisions for one of jita's permission sets. */
    static final String JITA_PERMISSION_SET_ROLE_PREFIX = "AWSReservedSSO_jita-";

    private final Role role;
    private final Rule activityRule;

    public JitaTarget(Construct scope, String id, JitaTargetProps props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        // The jita account's three function roles by ARN. Trusting the account alone would let any of its principals
        // with sts:AssumeRole in; aws:PrincipalArn narrows that to the roles, which their own policies allow only on
        // this role's name and path.
        List<String> trusted = props.functionRoleNames().stream()
                .map(name -> stack.formatArn(ArnComponents.builder().service("iam").region("")
                        .account(props.jitaAccount()).resource("role").resourceName(name)
                        .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()))
                .toList();
        String eligibleRoles = stack.formatArn(ArnComponents.builder().service("iam").region("").resource("role")
                .resourceName(props.eligibleRolePath().substring(1) + "*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME)
                .build());
        PolicyDocument policy = PolicyDocument.Builder.create().statements(List.of(
                // What GrantService, RevokeService and the sweeper call on a requester's role: nothing else.
                PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("iam:GetRole",
                        "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:PutRolePolicy", "iam:DeleteRolePolicy"))
                        .resources(List.of(eligibleRoles)).build(),
                // The requester's Identity Center role, which a grant through a permission set checks: read only.
                PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("iam:GetRole"))
                        .resources(List.of(stack.formatArn(ArnComponents.builder().service("iam").region("")
                                .resource("role").resourceName(FunctionPolicies.IDENTITY_CENTER_ROLE_PATH.substring(1)
                                        + "*").arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()))).build(),
                // ListRoles has no resource-level permission: IAM evaluates it against Resource * only. It lists,
                // changes nothing, and the sweeper passes the eligible path as PathPrefix.
                PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("iam:ListRoles"))
                        .resources(List.of("*")).build())).build();
        role = Role.Builder.create(this, "Role")
                .roleName(props.targetRole().name())
                .path(props.targetRole().path())
                .description("jita: grants, revokes and sweeps inline policies of roles under "
                        + props.eligibleRolePath() + " for the jita account's grant, revoke and sweeper functions")
                .assumedBy(new AccountPrincipal(props.jitaAccount())
                        .withConditions(Map.of("ArnEquals", Map.of("aws:PrincipalArn", trusted))))
                // The functions ask for 15 minutes; an hour is IAM's default and the least it allows as a maximum.
                .maxSessionDuration(Duration.hours(1))
                .inlinePolicies(Map.of(POLICY_NAME, policy))
                .build();
        NagSuppressions.addResourceSuppressions(role, List.of(
                NagPackSuppression.builder().id("AwsSolutions-IAM5").reason("iam:ListRoles has no resource-level"
                        + " permissions, so it needs Resource *; it is read-only, and the sweeper lists only the"
                        + " eligible path's roles through PathPrefix.").appliesTo(List.of("Resource::*")).build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5").reason("Grants go to roles under the eligible"
                        + " IAM path, whose names are not known in advance; the path is the boundary, and this role"
                        + " lies outside it.").appliesTo(List.of(RegexAppliesTo.builder()
                                .regex("/^Resource::arn:.*:iam::.*:role\\/.*\\*$/").build())).build(),
                NagPackSuppression.builder().id("AwsSolutions-IAM5").reason("Identity Center names its roles under"
                        + " /aws-reserved/sso.amazonaws.com/ per permission set at assignment; iam:GetRole alone"
                        + " (a grant checks the requester's SSO role) reads them and changes nothing.")
                        .appliesTo(List.of(RegexAppliesTo.builder().regex(
                                "/^Resource::arn:.*:iam::.*:role\\/aws-reserved\\/sso\\.amazonaws\\.com\\/\\*$/")
                                .build())).build()));
        activityRule = forwardActivity(stack, props);
    }

    /**
     * What the grant is used for: the CloudTrail API calls of sessions of the roles under the eligible path (the
     * roles grants go to), and of the roles Identity Center provisions for jita's own permission sets
     * ({@code AWSReservedSSO_jita-<id>_<hex>} under its path: an Identity Center grant is used through them),
     * forwarded to the jita account's default bus, where its activity function records them. No other Identity
     * Center session leaves the account. Undeliverable events wait in a dead-letter queue here rather than vanish.
     */
    private Rule forwardActivity(Stack stack, JitaTargetProps props) {
        String roleArns = "arn:" + stack.getPartition() + ":iam::" + stack.getAccount() + ":role";
        String eligibleRoleArns = roleArns + props.eligibleRolePath();
        String identityCenterRoleArns = roleArns + IDENTITY_CENTER_ROLE_PATH;
        IEventBus jitaBus = EventBus.fromEventBusArn(this, "JitaBus", "arn:" + stack.getPartition() + ":events:"
                + stack.getRegion() + ":" + props.jitaAccount() + ":event-bus/default");
        Queue dlq = Queue.Builder.create(this, "ActivityDeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        NagSuppressions.addResourceSuppressions(dlq, List.of(NagPackSuppression.builder().id("AwsSolutions-SQS3")
                .reason("This queue is itself the dead-letter queue of the activity forwarding rule.").build()));
        return Rule.Builder.create(this, "ActivityForwarding")
                .description("jita: CloudTrail API calls of sessions of roles under " + props.eligibleRolePath()
                        + " and of Identity Center's roles for jita's permission sets to the jita account's event"
                        + " bus, which records what grants were used for")
                .eventPattern(EventPattern.builder()
                        // Sources AWS itself emits (aws.ec2...): nobody may PutEvents under an aws. source.
                        .source(Match.prefix("aws."))
                        .detailType(List.of(CLOUDTRAIL_DETAIL_TYPE))
                        // Both alternatives of one rule: an event is forwarded once whichever it matches.
                        .detail(Map.of("userIdentity", Map.of("type", List.of("AssumedRole"),
                                "sessionContext", Map.of("sessionIssuer", Map.of("$or", List.of(
                                        Map.of("arn", Match.prefix(eligibleRoleArns)),
                                        Map.of("arn", Match.prefix(identityCenterRoleArns),
                                                "userName", Match.prefix(JITA_PERMISSION_SET_ROLE_PREFIX))))))))
                        .build())
                .targets(List.of(software.amazon.awscdk.services.events.targets.EventBus.Builder.create(jitaBus)
                        .deadLetterQueue(dlq)
                        .build()))
                .build();
    }

    /** The rule forwarding the eligible roles' CloudTrail calls to the jita account's bus. */
    public Rule activityRule() {
        return activityRule;
    }

    public Role role() {
        return role;
    }
}
