package dev.jita.iam;

import java.util.List;

/**
 * The IAM calls jita makes: the grant function's Put/Get/DeleteRolePolicy and what the sweeper needs to find
 * orphaned jita policies. Every method throws {@link IamGatewayException} subtypes, never SDK exceptions.
 * Implementations: {@link AwsIamGateway} (the real IAM) and {@code LocalIam} (the stand-in for jita local).
 */
public interface IamGateway {

    /** Creates or replaces the inline policy {@code policyName} on the role. */
    void putRolePolicy(String roleName, String policyName, String document);

    /**
     * The inline policy's document as plain JSON (IAM's URL encoding already undone).
     *
     * @throws IamGatewayException.NoSuchEntity when the role or the policy does not exist
     */
    String getRolePolicy(String roleName, String policyName);

    /** @throws IamGatewayException.NoSuchEntity when the role or the policy does not exist */
    void deleteRolePolicy(String roleName, String policyName);

    /** Names of all inline policies of the role, every page. */
    List<String> listRolePolicies(String roleName);

    /** @throws IamGatewayException.NoSuchEntity when the role does not exist */
    IamRole getRole(String roleName);

    /** All roles whose path starts with {@code pathPrefix} (IAM's ListRoles PathPrefix), every page. */
    List<IamRole> listRoles(String pathPrefix);

    /**
     * Deletes the policy if it is there. A revoke is idempotent: a policy that is already gone (NoSuchEntity)
     * is success, so callers need not tell "deleted now" from "deleted before" apart unless they want to.
     *
     * @return true if this call deleted it, false if it was already gone
     */
    default boolean deleteRolePolicyIfPresent(String roleName, String policyName) {
        try {
            deleteRolePolicy(roleName, policyName);
            return true;
        } catch (IamGatewayException.NoSuchEntity alreadyGone) {
            return false;
        }
    }
}
