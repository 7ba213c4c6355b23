package dev.jita.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final List<RuntimeException> logged = new ArrayList<>();

    private final Router router = Router.builder()
            .route("GET", "/requests", r -> ApiResponses.ok(Map.of("route", "list")))
            .route("POST", "/requests", r -> ApiResponses.json(202, Map.of("route", "create")))
            .route("GET", "/requests/{id}", r -> ApiResponses.ok(Map.of("route", "get",
                    "id", r.pathParameter("id").orElseThrow(), "resource", r.resource())))
            .route("POST", "/requests/{id}/cancel", r -> ApiResponses.ok(Map.of("route", "cancel",
                    "id", r.pathParameter("id").orElseThrow())))
            .route("GET", "/audit/verify", r -> ApiResponses.ok(Map.of("route", "verify")))
            .route("GET", "/audit/{x}", r -> ApiResponses.ok(Map.of("route", "audit-x")))
            .route("GET", "/boom", r -> {
                throw new IllegalStateException("secret internals: token abc");
            })
            .route("GET", "/refuse", r -> {
                throw ProblemException.conflict("not-pending", "It is over; ask again.");
            })
            .onUnexpected((request, e) -> logged.add(e))
            .build();

    @Test
    void handle_shouldRouteByMethodAndResourceTemplate() {
        HttpResponse r = router.handle(ApiRequest.of("POST", "/requests"));

        assertEquals(202, r.statusCode());
        assertTrue(r.body().contains("create"));
    }

    @Test
    void handle_shouldUseApiGatewaysResourceAndPathParameters_whenGiven() {
        ApiRequest request = ApiRequest.of("GET", "/requests/r-1").withResource("/requests/{id}", Map.of("id", "r-1"));

        HttpResponse r = router.handle(request);

        assertTrue(r.body().contains("\"id\":\"r-1\""));
    }

    @Test
    void handle_shouldMatchPathAgainstTemplates_whenNoResourceGiven() {
        HttpResponse r = router.handle(ApiRequest.of("POST", "/requests/r-2/cancel"));

        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"id\":\"r-2\""));
        assertTrue(r.body().contains("cancel"));
    }

    @Test
    void handle_shouldIgnoreATrailingSlash_whenMatchingThePathItself() {
        HttpResponse r = router.handle(ApiRequest.of("POST", "/requests/r-3/cancel/"));

        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("\"id\":\"r-3\""));
    }

    @Test
    void handle_shouldPreferLiteralSegments_overParameters() {
        HttpResponse r = router.handle(ApiRequest.of("GET", "/audit/verify"));

        assertTrue(r.body().contains("\"route\":\"verify\""));
    }

    @Test
    void handle_shouldAnswer404Problem_forUnknownPath() {
        HttpResponse r = router.handle(ApiRequest.of("GET", "/nothing/here"));

        assertEquals(404, r.statusCode());
        assertEquals("application/problem+json", r.headers().get("Content-Type"));
    }

    @Test
    void handle_shouldAnswer405WithAllow_forKnownPathOtherMethod() {
        HttpResponse r = router.handle(ApiRequest.of("DELETE", "/requests"));

        assertEquals(405, r.statusCode());
        assertEquals("GET, POST", r.headers().get("Allow"));
    }

    @Test
    void handle_shouldAnswerProblem_whenRouteRefuses() {
        HttpResponse r = router.handle(ApiRequest.of("GET", "/refuse"));

        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("not-pending"));
        assertTrue(logged.isEmpty());
    }

    @Test
    void handle_shouldAnswer500WithoutInternals_andReportIt_whenRouteFails() {
        HttpResponse r = router.handle(ApiRequest.of("GET", "/boom"));

        assertEquals(500, r.statusCode());
        assertFalse(r.body().contains("secret"));
        assertFalse(r.body().contains("abc"));
        assertEquals(1, logged.size());
    }
}
