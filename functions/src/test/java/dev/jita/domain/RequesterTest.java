package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RequesterTest {
    private static final Requester BOB = Fixtures.session("Engineer", "bob-laptop");

    // The one comparison behind approvers' access to a request, admins and auditors: IAM role names are
    // case-insensitive, session names are compared exactly.
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            arn:aws:iam::111122223333:role/Engineer                        | true
            arn:aws:iam::111122223333:role/engineer                        | true
            arn:aws:iam::111122223333:ROLE/ENGINEER                        | true
            arn:aws:sts::111122223333:assumed-role/Engineer/bob-laptop     | true
            arn:aws:sts::111122223333:assumed-role/ENGINEER/bob-laptop     | true
            arn:aws:sts::111122223333:assumed-role/Engineer/Bob-Laptop     | false
            arn:aws:sts::111122223333:assumed-role/Engineer/bob            | false
            arn:aws:sts::111122223333:assumed-role/Engineer/bob-laptop2    | false
            arn:aws:iam::111122223333:role/Engineers                       | false
            arn:aws:iam::111122223333:role/jita/Engineer                   | false
            arn:aws:iam::444455556666:role/Engineer                        | false
            arn:aws-cn:iam::111122223333:role/Engineer                     | false
            """)
    void isNamedBy_shouldMatchTheRoleIgnoringCase_andTheSessionExactly(String principal, boolean named) {
        assertEquals(named, BOB.isNamedBy(principal));
    }

    // Issue 10: caps are counted per role; the session name is the caller's to choose.
    @Test
    void roleId_shouldBeTheRolesUniqueId_whateverTheSession() {
        Requester alice = new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/alice", "111122223333",
                "Engineer", "alice", "AROAEXAMPLEENGINEER1:alice");
        Requester renamed = new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/not-alice",
                "111122223333", "Engineer", "not-alice", "AROAEXAMPLEENGINEER1:not-alice");

        assertEquals("AROAEXAMPLEENGINEER1", alice.roleId());
        assertEquals(alice.roleId(), renamed.roleId());
    }

    @Test
    void roleId_shouldFallBackToTheRoleArnInLowerCase_whenUserIdCarriesNoUniqueId() {
        Requester odd = new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/alice", "111122223333",
                "Engineer", "alice", "alice");

        assertEquals("arn:aws:iam::111122223333:role/engineer", odd.roleId());
    }

    private static final String SSO_ROLE = "AWSReservedSSO_Developer_0123456789abcdef";

    private static Requester session(String role, String session) {
        return new Requester("arn:aws:sts::111122223333:assumed-role/" + role + "/" + session, "111122223333", role,
                session, "AROAEXAMPLESSO12345:" + session);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            AWSReservedSSO_Developer_0123456789abcdef                      | Developer
            AWSReservedSSO_Data_Eng_ops_89abcdef01234567                   | Data_Eng_ops
            AWSReservedSSO_a_0123456789abcdef                              | a
            AWSReservedSSO_x+=,.@-y_0123456789abcdef                       | x+=,.@-y
            AWSReservedSSO_ABCDEFGHIJKLMNOPQRSTUVWXYZ012345_0123456789abcdef | ABCDEFGHIJKLMNOPQRSTUVWXYZ012345
            """)
    void identityCenter_shouldReadThePermissionSetFromTheRight_andTheUserFromTheSession(String role, String set) {
        IdentityCenterSession ic = session(role, "alice@example.com").identityCenter().orElseThrow();

        assertEquals(set, ic.permissionSetName());
        assertEquals("alice@example.com", ic.userName());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Engineer",
            "AWSReservedSSO_Developer",
            "AWSReservedSSO_Developer_0123456789ABCDEF",
            "AWSReservedSSO_Developer_0123456789abcde",
            "AWSReservedSSO_Developer_0123456789abcdef0",
            "AWSReservedSSO_Developer_0123456789abcdeg",
            "AWSReservedSSO__0123456789abcdef",
            "AWSReservedSSO_0123456789abcdef",
            "awsreservedsso_Developer_0123456789abcdef",
            "MyAWSReservedSSO_Developer_0123456789abcdef",
            "AWSReservedSSO_ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456_0123456789abcdef",
    })
    void identityCenter_shouldBeEmpty_forAnyOtherRoleName(String role) {
        assertTrue(session(role, "alice").identityCenter().isEmpty(), role);
    }

    // Approvers, admins and auditors may be Identity Center sessions: the session ARN names exactly that user,
    // the provisioned role's ARN every user of the permission set in that account.
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice@example.com | true
            arn:aws:iam::111122223333:role/AWSReservedSSO_Developer_0123456789abcdef                           | true
            arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/bob@example.com   | false
            arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/Alice@example.com | false
            arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice             | false
            arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123456789abcdef/alice@example.com     | false
            arn:aws:sts::444455556666:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/alice@example.com | false
            """)
    void isNamedBy_shouldNameAnIdentityCenterUser_byTheirSessionOrTheirPermissionSetsRole(String principal,
                                                                                          boolean named) {
        assertEquals(named, session(SSO_ROLE, "alice@example.com").isNamedBy(principal));
    }

    /** An Identity Center user's session name is set by Identity Center: the caps count each user, not the role. */
    @Test
    void capsKey_shouldBeTheRole_forAnIamRole_andTheRoleAndUser_forAnIdentityCenterUser() {
        Requester engineer = new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/alice", "111122223333",
                "Engineer", "alice", "AROA3XFRBF23EXAMPLE:alice");
        Requester dana = new Requester("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_5f3c2a1b9d8e7f60"
                + "/dana@example.com", "111122223333", "AWSReservedSSO_Developer_5f3c2a1b9d8e7f60", "dana@example.com",
                "AROASSODEVELOPEREXAMPLE:dana@example.com");

        assertEquals("AROA3XFRBF23EXAMPLE", engineer.capsKey());
        assertEquals("AROASSODEVELOPEREXAMPLE:dana@example.com", dana.capsKey());
    }
}
