package dev.jita.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.domain.Requester;
import dev.jita.domain.Rule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ResponderMatchTest {

    private static final Requester ALICE = new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/alice",
            "111122223333", "Engineer", "alice", "AROAEXAMPLE:alice");
    private final ResponderMatch match = new ResponderMatch(Map.of("PALICE1", "alice"));

    @Test
    void matches_shouldAcceptPrincipalArn_sessionNameIgnoringCase_andAlias() {
        assertTrue(match.matches(new Responder(ALICE.arn(), false), ALICE));
        assertTrue(match.matches(new Responder("Alice", false), ALICE));
        assertTrue(match.matches(new Responder("PALICE1", false), ALICE));
    }

    @Test
    void matches_shouldRefuseAnythingLooser_emailLocalPartOrRoleArnOrOtherSession() {
        assertFalse(match.matches(new Responder("alice@evil.example", false), ALICE));
        assertFalse(match.matches(new Responder("arn:aws:iam::111122223333:role/Engineer", false), ALICE));
        assertFalse(match.matches(new Responder("arn:aws:sts::111122223333:assumed-role/Engineer/alicex", false),
                ALICE));
        assertFalse(match.matches(new Responder("PBOB0001", false), ALICE));
    }

    @Test
    void principalArns_shouldListSessionsOfEveryConcreteRequesterRole_andSkipWildcards() {
        Rule rule = new Rule("r", "", List.of("ec2:StopInstances"), List.of("arn:aws:ec2:eu-west-1:1:instance/*"),
                List.of("arn:aws:iam::111122223333:role/Engineer", "arn:aws:iam::111122223333:role/Eng*"), List.of(), "g", 1,
                Duration.ofHours(1), Duration.ofMinutes(30), null, false);
        assertEquals(Set.of("arn:aws:sts::111122223333:assumed-role/Engineer/PALICE1",
                        "arn:aws:sts::111122223333:assumed-role/Engineer/palice1",
                        "arn:aws:sts::111122223333:assumed-role/Engineer/alice"),
                match.principalArns(new Responder("PALICE1", true), List.of(rule)));
        assertEquals(Set.of(ALICE.arn()), match.principalArns(new Responder(ALICE.arn(), true), List.of(rule)));
    }
}
