package dev.jita.grants;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.audit.ActorKind;
import dev.jita.audit.Origin;
import dev.jita.domain.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The revoke-now input and answer: what intake and incident send, what the revoke function reads. */
class RevokeNowCallTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void toJson_shouldReadBackAsTheSameCall_withOriginAndReason() {
        RevokeNowCall call = new RevokeNowCall("r-abc", "arn:aws:sts::444455556666:assumed-role/Engineer/bob",
                ActorKind.REQUESTER, new Origin("198.51.100.7", "jita-cli/1.0"), "because");

        assertEquals(call, RevokeNowCall.from(call.toJson()));
        assertTrue(RevokeNowCall.isRevokeNow(call.toJson()));
    }

    @Test
    void toJson_shouldReadBackWithoutOriginOrReason() {
        RevokeNowCall call = new RevokeNowCall("r-abc", "pagerduty", ActorKind.INCIDENT, Origin.NONE, null);

        assertEquals(call, RevokeNowCall.from(call.toJson()));
    }

    @Test
    void from_shouldReadTheSampleEvent() throws Exception {
        JsonNode sample = JSON.readTree(Files.readString(Path.of("..", "events", "revoke", "revoke-now.json")));

        RevokeNowCall call = RevokeNowCall.from(sample);

        assertEquals("r-exampleexampleexampleexamp", call.requestId());
        assertEquals(ActorKind.REQUESTER, call.actorKind());
        assertEquals(new Origin("198.51.100.7", "jita-cli/1.0"), call.origin());
    }

    @Test
    void isRevokeNow_shouldBeFalse_forTheWorkflowsInput() throws Exception {
        assertFalse(RevokeNowCall.isRevokeNow(JSON.readTree("{\"requestId\": \"r-abc\", \"outcome\": \"EXPIRED\"}")));
    }

    @Test
    void from_shouldRefuseUnknownFields_aMissingActor_andAnUnknownActorKind() {
        assertThrows(IllegalArgumentException.class, () -> RevokeNowCall.from(read(
                "{\"requestId\": \"r-abc\", \"outcome\": \"EXPIRED\", \"revokeNow\": {\"actor\": \"a\","
                        + " \"actorKind\": \"ADMIN\"}}")));
        assertThrows(IllegalArgumentException.class, () -> RevokeNowCall.from(read(
                "{\"requestId\": \"r-abc\", \"revokeNow\": {\"actorKind\": \"ADMIN\"}}")));
        assertThrows(IllegalArgumentException.class, () -> RevokeNowCall.from(read(
                "{\"requestId\": \"r-abc\", \"revokeNow\": {\"actor\": \"a\", \"actorKind\": \"ROOT\"}}")));
        assertThrows(IllegalArgumentException.class, () -> RevokeNowCall.from(read(
                "{\"revokeNow\": {\"actor\": \"a\", \"actorKind\": \"ADMIN\"}}")));
    }

    @Test
    void answer_shouldReadBack_withAndWithoutNotRevocable() {
        RevokeNowCall.Answer revoked = new RevokeNowCall.Answer("r-abc", Status.REVOKED, false);
        RevokeNowCall.Answer pending = new RevokeNowCall.Answer("r-abc", Status.PENDING_APPROVAL, true);

        assertEquals(revoked, RevokeNowCall.Answer.from(revoked.toJson()));
        assertEquals(pending, RevokeNowCall.Answer.from(pending.toJson()));
        assertThrows(IllegalArgumentException.class, () -> RevokeNowCall.Answer.from(read(
                "{\"requestId\": \"r-abc\", \"status\": \"GONE\"}")));
    }

    private static JsonNode read(String json) throws Exception {
        return JSON.readTree(json);
    }
}
