package dev.jita.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the CloudTrail samples of events/activity/, and refusing what a forwarded event must not carry. */
class CloudTrailCallsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode sample(String name) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(Path.of("..", "events", "activity", name + ".json")));
    }

    @Test
    void parse_shouldReadTheCallOfTheSample() throws Exception {
        CloudTrailCall call = CloudTrailCalls.parse(sample("terminate-instances")).orElseThrow();

        assertEquals("c5b3a1f0-1d2e-4f3a-9b8c-7d6e5f4a3b21", call.eventId());
        assertEquals(Instant.parse("2026-03-02T09:10:00Z"), call.eventTime());
        assertEquals("111122223333", call.account());
        assertEquals("AROAEXAMPLEENGINEER01:alice", call.principalId());
        assertEquals("ec2:TerminateInstances", call.action());
        assertEquals(List.of("i-0abc1234"), call.resources());
        assertEquals("198.51.100.7", call.sourceIp());
        assertFalse(call.failed());
    }

    /** The session's role with its path, which an Identity Center grant's use is checked against; never required. */
    @Test
    void parse_shouldReadTheSessionIssuersRoleArn_andLeaveItOut_whenMissingOrMalformed() throws Exception {
        ObjectNode missing = sample("terminate-instances");
        ((ObjectNode) missing.path("detail").path("userIdentity")).remove("sessionContext");
        ObjectNode malformed = sample("terminate-instances");
        ((ObjectNode) malformed.path("detail").path("userIdentity").path("sessionContext").path("sessionIssuer"))
                .put("arn", "arn:aws:iam::111122223333:user/Engineer");

        assertEquals("arn:aws:iam::111122223333:role/jita/Engineer",
                CloudTrailCalls.parse(sample("terminate-instances")).orElseThrow().roleArn());
        assertEquals(null, CloudTrailCalls.parse(missing).orElseThrow().roleArn());
        assertEquals(null, CloudTrailCalls.parse(malformed).orElseThrow().roleArn());
        assertEquals("Engineer", CloudTrailCalls.parse(missing).orElseThrow().roleName());
        assertEquals("alice", CloudTrailCalls.parse(missing).orElseThrow().sessionName());
    }

    @Test
    void parse_shouldTellADenial_fromTheErrorCode() throws Exception {
        CloudTrailCall call = CloudTrailCalls.parse(sample("terminate-instances-denied")).orElseThrow();

        assertTrue(call.denied());
        assertEquals("Client.UnauthorizedOperation", call.errorCode());
    }

    @Test
    void parse_shouldIgnore_aCallNotMadeByAnAssumedRole() throws Exception {
        ObjectNode event = sample("terminate-instances");
        ((ObjectNode) event.path("detail").path("userIdentity")).put("type", "IAMUser");

        assertTrue(CloudTrailCalls.parse(event).isEmpty());
    }

    /** The session name is in the ARN and in the aws:userid: an event where they differ is refused. */
    @Test
    void parse_shouldRefuse_aPrincipalIdOfAnotherSessionThanTheArn_orAnotherAccount() throws Exception {
        ObjectNode otherSession = sample("terminate-instances");
        ((ObjectNode) otherSession.path("detail").path("userIdentity")).put("principalId", "AROAEXAMPLEENGINEER01:bob");
        ObjectNode otherAccount = sample("terminate-instances");
        ((ObjectNode) otherAccount.path("detail").path("userIdentity")).put("accountId", "444455556666");

        assertThrows(CloudTrailEventException.class, () -> CloudTrailCalls.parse(otherSession));
        assertThrows(CloudTrailEventException.class, () -> CloudTrailCalls.parse(otherAccount));
    }

    @Test
    void parse_shouldRefuse_anEventIdThatCouldNotBeAKey_andBoundLongValues() throws Exception {
        ObjectNode badId = sample("terminate-instances");
        ((ObjectNode) badId.path("detail")).put("eventID", "a#b");
        ObjectNode longAgent = sample("terminate-instances");
        ((ObjectNode) longAgent.path("detail")).put("userAgent", "x".repeat(100_000));

        assertThrows(CloudTrailEventException.class, () -> CloudTrailCalls.parse(badId));
        String agent = CloudTrailCalls.parse(longAgent).orElseThrow().userAgent();
        assertEquals(CloudTrailCalls.MAX_CHARS, agent.length());
        assertTrue(agent.endsWith(CloudTrailCalls.TRUNCATED));
    }
}
