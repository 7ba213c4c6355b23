package dev.jita.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiGatewayTest {

    private static APIGatewayProxyRequestEvent event() {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("post")
                .withResource("/requests/{id}")
                .withPath("/requests/r-1")
                .withPathParameters(Map.of("id", "r-1"))
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("gw-req-1")
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                                .withUserArn("arn:aws:sts::111122223333:assumed-role/Engineer/alice")
                                .withCaller("AROAEXAMPLEID1234567:alice")
                                .withAccountId("111122223333")
                                .withSourceIp("203.0.113.7")
                                .withUserAgent("curl/8.5")));
    }

    // security.md "Approval links": link tokens, CSRF tokens and credentials never appear in logs, and a record's
    // toString is what a log line or an exception message would show.
    @Test
    void toString_shouldRedactTheLinkTokenTheFormAndHeaderValues() {
        String link = "v1.eyJraWQiOiJrMSJ9.c2VjcmV0LW1hYy12YWx1ZQ";
        APIGatewayProxyRequestEvent sample = com.amazonaws.services.lambda.runtime.tests.EventLoader
                .loadApiGatewayRestEvent("../events/approvals/post-approve.json");
        sample.setPath("/approvals/" + link);
        sample.setPathParameters(Map.of("token", link));
        sample.setBody("decision=approve&comment=ok&csrf=CSRF-SECRET-42");
        sample.setHeaders(Map.of("X-Amz-Security-Token", "SESSION-SECRET-7"));
        sample.setMultiValueHeaders(Map.of("X-Amz-Security-Token", List.of("SESSION-SECRET-7")));

        String shown = ApiGateway.request(sample).toString();

        for (String secret : List.of(link, "eyJraWQiOiJrMSJ9", "CSRF-SECRET-42", "SESSION-SECRET-7")) {
            assertFalse(shown.contains(secret), shown);
        }
        assertTrue(shown.contains("POST") && shown.contains("token=<redacted>")
                && shown.contains("X-Amz-Security-Token"), shown);
    }

    @Test
    void request_shouldMapMethodResourceAndPathParameters() {
        ApiRequest r = ApiGateway.request(event());

        assertEquals("POST", r.method());
        assertEquals("/requests/{id}", r.resource());
        assertEquals("/requests/r-1", r.path());
        assertEquals("r-1", r.pathParameter("id").orElseThrow());
        assertEquals("gw-req-1", r.correlationId());
    }

    @Test
    void request_shouldReadHeadersCaseInsensitivelyWithEveryValue() {
        ApiRequest r = ApiGateway.request(event()
                .withHeaders(Map.of("Accept", "b"))
                .withMultiValueHeaders(Map.of("Idempotency-Key", List.of("k1"), "Accept", List.of("a", "b"))));

        assertEquals("k1", r.header("idempotency-key").orElseThrow());
        assertEquals(List.of("a", "b"), r.headers().all("ACCEPT"));
        assertTrue(r.header("x-missing").isEmpty());
    }

    @Test
    void request_shouldFallBackToSingleValueHeadersAndQuery_whenNoMultiValueGiven() {
        ApiRequest r = ApiGateway.request(event()
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withQueryStringParameters(Map.of("limit", "5")));

        assertEquals("application/json", r.header("content-type").orElseThrow());
        assertEquals("5", r.queryParameter("limit").orElseThrow());
    }

    @Test
    void request_shouldKeepEveryQueryValue_whenMultiValueGiven() {
        ApiRequest r = ApiGateway.request(event()
                .withQueryStringParameters(Map.of("status", "B"))
                .withMultiValueQueryStringParameters(Map.of("status", List.of("A", "B"))));

        assertEquals(List.of("A", "B"), r.queryParameters("status"));
        assertEquals("A", r.queryParameter("status").orElseThrow());
    }

    @Test
    void request_shouldDecodeBase64Body_whenFlagged() {
        String json = "{\"justification\":\"écrit à la main\"}";
        ApiRequest r = ApiGateway.request(event()
                .withBody(Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8)))
                .withIsBase64Encoded(true));

        assertEquals(json, r.body());
        assertEquals(json.getBytes(StandardCharsets.UTF_8).length, r.bodyBytes());
    }

    @Test
    void request_shouldLeaveBodyAlone_whenNotFlagged() {
        ApiRequest r = ApiGateway.request(event().withBody("e30=").withIsBase64Encoded(false));

        assertEquals("e30=", r.body());
    }

    @Test
    void request_shouldRefuseWith400_whenBase64BodyIsNotUtf8() {
        byte[] latin1 = {(byte) 0xff, (byte) 0xfe, 0x41};
        ProblemException e = assertThrows(ProblemException.class, () -> ApiGateway.request(event()
                .withBody(Base64.getEncoder().encodeToString(latin1)).withIsBase64Encoded(true)));

        assertEquals(400, e.problem().status());
        assertEquals("invalid-body", e.problem().reason());
    }

    @Test
    void request_shouldRefuseWith400_whenBodyIsNotBase64() {
        ProblemException e = assertThrows(ProblemException.class, () ->
                ApiGateway.request(event().withBody("not base64!").withIsBase64Encoded(true)));

        assertEquals(400, e.problem().status());
    }

    // security.md:35 "Requester identity only from the authenticated request context"
    @Test
    void request_shouldTakeIdentityFromRequestContextOnly_whenHeaderClaimsAnother() {
        ApiRequest r = ApiGateway.request(event().withHeaders(Map.of(
                "X-Jita-Principal", "arn:aws:sts::111122223333:assumed-role/PlatformAdmin/mallory")));

        assertEquals("arn:aws:sts::111122223333:assumed-role/Engineer/alice", r.identity().userArn());
        assertEquals("AROAEXAMPLEID1234567:alice", r.identity().caller());
        assertEquals("203.0.113.7", r.identity().sourceIp());
        assertEquals("curl/8.5", r.identity().userAgent());
    }

    @Test
    void request_shouldBeUnauthenticated_whenContextHasNoIdentity() {
        ApiRequest r = ApiGateway.request(event().withRequestContext(null)
                .withHeaders(Map.of("X-Jita-Principal", "arn:aws:sts::111122223333:assumed-role/Engineer/alice")));

        assertFalse(r.identity().authenticated());
    }

    @Test
    void response_shouldCarryStatusHeadersAndBody() {
        APIGatewayProxyResponseEvent out = ApiGateway.response(ApiResponses.json(202, Map.of("requestId", "r-1")));

        assertEquals(202, out.getStatusCode());
        assertEquals("application/json", out.getHeaders().get("Content-Type"));
        assertEquals("no-store", out.getHeaders().get("Cache-Control"));
        assertEquals("{\"requestId\":\"r-1\"}", out.getBody());
        assertFalse(out.getIsBase64Encoded());
    }

    @Test
    void response_shouldBeProblemJson_forAProblem() {
        APIGatewayProxyResponseEvent out =
                ApiGateway.response(ApiResponses.problem(Problem.conflict("not-pending", "It is over; ask again.")));

        assertEquals(409, out.getStatusCode());
        assertEquals("application/problem+json", out.getHeaders().get("Content-Type"));
        assertTrue(out.getBody().contains("\"reason\":\"not-pending\""));
    }
}
