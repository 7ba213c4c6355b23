package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestHashTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void of_shouldBeLowercaseHexSha256_ofTheCanonicalJson() throws Exception {
        AccessRequest r = Fixtures.request();

        String hash = RequestHash.of(r);

        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(RequestHash.canonicalJson(r).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(java.util.HexFormat.of().formatHex(digest), hash);
    }

    @Test
    void canonicalJson_shouldSortActionsAndResources_andLowercaseActions() {
        String json = RequestHash.canonicalJson(Fixtures.request());

        assertEquals("""
                {"format":"jita.request.v1","requester":{"arn":"arn:aws:sts::111122223333:assumed-role/Engineer/dan",\
                "accountId":"111122223333","roleName":"Engineer","sessionName":"dan","userId":"AROAENGINEER:dan"},\
                "actions":["ec2:stopinstances","ec2:terminateinstances"],\
                "resources":["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc","arn:aws:ec2:eu-west-1:111122223333:instance/i-0def"],\
                "durationSeconds":1800,"durationNanos":0,"startAt":"2026-11-02T10:00:00Z","ruleId":"prod-ec2-terminate",\
                "justification":"Replace the wedged web node for INC-42","ticket":"INC-42"}""", json);
    }

    @Test
    void of_shouldBeEqual_forTheSameRequestInDifferentJsonFieldOrderAndWhitespace() throws Exception {
        String compact = """
                {"requestId":"req-1","requester":{"arn":"arn:aws:sts::111122223333:assumed-role/Engineer/dan","accountId":"111122223333","roleName":"Engineer","sessionName":"dan","userId":"AROAENGINEER:dan"},"actions":["ec2:TerminateInstances","ec2:StopInstances"],"resources":["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc","arn:aws:ec2:eu-west-1:111122223333:instance/i-0def"],"duration":"PT30M","justification":"Replace the wedged web node for INC-42","ticket":"INC-42","startAt":"2026-11-02T10:00:00Z","ruleId":"prod-ec2-terminate","createdAt":"2026-11-02T09:00:00Z"}
                """;
        String reordered = """
                {
                  "ruleId" : "prod-ec2-terminate",
                  "duration" : "PT1800S",
                  "resources" : [ "arn:aws:ec2:eu-west-1:111122223333:instance/i-0def",
                                  "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc" ],
                  "ticket" : "INC-42",   "startAt" : "2026-11-02T10:00:00Z",
                  "actions" : [ "EC2:stopinstances", "ec2:TerminateInstances", "ec2:StopInstances" ],
                  "justification" : "Replace the wedged web node for INC-42",
                  "createdAt" : "2026-11-02T09:00:00Z",
                  "requester" : { "userId" : "AROAENGINEER:dan", "sessionName" : "dan", "roleName" : "Engineer",
                                  "accountId" : "111122223333", "arn" : "arn:aws:sts::111122223333:assumed-role/Engineer/dan" },
                  "requestId" : "req-1"
                }
                """;

        assertEquals(RequestHash.of(Fixtures.fromJson(JSON.readTree(compact))),
                RequestHash.of(Fixtures.fromJson(JSON.readTree(reordered))));
        assertEquals(RequestHash.of(Fixtures.request()), RequestHash.of(Fixtures.fromJson(JSON.readTree(compact))));
    }

    @Test
    void of_shouldDiffer_whenJustificationOrTicketChanges_becauseTheApproverReadThem() {
        AccessRequest r = Fixtures.request();
        AccessRequest otherReason = new AccessRequest(r.requestId(), r.requester(), r.actions(), r.resources(),
                r.duration(), r.justification() + ".", r.ticket(), r.startAt(), r.ruleId(), r.createdAt());
        AccessRequest noTicket = new AccessRequest(r.requestId(), r.requester(), r.actions(), r.resources(),
                r.duration(), r.justification(), null, r.startAt(), r.ruleId(), r.createdAt());

        assertNotEquals(RequestHash.of(r), RequestHash.of(otherReason));
        assertNotEquals(RequestHash.of(r), RequestHash.of(noTicket));
    }

    @Test
    void of_shouldDiffer_whenAResourceChangesOnlyInCase_becauseArnsAreCaseSensitive() {
        AccessRequest r = Fixtures.request();
        AccessRequest upper = new AccessRequest(r.requestId(), r.requester(), r.actions(),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0ABC", r.resources().get(1)),
                r.duration(), r.justification(), r.ticket(), r.startAt(), r.ruleId(), r.createdAt());

        assertNotEquals(RequestHash.of(r), RequestHash.of(upper));
    }

    @Test
    void matches_shouldAcceptTheApprovedHash_andRefuseAnyOther() {
        AccessRequest r = Fixtures.request();
        String approved = RequestHash.of(r);
        AccessRequest longer = new AccessRequest(r.requestId(), r.requester(), r.actions(), r.resources(),
                r.duration().plusMinutes(1), r.justification(), r.ticket(), r.startAt(), r.ruleId(), r.createdAt());

        assertTrue(RequestHash.matches(r, approved));
        assertTrue(!RequestHash.matches(longer, approved));
        assertTrue(!RequestHash.matches(r, approved.toUpperCase()));
        assertTrue(!RequestHash.matches(r, null));
    }

    @Test
    void of_shouldNotDepend_onRequestIdOrCreatedAt() {
        AccessRequest r = Fixtures.request();
        AccessRequest copy = new AccessRequest("req-2", r.requester(), r.actions(), r.resources(), r.duration(),
                r.justification(), r.ticket(), r.startAt(), r.ruleId(), Instant.parse("2027-01-01T00:00:00Z"));

        assertEquals(RequestHash.of(r), RequestHash.of(copy));
    }

    @Test
    void of_shouldDistinguishNullStartAndTicket_fromTheTextNull() {
        AccessRequest r = Fixtures.request();
        AccessRequest nullTicket = new AccessRequest(r.requestId(), r.requester(), r.actions(), r.resources(),
                r.duration(), r.justification(), null, r.startAt(), r.ruleId(), r.createdAt());
        AccessRequest textNull = new AccessRequest(r.requestId(), r.requester(), r.actions(), r.resources(),
                r.duration(), r.justification(), "null", r.startAt(), r.ruleId(), r.createdAt());

        assertNotEquals(RequestHash.of(nullTicket), RequestHash.of(textNull));
        assertEquals(RequestHash.of(r), RequestHash.of(new AccessRequest(r.requestId(), r.requester(), r.actions(),
                r.resources(), Duration.ofSeconds(1800), r.justification(), r.ticket(), r.startAt(), r.ruleId(),
                r.createdAt())));
    }
}
