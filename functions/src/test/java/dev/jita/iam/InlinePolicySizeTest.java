package dev.jita.iam;

import dev.jita.standins.LocalIam;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.jita.iam.Fixtures.NOT_AFTER;
import static dev.jita.iam.Fixtures.NOT_BEFORE;
import static dev.jita.iam.Fixtures.terminate;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InlinePolicySizeTest {

    @Test
    void countedCharacters_shouldIgnoreWhiteSpace() {
        assertEquals(7, InlinePolicySize.countedCharacters("{ \"a\":\n\t1 }"));
        assertEquals(PolicyDocs.ofSize(500).length(), InlinePolicySize.countedCharacters(PolicyDocs.ofSizeWithWhitespace(500, 300)));
    }

    @Test
    void requireFits_shouldIgnoreThePolicyBeingReplaced() {
        Map<String, String> existing = Map.of("jita-a", PolicyDocs.ofSize(9_000), "other", PolicyDocs.ofSize(1_000));
        assertDoesNotThrow(() -> InlinePolicySize.requireFits("R", existing, "jita-a", PolicyDocs.ofSize(9_240)));
        assertThrows(IamGatewayException.LimitExceeded.class,
                () -> InlinePolicySize.requireFits("R", existing, "jita-a", PolicyDocs.ofSize(9_241)));
    }

    // security.md, Grants: "Inline policy size limit checked before calling IAM": the pre-check fails and
    // PutRolePolicy is never called.
    @Test
    void requireFits_shouldFailWithoutCallingPutRolePolicy_whenTheNewPolicyWouldExceedTheLimit() {
        LocalIam local = new LocalIam("111122223333");
        local.createRole("Engineer", "/jita/");
        local.putRolePolicy("Engineer", "legacy-inline", PolicyDocs.ofSize(10_000));
        RecordingIam iam = new RecordingIam(local);
        GrantPolicy grant = GrantPolicy.of(terminate("req-9", "i-0abc"), NOT_BEFORE, NOT_AFTER);

        IamGatewayException.LimitExceeded e = assertThrows(IamGatewayException.LimitExceeded.class,
                () -> InlinePolicySize.requireFits(iam, grant.roleName(), grant.policyName(), grant.document()));

        assertEquals(List.of("listRolePolicies", "getRolePolicy"), iam.calls);
        assertTrue(e.getMessage().contains("10,240") && e.getMessage().contains("Engineer"), e.getMessage());
    }

    @Test
    void requireFits_shouldPass_whenTheNewPolicyFits() {
        LocalIam local = new LocalIam("111122223333");
        local.createRole("Engineer", "/jita/");
        GrantPolicy grant = GrantPolicy.of(terminate("req-9", "i-0abc"), NOT_BEFORE, NOT_AFTER);
        local.putRolePolicy("Engineer", "legacy-inline",
                PolicyDocs.ofSize(InlinePolicySize.ROLE_AGGREGATE_LIMIT - grant.document().length()));

        assertDoesNotThrow(() -> InlinePolicySize.requireFits(local, grant.roleName(), grant.policyName(), grant.document()));
        local.putRolePolicy(grant.roleName(), grant.policyName(), grant.document());
    }

    /** Records which IAM calls were made, in order. */
    private static final class RecordingIam implements IamGateway {
        final List<String> calls = new ArrayList<>();
        private final IamGateway delegate;

        RecordingIam(IamGateway delegate) {
            this.delegate = delegate;
        }

        @Override
        public void putRolePolicy(String roleName, String policyName, String document) {
            calls.add("putRolePolicy");
            delegate.putRolePolicy(roleName, policyName, document);
        }

        @Override
        public String getRolePolicy(String roleName, String policyName) {
            calls.add("getRolePolicy");
            return delegate.getRolePolicy(roleName, policyName);
        }

        @Override
        public void deleteRolePolicy(String roleName, String policyName) {
            calls.add("deleteRolePolicy");
            delegate.deleteRolePolicy(roleName, policyName);
        }

        @Override
        public List<String> listRolePolicies(String roleName) {
            calls.add("listRolePolicies");
            return delegate.listRolePolicies(roleName);
        }

        @Override
        public IamRole getRole(String roleName) {
            calls.add("getRole");
            return delegate.getRole(roleName);
        }

        @Override
        public List<IamRole> listRoles(String pathPrefix) {
            calls.add("listRoles");
            return delegate.listRoles(pathPrefix);
        }
    }
}
