package dev.jita.infra;

import java.util.Optional;
import software.amazon.awscdk.BootstraplessSynthesizer;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The target stack: one {@link JitaTarget}, in a template that one service-managed StackSet can send to every
 * account of an organizational unit. What differs between jita installations (the jita account, its function roles)
 * is a CloudFormation parameter; nothing needs CDK bootstrapping (no assets, no bootstrap version rule), and the
 * stack is environment-agnostic (each instance's account and partition come from CloudFormation).
 *
 * <p>The parameters have the names of the jita stack's outputs ({@code GrantFunctionRoleName} and so on), so its
 * values carry over one to one. Context values, when given, become the parameters' defaults.
 */
public final class JitaTargetStack extends Stack {
    /** Parameter: the jita account's id. */
    public static final String JITA_ACCOUNT = "JitaAccountId";
    /** Parameter: the grant function's role name; also the jita stack's output of that name. */
    public static final String GRANT_ROLE = "GrantFunctionRoleName";
    /** Parameter: the revoke function's role name; also the jita stack's output of that name. */
    public static final String REVOKE_ROLE = "RevokeFunctionRoleName";
    /** Parameter: the sweeper's role name; also the jita stack's output of that name. */
    public static final String SWEEPER_ROLE = "SweeperFunctionRoleName";

    private final JitaTarget target;

    /**
     * @param eligibleRolePath the jita stack's eligible path
     * @param targetRole       the role to create, as the jita stack names it
     * @param defaults         the parameters' defaults; none: each StackSet or stack gives them
     */
    public JitaTargetStack(Construct scope, String id, String eligibleRolePath, TargetRole targetRole,
                           Defaults defaults) {
        super(scope, id, StackProps.builder()
                .description("jita target: the role jita's functions in the jita account assume to grant here")
                // No bootstrap roles, bucket or version rule: StackSets deploy the template as it is.
                .synthesizer(new BootstraplessSynthesizer())
                // No CDKMetadata resource: one template for every account and region, nothing but the role.
                .analyticsReporting(false)
                .build());
        CfnParameter account = parameter(JITA_ACCOUNT, "The jita account's 12-digit id", "^[0-9]{12}$",
                defaults.jitaAccount());
        String roleName = "^" + JitaTargetProps.ROLE_NAME + "$";
        CfnParameter grant = parameter(GRANT_ROLE, "Name of jita's grant function role in the jita account (the"
                + " jita stack's output " + GRANT_ROLE + ")", roleName, defaults.grantRoleName());
        CfnParameter revoke = parameter(REVOKE_ROLE, "Name of jita's revoke function role in the jita account (the"
                + " jita stack's output " + REVOKE_ROLE + ")", roleName, defaults.revokeRoleName());
        CfnParameter sweeper = parameter(SWEEPER_ROLE, "Name of jita's sweeper function role in the jita account (the"
                + " jita stack's output " + SWEEPER_ROLE + ")", roleName, defaults.sweeperRoleName());
        target = new JitaTarget(this, "Target", JitaTargetProps.builder()
                .jitaAccount(account.getValueAsString())
                .grantRoleName(grant.getValueAsString())
                .revokeRoleName(revoke.getValueAsString())
                .sweeperRoleName(sweeper.getValueAsString())
                .eligibleRolePath(eligibleRolePath)
                .targetRole(targetRole)
                .build());
        CfnOutput.Builder.create(this, "TargetRoleArn").description("The role jita assumes in this account")
                .value(target.role().getRoleArn()).build();
    }

    private CfnParameter parameter(String id, String description, String pattern, Optional<String> value) {
        CfnParameter.Builder parameter = CfnParameter.Builder.create(this, id).type("String").description(description)
                .allowedPattern(pattern);
        value.ifPresent(parameter::defaultValue);
        return parameter.build();
    }

    public JitaTarget target() {
        return target;
    }

    /** Defaults of the parameters, e.g. from context values; empty: the parameter must be given. */
    public record Defaults(Optional<String> jitaAccount, Optional<String> grantRoleName,
                           Optional<String> revokeRoleName, Optional<String> sweeperRoleName) {
        public static Defaults none() {
            return new Defaults(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
    }
}
