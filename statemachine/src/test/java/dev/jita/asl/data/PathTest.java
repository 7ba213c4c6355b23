package dev.jita.asl.data;

import static dev.jita.asl.data.JsonFixtures.json;
import static dev.jita.asl.data.JsonFixtures.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.StatesError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathTest {
    /** The store example of the AWS developer guide's paths page. */
    private static final JsonNode STORE = json("""
            {'foo': 123, 'bar': ['a', 'b', 'c'], 'car': {'cdr': true},
             'a b': 'spaced', 'nested': {'list': [{'x': 1, 'b': 'one'}, {'x': 2, 'b': 'two'}, {'x': 3}]},
             'nothing': null}""");
    private static final JsonNode CONTEXT = json("""
            {'Execution': {'Id': 'arn:aws:states:us-east-1:123456789012:execution:m:e1', 'Input': {'k': 1}},
             'Map': {'Item': {'Index': 2, 'Value': {'id': 'x'}}}, 'Task': {'Token': 'tok-1'}}""");

    private static JsonNode read(String path) {
        return Path.compile(path).read(STORE, CONTEXT);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "$                     | STORE",
        "$.foo                 | 123",
        "$.bar                 | ['a','b','c']",
        "$.car.cdr             | true",
        "$.bar[0]              | 'a'",
        "$.bar[-1]             | 'c'",
        "$['a b']              | 'spaced'",
        "$[\"a b\"]            | 'spaced'",
        "$['car']['cdr']       | true",
        "$.nested.list[1].b    | 'two'",
        "$.nothing             | null",
    })
    void read_shouldReturnTheNode_whenDefinitePathMatches(String path, String expected) {
        JsonNode want = expected.equals("STORE") ? STORE : json(expected);
        assertEquals(want, read(path));
        assertTrue(Path.compile(path).isDefinite());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "$.bar[-1:]                   | ['c']",
        "$.bar[0:2]                   | ['a','b']",
        "$.bar[*]                     | ['a','b','c']",
        "$.nested.list[*].b           | ['one','two']",
        "$..b                         | ['one','two']",
        "$.nested.list[?(@.x > 1)].x  | [2,3]",
        "$.nested.list[?(@.x > 9)]    | []",
        "$.bar[0,2]                   | ['a','c']",
    })
    void read_shouldReturnAnArray_whenPathIsIndefinite(String path, String expected) {
        assertFalse(Path.compile(path).isDefinite());
        assertEquals(json(expected), read(path));
    }

    @Test
    void read_shouldReadTheContextObject_whenPathStartsWithDoubleDollar() {
        assertEquals("arn:aws:states:us-east-1:123456789012:execution:m:e1",
                read("$$.Execution.Id").textValue());
        assertEquals(json("{'id':'x'}"), read("$$.Map.Item.Value"));
        assertEquals("tok-1", read("$$.Task.Token").textValue());
        assertEquals(CONTEXT, read("$$"));
        assertEquals(json("[1]"), read("$$.Execution.Input[*]"));
        assertTrue(Path.compile("$$.Task.Token").isContext());
        assertFalse(Path.compile("$.Task.Token").isContext());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.missing", "$.foo.deeper", "$.bar[3]", "$.bar[-4]", "$.car[0]", "$.bar.x",
        "$.missing[*]", "$$.Execution.Nope"})
    void read_shouldRaiseStatesRuntime_whenNothingMatches(String path) {
        StatesError e = assertThrows(StatesError.class, () -> read(path));
        assertEquals("States.Runtime", e.error());
        assertTrue(e.errorCause().contains(path), e.errorCause());
        assertTrue(Path.compile(path).find(STORE, CONTEXT).isEmpty());
    }

    @Test
    void read_shouldQuoteJaywaysNormalisedPath_whenNothingMatches() {
        StatesError e = assertThrows(StatesError.class, () -> read("$.car.missing"));
        assertEquals("Invalid path '$.car.missing' : No results for path: $['car']['missing']", e.errorCause());
    }

    @Test
    void find_shouldSeeExplicitNull_asPresent() {
        assertEquals(raw("null"), Path.compile("$.nothing").find(STORE, CONTEXT).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "foo", "a.b", ".a", "$.a[", "$.a[?(@.x >]", "$['a"})
    void compile_shouldRejectWithMessage_whenPathIsInvalid(String path) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Path.compile(path));
        assertTrue(e.getMessage().contains("'" + path + "'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$", "$.a", "$.a.b[0]", "$['a b'].c", "$$.Map.Item.Value", "$[2]"})
    void reference_shouldAccept_singleNodePaths(String path) {
        assertEquals(path, Path.reference(path).text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$.a[*]", "$..a", "$.a[0:1]", "$.a[0,1]", "$.a[?(@.x)]", "$.*", "a"})
    void reference_shouldReject_pathsThatCanMatchSeveralNodes(String path) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Path.reference(path));
        assertTrue(e.getMessage().contains(path), e.getMessage());
    }

    @Test
    void read_shouldReturnInputNodes_withoutCopying() {
        assertTrue(read("$.car") == STORE.get("car"));
    }
}
