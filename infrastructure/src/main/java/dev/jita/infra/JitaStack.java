package dev.jita.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/** The jita stack: one {@link JitaApproval} and the outputs a platform team needs after deploying it. */
public final class JitaStack extends Stack {
    private final JitaApproval jita;

    /** @param alarmTopicArn an existing topic for the alarms; empty: the construct creates one */
    public JitaStack(Construct scope, String id, StackProps stackProps, JitaApprovalProps props,
                     Optional<String> alarmTopicArn) {
        super(scope, id, stackProps);
        JitaApprovalProps withTopic = alarmTopicArn
                .map(arn -> props.withAlarmTopic(Topic.fromTopicArn(this, "AlarmTopic", arn)))
                .orElse(props);
        this.jita = new JitaApproval(this, "Jita", withTopic);
        CfnOutput.Builder.create(this, "ApiUrl").description("Base URL of the jita API (engineer routes and links)")
                .value(jita.publicBaseUrl()).build();
        CfnOutput.Builder.create(this, "StateMachineArn").value(jita.stateMachine().getStateMachineArn()).build();
        CfnOutput.Builder.create(this, "LinkKeyArn").value(jita.linkKey().getKeyArn()).build();
        CfnOutput.Builder.create(this, "AlarmTopicArn").description("Subscribe your on-call to it")
                .value(jita.alarmTopic().getTopicArn()).build();
        // What a JitaTarget in another account and the JitaIdentityCenter stack need: these roles' names, as those
        // stacks' parameters of the same names (no other function's role: those stacks trust these three alone).
        // CloudFormation derives the names; a role replaced here gets a new one, and those stacks must follow.
        for (FunctionSpec spec : List.of(FunctionSpec.GRANT, FunctionSpec.REVOKE, FunctionSpec.SWEEPER)) {
            Optional.ofNullable(jita.roles().get(spec.id())).ifPresent(role -> CfnOutput.Builder.create(this,
                            Functions.capitalized(spec.id()) + "FunctionRoleName")
                    .description("jita's " + spec.id() + " function role: a parameter of the JitaTarget and"
                            + " JitaIdentityCenter stacks")
                    .value(role.getRoleName()).build());
        }
        jita.slackWebhookSecret().ifPresent(secret -> CfnOutput.Builder.create(this, "SlackWebhookSecretArn")
                .description("Put {\"<approver id>\": \"https://hooks.slack.com/...\"} in it")
                .value(secret.getSecretArn()).build());
    }

    public JitaApproval jita() {
        return jita;
    }
}
