package dev.jita.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteTemplateTest {
    private static final RouteTemplate GET_REQUEST = RouteTemplate.of("/requests/{id}");

    @Test
    void match_shouldMatchTemplatesSegmentBySegment() {
        assertEquals(Map.of("id", "r-1"), GET_REQUEST.match(List.of("requests", "r-1")).orElseThrow());
        assertTrue(GET_REQUEST.match(List.of("requests")).isEmpty());
        assertTrue(GET_REQUEST.match(List.of("requests", "")).isEmpty());
        assertTrue(GET_REQUEST.match(List.of("requests", "r-1", "cancel")).isEmpty());
        assertTrue(GET_REQUEST.match(List.of("audit", "r-1")).isEmpty());
    }

    @Test
    void segments_shouldKeepATrailingSlash_asAnEmptySegment() {
        assertEquals(List.of("requests", "r-1"), RouteTemplate.segments("/requests/r-1"));
        assertEquals(List.of(), RouteTemplate.segments("/"));
        assertEquals(List.of("requests", ""), RouteTemplate.segments("/requests/"));
    }

    @Test
    void decodedSegments_shouldDecodeEachSegmentOnItsOwn_butKeepPlus() {
        assertEquals(List.of("approvals", "a b+c"), RouteTemplate.decodedSegments("/approvals/a%20b+c"));
        assertEquals(List.of("approvals", "a/b"), RouteTemplate.decodedSegments("/approvals/a%2Fb"));
        assertEquals("/approvals/a b+c", RouteTemplate.path(RouteTemplate.decodedSegments("/approvals/a%20b+c")));
        assertEquals("/", RouteTemplate.path(RouteTemplate.decodedSegments("/")));
        assertThrows(IllegalArgumentException.class, () -> RouteTemplate.decodedSegments("/approvals/%zz"));
    }

    @Test
    void mostLiteralFirst_shouldOrderLiteralSegmentsBeforeParameters_keepingTheOrderOtherwise() {
        List<RouteTemplate> templates = new ArrayList<>(List.of(RouteTemplate.of("/audit/{x}"),
                RouteTemplate.of("/requests/{id}"), RouteTemplate.of("/audit/verify"), RouteTemplate.of("/audit")));

        templates.sort(RouteTemplate.MOST_LITERAL_FIRST);

        assertEquals(List.of("/audit/verify", "/audit/{x}", "/requests/{id}", "/audit"),
                templates.stream().map(RouteTemplate::text).toList());
    }

    @Test
    void of_shouldRefuseATemplateWithoutLeadingSlash() {
        assertThrows(IllegalArgumentException.class, () -> RouteTemplate.of("requests"));
    }
}
