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
}
