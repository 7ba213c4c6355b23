package dev.jita.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jita.domain.IdentityCenterSession;
import dev.jita.domain.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentitiesTest {

    private static final String ALICE = "arn:aws:sts::111122223333:assumed-role/Engineer/alice";

    private static CallerIdentity identity(String arn, String caller) {
        return new CallerIdentity(arn, caller, "111122223333", "203.0.113.7", "curl/8.5");
    }

    @Test
    void requester_shouldGiveRoleSessionAndUserId_forAssumedRoleSession() {
        Requester r = Identities.requester(identity(ALICE, "AROAEXAMPLEID1234567:alice"));

        assertEquals(ALICE, r.arn());
        assertEquals("111122223333", r.accountId());
        assertEquals("Engineer", r.roleName());
        assertEquals("alice", r.sessionName());
        assertEquals("AROAEXAMPLEID1234567:alice", r.userId());
        assertEquals("arn:aws:iam::111122223333:role/Engineer", r.roleArn());
    }

    @Test
    void requester_shouldAcceptSsoStyleSessionNames() {
        Requester r = Identities.requester(identity(
                "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Eng_0123abcd/alice@example.com",
                "AROAEXAMPLEID1234567:alice@example.com"));

        assertEquals("AWSReservedSSO_Eng_0123abcd", r.roleName());
        assertEquals("alice@example.com", r.sessionName());
    }

    @Test
    void requester_shouldAnswer401_whenNoUserArn() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> Identities.requester(identity(null, "AROAEXAMPLEID1234567:alice")));

        assertEquals(401, e.problem().status());
        assertEquals("unauthenticated", e.problem().reason());
        assertEquals("AWS4-HMAC-SHA256", e.headers().get("WWW-Authenticate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:iam::111122223333:user/alice",
            "arn:aws:iam::111122223333:root",
            "arn:aws:sts::111122223333:federated-user/alice",
            "arn:aws:iam::111122223333:role/Engineer",
            "arn:aws:sts::111122223333:assumed-role/Engineer",
            "arn:aws:sts::111122223333:assumed-role/Engineer/alice/extra",
            "arn:fake:sts::111122223333:assumed-role/Engineer/alice",
            "arn:aws:sts::1111222233:assumed-role/Engineer/alice",
            "arn:aws:sts::111122223333:assumed-role/Engi neer/alice",
    })
    void requester_shouldAnswer403_forAnythingButAnAssumedRoleSession(String arn) {
        ProblemException e = assertThrows(ProblemException.class,
                () -> Identities.requester(identity(arn, "AROAEXAMPLEID1234567:alice")));

        assertEquals(403, e.problem().status());
        assertEquals("principal-not-supported", e.problem().reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"AROAEXAMPLEID1234567:bob", "AROAEXAMPLEID1234567", "alice", ":alice",
            "aroaexampleid1234567:alice", "AROAEXAMPLEID1234567:alice:x"})
    void requester_shouldAnswer403_whenCallerSessionDisagreesWithArn(String caller) {
        ProblemException e = assertThrows(ProblemException.class, () -> Identities.requester(identity(ALICE, caller)));

        assertEquals(403, e.problem().status());
        assertEquals("identity-mismatch", e.problem().reason());
    }

    @Test
    void requester_shouldAnswer403_whenCallerMissing() {
        ProblemException e = assertThrows(ProblemException.class, () -> Identities.requester(identity(ALICE, null)));

        assertEquals("identity-mismatch", e.problem().reason());
    }

    @Test
    void requester_shouldAnswer403_whenAccountDisagreesWithArn() {
        ProblemException e = assertThrows(ProblemException.class, () -> Identities.requester(
                new CallerIdentity(ALICE, "AROAEXAMPLEID1234567:alice", "444455556666", null, null)));

        assertEquals("identity-mismatch", e.problem().reason());
    }

    // Issue 14: an Identity Center sign-in is an assumed-role session of the provisioned role, named after the user.
    @ParameterizedTest
    @ValueSource(strings = {"alice@example.com", "alice.d+ops@corp.example.co.uk", "first.last", "a_b=c,d-e"})
    void requester_shouldAcceptAnIdentityCenterSession_withTheUserNameAsSession(String user) {
        String arn = "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Data_Eng_0123456789abcdef/" + user;

        Requester r = Identities.requester(identity(arn, "AROAEXAMPLEID1234567:" + user));

        assertEquals(user, r.sessionName());
        assertEquals("AWSReservedSSO_Data_Eng_0123456789abcdef", r.roleName());
        assertEquals(new IdentityCenterSession("Data_Eng", user), r.identityCenter().orElseThrow());
    }
}
