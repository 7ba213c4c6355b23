package dev.jita.iam;

import java.util.List;
import java.util.Objects;

/** IAM passing every call to another; a test fake overrides the one call it changes. */
public abstract class DelegatingIam implements IamGateway {
    protected final IamGateway iam;

    protected DelegatingIam(IamGateway iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    @Override
    public void putRolePolicy(String roleName, String policyName, String document) {
        iam.putRolePolicy(roleName, policyName, document);
    }

    @Override
    public String getRolePolicy(String roleName, String policyName) {
        return iam.getRolePolicy(roleName, policyName);
    }

    @Override
    public void deleteRolePolicy(String roleName, String policyName) {
        iam.deleteRolePolicy(roleName, policyName);
    }

    @Override
    public List<String> listRolePolicies(String roleName) {
        return iam.listRolePolicies(roleName);
    }

    @Override
    public IamRole getRole(String roleName) {
        return iam.getRole(roleName);
    }

    @Override
    public List<IamRole> listRoles(String pathPrefix) {
        return iam.listRoles(pathPrefix);
    }
}
