package dev.jita.asl.data;

import static dev.jita.asl.data.JsonFixtures.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.StatesError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResultPathTest {
    /** The input of the developer guide's ResultPath examples. */
    private static final String GUIDE_INPUT = """
            {'comment': 'This is a test of the input and output of a Task state.',
             'details': 'Default example', 'who': 'AWS Step Functions'}""";

    @Test
    void apply_shouldReplaceInput_whenPathIsRoot() {
        JsonNode out = ResultPath.compile("$").apply(json(GUIDE_INPUT), json("'Hello, AWS Step Functions!'"));
        assertEquals(json("'Hello, AWS Step Functions!'"), out);
    }

    @Test
    void apply_shouldKeepInput_whenResultIsDiscarded() {
        JsonNode input = json(GUIDE_INPUT);
        ResultPath discard = ResultPath.compile(null);
        assertTrue(discard.isDiscard());
        assertSame(input, discard.apply(input, json("'Hello'")));
    }

    @Test
    void apply_shouldAddField_likeTheDeveloperGuideTaskResultExample() {
        JsonNode out = ResultPath.compile("$.taskresult").apply(json(GUIDE_INPUT),
                json("'Hello, AWS Step Functions!'"));
        assertEquals(json("""
                {'comment': 'This is a test of the input and output of a Task state.',
                 'details': 'Default example', 'who': 'AWS Step Functions',
                 'taskresult': 'Hello, AWS Step Functions!'}"""), out);
    }

    @Test
    void apply_shouldReplaceExistingField_likeTheDeveloperGuideStrangerExample() {
        JsonNode out = ResultPath.compile("$.who").apply(json(GUIDE_INPUT), json("'Hello, AWS Step Functions!'"));
        assertEquals("Hello, AWS Step Functions!", out.get("who").textValue());
        assertEquals(3, out.size());
    }

    @Test
    void apply_shouldCreateMissingObjects_whenPathIsDeep() {
        JsonNode input = json("{'master': {'detail': [1, 2, 3]}}");
        JsonNode out = ResultPath.compile("$.master.result.sum").apply(input, json("6"));
        assertEquals(json("{'master': {'detail': [1, 2, 3], 'result': {'sum': 6}}}"), out);
    }

    @Test
    void apply_shouldNotMutateInput() {
        JsonNode input = json("{'a': {'b': 1, 'c': [1, {'d': 2}]}}");
        JsonNode before = input.deepCopy();
        ResultPath.compile("$.a.b").apply(input, json("9"));
        ResultPath.compile("$.a.c[1].d").apply(input, json("9"));
        ResultPath.compile("$.a.x.y").apply(input, json("9"));
        assertEquals(before, input);
    }

    @Test
    void apply_shouldReplaceArrayElement_whenPathHasIndex() {
        JsonNode out = ResultPath.compile("$.a.c[1].d").apply(json("{'a': {'c': [1, {'d': 2}]}}"), json("'x'"));
        assertEquals(json("{'a': {'c': [1, {'d': 'x'}]}}"), out);
        JsonNode bracket = ResultPath.compile("$['a b']").apply(json("{}"), json("1"));
        assertEquals(json("{'a b': 1}"), bracket);
    }

    @ParameterizedTest
    @ValueSource(strings = {"'text'", "[1]", "5", "null", "{'a': 'text'}", "{'a': [1]}", "{'a': null}"})
    void apply_shouldFailWithResultPathMatchFailure_whenPathGoesThroughNonObject(String input) {
        StatesError e = assertThrows(StatesError.class,
                () -> ResultPath.compile("$.a.b").apply(json(input), json("1")));
        assertEquals("States.ResultPathMatchFailure", e.error());
        assertTrue(e.errorCause().startsWith("Unable to apply step \""), e.errorCause());
    }

    @Test
    void apply_shouldNameTheStepAndInput_likeAws() {
        StatesError e = assertThrows(StatesError.class,
                () -> ResultPath.compile("$.a.b").apply(json("{'a': 'text'}"), json("1")));
        assertEquals("Unable to apply step \"b\" to input \"text\"", e.errorCause());
    }

    @Test
    void apply_shouldFail_whenIndexIsOutOfBounds() {
        StatesError e = assertThrows(StatesError.class,
                () -> ResultPath.compile("$.a[5]").apply(json("{'a': [1]}"), json("1")));
        assertEquals("States.ResultPathMatchFailure", e.error());
    }

    @ParameterizedTest
    @ValueSource(strings = {"$$.Task", "$.a[*]", "$..a", "a.b", "$.a[?(@.x)]"})
    void compile_shouldReject_pathsThatAreNotReferencePathsOnTheInput(String path) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultPath.compile(path));
        assertTrue(e.getMessage().contains("ResultPath"), e.getMessage());
    }
}
