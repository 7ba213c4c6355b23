package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
}
