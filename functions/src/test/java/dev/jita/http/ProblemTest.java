package dev.jita.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ProblemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void toResponse_shouldBeProblemJson_withTheRfc9457MembersAndAReason() throws Exception {
        HttpResponse response = Problem.forbidden("forbidden-action",
                "iam:PassRole can never be requested; ask for a narrower action.").toResponse();
        assertEquals(403, response.statusCode());
        assertEquals("application/problem+json", response.headers().get("Content-Type"));
        assertEquals("no-store", response.headers().get("Cache-Control"));
        JsonNode body = JSON.readTree(response.body());
        assertEquals(List.of("type", "title", "status", "detail", "reason"), iterate(body));
        assertEquals("tag:jita.dev,2026:problem:forbidden-action", body.get("type").asText());
        assertEquals("Forbidden", body.get("title").asText());
        assertEquals(403, body.get("status").asInt());
        assertEquals("forbidden-action", body.get("reason").asText());
    }

    @Test
    void toJson_shouldEscapeTheDetail_whenItQuotesUserInput() throws Exception {
        String detail = "Unknown field \"requester\" </script> \u2028; remove it.";
        JsonNode body = JSON.readTree(Problem.badRequest("unknown-field", detail).toJson());
        assertEquals(detail, body.get("detail").asText());
    }

    @Test
    void statuses_shouldHaveTheirStandardTitles() {
        assertEquals("Bad Request", Problem.badRequest("bad-body", "x").title());
        assertEquals("Not Found", Problem.notFound("x").title());
        assertEquals("Conflict", Problem.conflict("idempotency-key-reused", "x").title());
        assertEquals("Too Many Requests", Problem.tooManyRequests("too-many-pending", "x").title());
        assertEquals(500, Problem.internalError().status());
    }

    @Test
    void of_shouldRefuse_aReasonThatIsNotACode_orAStatusThatIsNotAnError() {
        assertThrows(IllegalArgumentException.class, () -> Problem.badRequest("Bad Body", "x"));
        assertThrows(IllegalArgumentException.class, () -> Problem.of(200, "ok", "x"));
    }

    private static List<String> iterate(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
