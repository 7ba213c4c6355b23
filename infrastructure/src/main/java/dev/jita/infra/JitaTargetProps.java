package dev.jita.infra;

import dev.jita.app.Environment;
import java.util.List;
import java.util.Objects;
import software.amazon.awscdk.Token;

/**
 * Everything {@link JitaTarget} needs; build with {@link #builder()}. The account and the role names may be tokens
 * (CloudFormation parameters, as {@link JitaTargetStack} has them for a StackSet): they are checked at synth only
 * when they are plain values.
 *
 * @param jitaAccount      the jita account's id: the account whose functions may assume the target role
 * @param grantRoleName    the name of jita's grant function role in that account (the jita stack's output
 *                         {@code GrantFunctionRoleName}); jita's function roles live at the path '/'
 * @param revokeRoleName   the same for the revoke function ({@code RevokeFunctionRoleName})
 * @param sweeperRoleName  the same for the sweeper ({@code SweeperFunctionRoleName})
 * @param eligibleRolePath the jita stack's eligible path: the target role may touch only the roles under it
 * @param targetRole       the name and path of the role to create; the jita stack's functions assume exactly this
 */
public record JitaTargetProps(
        String jitaAccount,
        String grantRoleName,
        String revokeRoleName,
        String sweeperRoleName,
        String eligibleRolePath,
        TargetRole targetRole) {

    public JitaTargetProps {
        Objects.requireNonNull(jitaAccount, "jitaAccount");
        Objects.requireNonNull(grantRoleName, "grantRoleName");
        Objects.requireNonNull(revokeRoleName, "revokeRoleName");
        Objects.requireNonNull(sweeperRoleName, "sweeperRoleName");
        Objects.requireNonNull(eligibleRolePath, "eligibleRolePath");
        Objects.requireNonNull(targetRole, "targetRole");
        if (!Token.isUnresolved(jitaAccount) && !jitaAccount.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("the jita account is a 12-digit AWS account id; got '" + jitaAccount
                    + "'");
        }
        for (String name : List.of(grantRoleName, revokeRoleName, sweeperRoleName)) {
            if (!Token.isUnresolved(name) && !name.matches(ROLE_NAME)) {
                throw new IllegalArgumentException("a function role name is the role's name alone (1 to 64 of letters,"
                        + " digits and +=,.@_-), as the jita stack outputs it, not its ARN; got '" + name + "'");
            }
        }
        RolePaths.requireEligible(eligibleRolePath);
        RolePaths.requireDisjoint(eligibleRolePath, targetRole);
    }

    /** An IAM role name. */
    static final String ROLE_NAME = "[\\w+=,.@-]{1,64}";

    /** The three function role names: the roles the target role trusts, and no other. */
    public List<String> functionRoleNames() {
        return List.of(grantRoleName, revokeRoleName, sweeperRoleName);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: the eligible path /jita/, the target role jita-target at /jita-system/. */
    public static final class Builder {
        private String jitaAccount;
        private String grantRoleName;
        private String revokeRoleName;
        private String sweeperRoleName;
        private String eligibleRolePath = Environment.DEFAULT_ELIGIBLE_ROLE_PATH;
        private TargetRole targetRole = TargetRole.byDefault();

        public Builder jitaAccount(String v) { jitaAccount = v; return this; }
        public Builder grantRoleName(String v) { grantRoleName = v; return this; }
        public Builder revokeRoleName(String v) { revokeRoleName = v; return this; }
        public Builder sweeperRoleName(String v) { sweeperRoleName = v; return this; }
        public Builder eligibleRolePath(String v) { eligibleRolePath = v; return this; }
        public Builder targetRole(TargetRole v) { targetRole = v; return this; }

        public JitaTargetProps build() {
            return new JitaTargetProps(jitaAccount, grantRoleName, revokeRoleName, sweeperRoleName, eligibleRolePath,
                    targetRole);
        }
    }
}
