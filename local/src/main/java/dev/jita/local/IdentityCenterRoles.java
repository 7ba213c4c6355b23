package dev.jita.local;

import dev.jita.iam.EligibleRoles;
import dev.jita.iam.IamGatewayException;
import dev.jita.standins.LocalIam;
import dev.jita.standins.LocalIdentityCenter;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Identity Center does in an account when a permission set is provisioned there: it creates the role the
 * permission set's users sign in as ({@code AWSReservedSSO_<name>_<hex>} under
 * {@value EligibleRoles#IDENTITY_CENTER_PATH}) with the permission set's inline policy, and deletes it when the
 * permission set leaves the account. So a session of that role can be tried on /local/try, and IAM decides it by the
 * permission set's policy. Only roles made here are deleted here: the roles jita local creates at start for the
 * permission sets the rules name stay.
 */
final class IdentityCenterRoles implements LocalIdentityCenter.ProvisioningListener {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityCenterRoles.class);
    /** The name Identity Center gives the inline policy it copies onto the role. */
    static final String INLINE_POLICY_NAME = "AwsSSOInlinePolicy";

    private final Function<String, LocalIam> iamOfAccount;
    private final UnaryOperator<String> roleName;
    private final Set<String> made = new HashSet<>();

    /**
     * @param iamOfAccount the account's IAM stand-in, or null for an account jita local does not have
     * @param roleName     the role name Identity Center gives a permission set's role
     */
    IdentityCenterRoles(Function<String, LocalIam> iamOfAccount, UnaryOperator<String> roleName) {
        this.iamOfAccount = Objects.requireNonNull(iamOfAccount, "iamOfAccount");
        this.roleName = Objects.requireNonNull(roleName, "roleName");
    }

    @Override
    public synchronized void provisioned(String accountId, String permissionSetName, Optional<String> inlinePolicy) {
        LocalIam iam = iamOfAccount.apply(accountId);
        if (iam == null) {
            return;
        }
        String role = roleName.apply(permissionSetName);
        try {
            if (iam.listRoles(EligibleRoles.IDENTITY_CENTER_PATH).stream().noneMatch(r -> r.roleName().equals(role))) {
                iam.createRole(role, EligibleRoles.IDENTITY_CENTER_PATH);
                made.add(accountId + "/" + role);
            }
            if (inlinePolicy.isPresent()) {
                iam.putRolePolicy(role, INLINE_POLICY_NAME, inlinePolicy.get());
            }
        } catch (IamGatewayException | IllegalStateException e) {
            // Identity Center's own affair in AWS: the assignment stands whatever the local IAM made of it.
            LOG.warn("could not create role {} in account {} for permission set {}: {}", role, accountId,
                    permissionSetName, e.getMessage());
        }
    }

    @Override
    public synchronized void deprovisioned(String accountId, String permissionSetName) {
        LocalIam iam = iamOfAccount.apply(accountId);
        String role = roleName.apply(permissionSetName);
        if (iam == null || !made.remove(accountId + "/" + role)) {
            return;
        }
        try {
            iam.deleteRole(role);
        } catch (IamGatewayException.NoSuchEntity e) {
            LOG.debug("role {} in account {} was gone already", role, accountId);
        }
    }
}
