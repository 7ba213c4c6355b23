package dev.jita.iam;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EligibleRolesTest {

    private final EligibleRoles eligible = new EligibleRoles("/jita/");

    private static IamRole role(String path) {
        return new IamRole("Engineer", path, "AROA3XFRBF23EXAMPLE", "arn:aws:iam::111122223333:role" + path + "Engineer");
    }

    @Test
    void isEligible_shouldAcceptThePathAndItsSubpaths_only() {
        assertTrue(eligible.isEligible(role("/jita/")));
        assertTrue(eligible.isEligible(role("/jita/team/")));
        assertFalse(eligible.isEligible(role("/")));
        assertFalse(eligible.isEligible(role("/jita-other/")));
        assertFalse(eligible.isEligible(role("/other/jita/")));
    }

    @Test
    void requireEligible_shouldRefuse_whenSessionIsNotOfTheRole() {
        assertDoesNotThrow(() -> eligible.requireEligible(role("/jita/"), "AROA3XFRBF23EXAMPLE:alice"));
        assertThrows(EligibleRoles.IneligibleRoleException.class,
                () -> eligible.requireEligible(role("/jita/"), "AROAOTHERROLEEXAMPLE:alice"));
        assertThrows(EligibleRoles.IneligibleRoleException.class,
                () -> eligible.requireEligible(role("/jita/"), "AROA3XFRBF23EXAMPLE:"));
        var e = assertThrows(EligibleRoles.IneligibleRoleException.class,
                () -> eligible.requireEligible(role("/"), "AROA3XFRBF23EXAMPLE:alice"));
        assertTrue(e.getMessage().contains("/jita/"), e.getMessage());
    }

    @Test
    void constructor_shouldRefuse_whenPathDoesNotEndWithSlash() {
        assertThrows(IllegalArgumentException.class, () -> new EligibleRoles("/jita"));
        assertThrows(IllegalArgumentException.class, () -> new EligibleRoles("jita/"));
    }

    @Test
    void roleArnPattern_shouldCoverThePathOnly() {
        assertEquals("arn:aws:iam::111122223333:role/jita/*", eligible.roleArnPattern("aws", "111122223333"));
    }

    /**
     * security.md, "Identity Center": only a role Identity Center provisioned passes; one merely named
     * AWSReservedSSO_* elsewhere (anyone with iam:CreateRole could make it) would let its creator have jita grant to an
     * Identity Center user of their choosing.
     */
    @Test
    void requireIdentityCenterRole_shouldAcceptOnlyIdentityCentersPath_andOnlyASessionOfThatRole() {
        IamRole sso = new IamRole("AWSReservedSSO_Developer_5f3c2a1b9d8e7f60", "/aws-reserved/sso.amazonaws.com/",
                "AROASSODEVELOPEREXAMPLE", "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/x");
        IamRole regional = new IamRole(sso.roleName(), "/aws-reserved/sso.amazonaws.com/eu-west-1/", sso.roleId(),
                sso.arn());
        IamRole lookalike = new IamRole(sso.roleName(), "/", sso.roleId(), "arn:aws:iam::111122223333:role/x");
        IamRole eligiblePath = new IamRole(sso.roleName(), "/jita/", sso.roleId(), "arn:aws:iam::111122223333:role/x");

        assertDoesNotThrow(() -> EligibleRoles.requireIdentityCenterRole(sso, "AROASSODEVELOPEREXAMPLE:dana@example.com"));
        assertDoesNotThrow(() -> EligibleRoles.requireIdentityCenterRole(regional,
                "AROASSODEVELOPEREXAMPLE:dana@example.com"));
        var e = assertThrows(EligibleRoles.IneligibleRoleException.class,
                () -> EligibleRoles.requireIdentityCenterRole(lookalike, "AROASSODEVELOPEREXAMPLE:dana@example.com"));
        assertTrue(e.getMessage().contains("/aws-reserved/sso.amazonaws.com/"), e.getMessage());
        assertThrows(EligibleRoles.IneligibleRoleException.class,
                () -> EligibleRoles.requireIdentityCenterRole(eligiblePath, "AROASSODEVELOPEREXAMPLE:dana@example.com"));
        assertThrows(EligibleRoles.IneligibleRoleException.class,
                () -> EligibleRoles.requireIdentityCenterRole(sso, "AROAOTHERROLEEXAMPLE:dana@example.com"));
    }
}
