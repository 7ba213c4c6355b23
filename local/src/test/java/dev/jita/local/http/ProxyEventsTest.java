package dev.jita.local.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.handlers.ApiRoutes;
import dev.jita.http.ApiGateway;
import dev.jita.http.ApiRequest;
import dev.jita.http.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProxyEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private static final ApiRoute GET_REQUEST = new ApiRoute("/requests/{id}", Set.of("GET"), ApiRoutes.Auth.IAM,
            "intake", (e, c) -> null);

    private static RawRequest raw(String method, String path, String query, Map<String, List<String>> headers,
                                  byte[] body) {
        return new RawRequest(method, path, query, headers, body, "127.0.0.1");
    }

    @Test
    void request_shouldCarryEveryValueOfRepeatedHeadersAndQueryParameters_andTheLastInTheSingleValueMaps() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Accept", List.of("text/html", "application/json"));
        headers.put("Host", List.of("127.0.0.1:8080"));
        RawRequest raw = raw("GET", "/requests/r-abc", "status=ACTIVE&status=EXPIRED&limit=5&flag", headers, null);

        APIGatewayProxyRequestEvent event = ProxyEvents.request(raw, GET_REQUEST, Map.of("id", "r-abc"),
                ProxyEvents.anonymous(raw), "111122223333", NOW);

        assertEquals(List.of("text/html", "application/json"), event.getMultiValueHeaders().get("Accept"));
        assertEquals("application/json", event.getHeaders().get("Accept"));
        assertEquals(List.of("ACTIVE", "EXPIRED"), event.getMultiValueQueryStringParameters().get("status"));
        assertEquals("EXPIRED", event.getQueryStringParameters().get("status"));
        assertEquals(List.of(""), event.getMultiValueQueryStringParameters().get("flag"));
        assertEquals("/requests/{id}", event.getResource());
        assertEquals("/requests/r-abc", event.getPath());
        assertEquals(Map.of("id", "r-abc"), event.getPathParameters());
        assertEquals("local", event.getRequestContext().getStage());
        assertEquals("/requests/{id}", event.getRequestContext().getResourcePath());
        assertEquals("127.0.0.1:8080", event.getRequestContext().getDomainName());
        assertEquals(NOW.toEpochMilli(), event.getRequestContext().getRequestTimeEpoch());
        assertFalse(event.getRequestContext().getRequestId().isBlank());
        assertNull(event.getBody(), "API Gateway sends null for no body");
    }

    @Test
    void request_shouldSendUtf8AsText_andAnythingElseBase64Encoded() {
        byte[] text = "{\"justification\": \"naïve résumé\"}".getBytes(StandardCharsets.UTF_8);
        byte[] binary = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};

        APIGatewayProxyRequestEvent json = ProxyEvents.request(raw("POST", "/requests/r-a", null, Map.of(), text),
                GET_REQUEST, Map.of(), null, "111122223333", NOW);
        APIGatewayProxyRequestEvent bytes = ProxyEvents.request(raw("POST", "/requests/r-a", null, Map.of(), binary),
                GET_REQUEST, Map.of(), null, "111122223333", NOW);

        assertEquals("{\"justification\": \"naïve résumé\"}", json.getBody());
        assertFalse(json.getIsBase64Encoded());
        assertTrue(bytes.getIsBase64Encoded());
        assertArrayEquals(binary, Base64.getDecoder().decode(bytes.getBody()));
    }

    @Test
    void request_shouldDecodePercentEscapesInThePath_butKeepPlus() {
        assertEquals("/approvals/a b+c", ProxyEvents.request(raw("GET", "/approvals/a%20b+c", null, Map.of(), null),
                GET_REQUEST, Map.of(), null, "111122223333", NOW).getPath());
        assertEquals("/", ProxyEvents.request(raw("GET", "/", null, Map.of(), null),
                GET_REQUEST, Map.of(), null, "111122223333", NOW).getPath());
    }

    @Test
    void anonymous_shouldFillSourceIpAndUserAgentOnly() {
        RawRequest raw = raw("GET", "/approvals/t", null, Map.of("User-Agent", List.of("Mozilla/5.0")), null);

        APIGatewayProxyRequestEvent.RequestIdentity identity = ProxyEvents.anonymous(raw);

        assertEquals("127.0.0.1", identity.getSourceIp());
        assertEquals("Mozilla/5.0", identity.getUserAgent());
        assertNull(identity.getUserArn());
        assertNull(identity.getCaller());
    }

    @Test
    void response_shouldMergeMultiAndSingleValueHeaders_andDecodeBase64Bodies() {
        APIGatewayProxyResponseEvent response = new APIGatewayProxyResponseEvent()
                .withStatusCode(200)
                .withMultiValueHeaders(Map.of("Set-Cookie", List.of("a=1", "b=2")))
                .withHeaders(Map.of("set-cookie", "ignored=1", "Content-Type", "image/png"))
                .withBody(Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}))
                .withIsBase64Encoded(true);

        ProxyEvents.Answer answer = ProxyEvents.response(response);

        assertEquals(200, answer.status());
        assertEquals(List.of("a=1", "b=2"), answer.headers().get("Set-Cookie"));
        assertEquals(List.of("image/png"), answer.headers().get("Content-Type"));
        assertArrayEquals(new byte[] {1, 2, 3}, answer.body());
    }

    @Test
    void response_shouldDefaultContentTypeToJson_likeApiGateway() {
        ProxyEvents.Answer answer = ProxyEvents.response(new APIGatewayProxyResponseEvent().withStatusCode(202)
                .withBody("{}"));

        assertEquals(List.of("application/json"), answer.headers().get("content-type"));
    }

    @Test
    void apiRequest_shouldReadLikeApiGatewaysMappingOfTheEvent_forThePagesThatSkipIt() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Accept", List.of("text/html", "application/json"));
        headers.put("User-Agent", List.of("Mozilla/5.0"));
        headers.put("Host", List.of("127.0.0.1:8080"));
        byte[] form = "incident=a+b&note=na%C3%AFve".getBytes(StandardCharsets.UTF_8);
        for (RawRequest raw : List.of(
                raw("POST", "/local/incidents", "status=A&status=B&flag", headers, form),
                raw("GET", "/local/a%20b+c/", null, Map.of(), null),
                raw("HEAD", "/", "", headers, new byte[0]))) {
            ApiRequest direct = raw.apiRequest("/local/page");
            ApiRequest mapped = ApiGateway.request(ProxyEvents.request(raw, new ApiRoute("/local/page",
                    Set.of("GET"), ApiRoutes.Auth.NONE, "local", (e, c) -> null), Map.of(), ProxyEvents.anonymous(raw),
                    "111122223333", NOW));

            assertEquals(mapped.method(), direct.method());
            assertEquals(mapped.resource(), direct.resource());
            assertEquals(mapped.path(), direct.path());
            assertEquals(mapped.pathParameters(), direct.pathParameters());
            assertEquals(mapped.query(), direct.query());
            assertEquals(mapped.headers().asMap(), direct.headers().asMap());
            assertEquals(mapped.body(), direct.body());
            assertEquals(mapped.identity(), direct.identity());
            assertFalse(direct.correlationId().isBlank());
        }
    }

    @Test
    void apiRequest_shouldRefuseABodyThatIsNotUtf8_likeApiGatewaysMapping() {
        RawRequest raw = raw("POST", "/local/incidents", null, Map.of(), new byte[] {(byte) 0xff, (byte) 0xfe});

        ProblemException direct = assertThrows(ProblemException.class, () -> raw.apiRequest("/local/incidents"));
        ProblemException mapped = assertThrows(ProblemException.class, () -> ApiGateway.request(ProxyEvents.request(
                raw, GET_REQUEST, Map.of(), null, "111122223333", NOW)));

        assertEquals(mapped.problem(), direct.problem());
        assertEquals(400, direct.problem().status());
    }
}
