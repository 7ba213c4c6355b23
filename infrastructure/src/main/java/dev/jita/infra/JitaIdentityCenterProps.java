package dev.jita.infra;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import software.amazon.awscdk.Token;

/**
 * Everything {@link JitaIdentityCenterAccess} needs; build with {@link #builder()}. The account, the role names, the
 * instance ARN and the identity store id may be tokens (CloudFormation parameters, as {@link JitaIdentityCenterStack}
 * has them): they are checked at synth only when they are plain values.
 *
 * @param jitaAccount     the jita account's id: the account whose functions may assume the role
 * @param grantRoleName   the name of jita's grant function role in that account (the jita stack's output
 *                        {@code GrantFunctionRoleName})
 * @param revokeRoleName  the same for the revoke function ({@code RevokeFunctionRoleName})
 * @param sweeperRoleName the same for the sweeper ({@code SweeperFunctionRoleName}); no other function's: intake
 *                        and the incident function revoke an Identity Center grant through the revoke function
 * @param instanceArn     the Identity Center instance: {@code arn:<partition>:sso:::instance/ssoins-...}
 * @param identityStoreId its identity store: {@code d-...}
 * @param accounts        the accounts jita may assign its permission sets in (12-digit ids); empty: any account of
 *                        the organization (the rules decide which, and a rule naming Identity Center must name them)
 */
public record JitaIdentityCenterProps(
        String jitaAccount,
        String grantRoleName,
        String revokeRoleName,
        String sweeperRoleName,
        String instanceArn,
        String identityStoreId,
        List<String> accounts) {

    public JitaIdentityCenterProps {
        Objects.requireNonNull(jitaAccount, "jitaAccount");
        Objects.requireNonNull(grantRoleName, "grantRoleName");
        Objects.requireNonNull(revokeRoleName, "revokeRoleName");
        Objects.requireNonNull(sweeperRoleName, "sweeperRoleName");
        Objects.requireNonNull(instanceArn, "instanceArn");
        Objects.requireNonNull(identityStoreId, "identityStoreId");
        Objects.requireNonNull(accounts, "accounts");
        if (!Token.isUnresolved(jitaAccount) && !jitaAccount.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("the jita account is a 12-digit AWS account id; got '" + jitaAccount
                    + "'");
        }
        for (String name : List.of(grantRoleName, revokeRoleName, sweeperRoleName)) {
            if (!Token.isUnresolved(name) && !name.matches(JitaTargetProps.ROLE_NAME)) {
                throw new IllegalArgumentException("a function role name is the role's name alone (1 to 64 of letters,"
                        + " digits and +=,.@_-), as the jita stack outputs it, not its ARN; got '" + name + "'");
            }
        }
        // The functions' own check, as the jita stack has it; a token is CloudFormation's to check (the parameter's
        // AllowedPattern, the same shape), so a valid stand-in takes its place here.
        IdentityCenterSettings.requireAcceptedByFunctions(
                Token.isUnresolved(instanceArn) ? "arn:aws:sso:::instance/ssoins-0000000000000000" : instanceArn,
                Token.isUnresolved(identityStoreId) ? "d-0000000000" : identityStoreId,
                Optional.empty(), Optional.empty());
        accounts = List.copyOf(accounts);
        for (String account : accounts) {
            if (!account.matches("[0-9]{12}")) {
                throw new IllegalArgumentException("an Identity Center account is a 12-digit AWS account id; got '"
                        + account + "'");
            }
        }
        if (Set.copyOf(accounts).size() != accounts.size()) {
            throw new IllegalArgumentException("an account is listed twice in " + accounts);
        }
    }

    /** The function role names {@link JitaIdentityCenterAccess}'s role trusts, and no other. */
    public List<String> functionRoleNames() {
        return List.of(grantRoleName, revokeRoleName, sweeperRoleName);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults: any account. */
    public static final class Builder {
        private String jitaAccount;
        private String grantRoleName;
        private String revokeRoleName;
        private String sweeperRoleName;
        private String instanceArn;
        private String identityStoreId;
        private List<String> accounts = List.of();

        public Builder jitaAccount(String v) { jitaAccount = v; return this; }
        public Builder grantRoleName(String v) { grantRoleName = v; return this; }
        public Builder revokeRoleName(String v) { revokeRoleName = v; return this; }
        public Builder sweeperRoleName(String v) { sweeperRoleName = v; return this; }
        public Builder instanceArn(String v) { instanceArn = v; return this; }
        public Builder identityStoreId(String v) { identityStoreId = v; return this; }
        public Builder accounts(List<String> v) { accounts = v; return this; }

        public JitaIdentityCenterProps build() {
            return new JitaIdentityCenterProps(jitaAccount, grantRoleName, revokeRoleName, sweeperRoleName,
                    instanceArn, identityStoreId, accounts);
        }
    }
}
