package dev.jita.infra;

import java.util.List;
import java.util.Optional;
import software.amazon.awscdk.BootstraplessSynthesizer;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.CfnParameter;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The Identity Center stack: one {@link JitaIdentityCenterAccess}, for the account that administers IAM Identity
 * Center (the management account or the delegated admin). Like {@link JitaTargetStack} it needs no CDK bootstrapping
 * (which a management account is better without) and takes what differs between installations as CloudFormation
 * parameters named like the jita stack's outputs; context values become their defaults. The accounts jita may assign
 * in are a synth-time choice ({@code jita:identityCenterAccounts}).
 */
public final class JitaIdentityCenterStack extends Stack {
    /** Parameter: the Identity Center instance ARN. */
    public static final String INSTANCE_ARN = "IdentityCenterInstanceArn";
    /** Parameter: the identity store id. */
    public static final String IDENTITY_STORE_ID = "IdentityStoreId";

    private final JitaIdentityCenterAccess access;

    /**
     * @param accounts the accounts jita may assign its permission sets in; empty: any
     * @param defaults the parameters' defaults; none: the deployment gives them
     */
    public JitaIdentityCenterStack(Construct scope, String id, List<String> accounts, Defaults defaults) {
        super(scope, id, StackProps.builder()
                .description("jita Identity Center: the role jita's functions assume to grant through permission sets")
                .synthesizer(new BootstraplessSynthesizer())
                .analyticsReporting(false)
                .build());
        String roleName = "^" + JitaTargetProps.ROLE_NAME + "$";
        CfnParameter account = parameter(JitaTargetStack.JITA_ACCOUNT, "The jita account's 12-digit id",
                "^[0-9]{12}$", defaults.jitaAccount());
        CfnParameter grant = parameter(JitaTargetStack.GRANT_ROLE, roleDescription("grant",
                JitaTargetStack.GRANT_ROLE), roleName, defaults.grantRoleName());
        CfnParameter revoke = parameter(JitaTargetStack.REVOKE_ROLE, roleDescription("revoke",
                JitaTargetStack.REVOKE_ROLE), roleName, defaults.revokeRoleName());
        CfnParameter sweeper = parameter(JitaTargetStack.SWEEPER_ROLE, roleDescription("sweeper",
                JitaTargetStack.SWEEPER_ROLE), roleName, defaults.sweeperRoleName());
        CfnParameter instance = parameter(INSTANCE_ARN, "The Identity Center instance ARN"
                + " (aws sso-admin list-instances)", "^" + IdentityCenterSettings.INSTANCE_ARN + "$",
                defaults.instanceArn());
        CfnParameter store = parameter(IDENTITY_STORE_ID, "The identity store id, like d-1234567890"
                + " (aws sso-admin list-instances)", "^(" + IdentityCenterSettings.IDENTITY_STORE_ID + ")$",
                defaults.identityStoreId());
        access = new JitaIdentityCenterAccess(this, "IdentityCenter", JitaIdentityCenterProps.builder()
                .jitaAccount(account.getValueAsString())
                .grantRoleName(grant.getValueAsString())
                .revokeRoleName(revoke.getValueAsString())
                .sweeperRoleName(sweeper.getValueAsString())
                .instanceArn(instance.getValueAsString())
                .identityStoreId(store.getValueAsString())
                .accounts(accounts)
                .build());
        CfnOutput.Builder.create(this, "RoleArn").description("The role jita assumes for Identity Center: the jita"
                        + " stack's jita:identityCenterRoleArn")
                .value(access.role().getRoleArn()).build();
    }

    private static String roleDescription(String function, String output) {
        return "Name of jita's " + function + " function role in the jita account (the jita stack's output " + output
                + ")";
    }

    private CfnParameter parameter(String id, String description, String pattern, Optional<String> value) {
        CfnParameter.Builder parameter = CfnParameter.Builder.create(this, id).type("String").description(description)
                .allowedPattern(pattern);
        value.ifPresent(parameter::defaultValue);
        return parameter.build();
    }

    public JitaIdentityCenterAccess access() {
        return access;
    }

    /** Defaults of the parameters, e.g. from context values; empty: the parameter must be given. */
    public record Defaults(Optional<String> jitaAccount, Optional<String> grantRoleName,
                           Optional<String> revokeRoleName, Optional<String> sweeperRoleName,
                           Optional<String> instanceArn, Optional<String> identityStoreId) {
        public static Defaults none() {
            return new Defaults(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
    }
}
