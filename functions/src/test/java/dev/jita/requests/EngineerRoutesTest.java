package dev.jita.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The one place withdrawal results become HTTP answers. */
class EngineerRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void answer_shouldBe409NotGranted_whenTheRevokeFoundNoGrantOnItsSecondLook() throws Exception {
        HttpResponse answer = EngineerRoutes.answer(new Withdrawal.NoGrantNow("r-abc"));

        assertEquals(409, answer.statusCode());
        assertTrue(answer.headers().get("Content-Type").startsWith("application/problem+json"), answer.headers()
                .toString());
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals("not-granted", problem.get("reason").asText(), answer.body());
        assertEquals("Request r-abc has no grant to revoke right now; look at it again and cancel it if it is"
                + " still pending.", problem.get("detail").asText());
    }
}
