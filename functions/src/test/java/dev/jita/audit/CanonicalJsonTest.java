package dev.jita.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void write_shouldSortKeysAtEveryLevel_withoutWhitespace() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("z", "1");
        inner.put("a", "2");
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("b", inner);
        outer.put("a", List.of("y", "x"));

        assertEquals("{\"a\":[\"y\",\"x\"],\"b\":{\"a\":\"2\",\"z\":\"1\"}}", CanonicalJson.write(outer));
    }

    @Test
    void write_shouldEscapeQuotesBackslashesAndControls_andLeaveUnicodeAlone() {
        assertEquals("{\"k\":\"a\\\"b\\\\c\\n\\u0001é\"}", CanonicalJson.write(Map.of("k", "a\"b\\c\n\u0001é")));
    }

    @Test
    void write_shouldLeaveOutNullMembers() {
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("a", "1");
        withNull.put("b", null);

        assertEquals(CanonicalJson.write(Map.of("a", "1")), CanonicalJson.write(withNull));
    }

    @Test
    void write_shouldRefuseNumbers_becauseTheyHaveNoSingleSpelling() {
        assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("n", 1)));
    }
}
