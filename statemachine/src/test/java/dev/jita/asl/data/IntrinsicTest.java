package dev.jita.asl.data;

import static dev.jita.asl.data.JsonFixtures.json;
import static dev.jita.asl.data.JsonFixtures.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.StatesError;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IntrinsicTest {
    private static final JsonNode CONTEXT = json("{'Execution': {'Name': 'run-1'}}");

    private static JsonNode eval(String expr, String input) {
        return Intrinsic.compile(expr).evaluate(raw(input), CONTEXT);
    }

    private static StatesError failure(String expr, String input) {
        StatesError e = assertThrows(StatesError.class, () -> eval(expr, input));
        assertEquals("States.IntrinsicFailure", e.error(), e.errorCause());
        return e;
    }

    // ---- the developer guide's examples, one per function ----

    @Test
    void format_shouldFillPlaceholders_likeTheDeveloperGuide() {
        String input = "{\"name\": \"Arnav\", \"template\": \"Hello, my name is {}.\"}";
        assertEquals("Hello, my name is Arnav.", eval("States.Format('Hello, my name is {}.', $.name)", input)
                .textValue());
        assertEquals("Hello, my name is Arnav.", eval("States.Format($.template, $.name)", input).textValue());
    }

    @Test
    void stringToJson_andJsonToString_shouldRoundTrip_likeTheDeveloperGuide() {
        assertEquals(json("{'foo': 'bar'}"),
                eval("States.StringToJson($.escapedJsonString)", "{\"escapedJsonString\": \"{\\\"foo\\\": \\\"bar\\\"}\"}"));
        assertEquals("{\"foo\":\"bar\"}",
                eval("States.JsonToString($.unescapedJson)", "{\"unescapedJson\": {\"foo\": \"bar\"}}").textValue());
    }

    @Test
    void arrayFunctions_shouldMatchTheDeveloperGuideExamples() {
        assertEquals(json("[123456]"), eval("States.Array($.Id)", "{\"Id\": 123456}"));
        String nine = "{\"inputArray\": [1,2,3,4,5,6,7,8,9], \"lookingFor\": 5, \"index\": 5}";
        assertEquals(json("[[1,2,3,4],[5,6,7,8],[9]]"), eval("States.ArrayPartition($.inputArray,4)", nine));
        assertEquals(json("true"), eval("States.ArrayContains($.inputArray, $.lookingFor)", nine));
        assertEquals(json("[1,3,5,7,9]"), eval("States.ArrayRange(1, 9, 2)", "{}"));
        assertEquals(json("6"), eval("States.ArrayGetItem($.inputArray, $.index)", nine));
        assertEquals(json("9"), eval("States.ArrayLength($.inputArray)", nine));
        assertEquals(json("[1,2,3,4]"), eval("States.ArrayUnique($.inputArray)",
                "{\"inputArray\": [1,2,3,3,3,3,3,3,4]}"));
    }

    @Test
    void base64_shouldEncodeAndDecode_likeTheDeveloperGuide() {
        assertEquals("RGF0YSB0byBlbmNvZGU=", eval("States.Base64Encode($.input)", "{\"input\": \"Data to encode\"}")
                .textValue());
        // The guide prints "Decoded data" here, but its own input decodes to the string it encoded.
        assertEquals("Data to encode", eval("States.Base64Decode($.base64)", "{\"base64\": \"RGF0YSB0byBlbmNvZGU=\"}")
                .textValue());
    }

    @Test
    void hash_shouldComputeHexDigest_ofTheDeveloperGuideInput() {
        // The guide prints 39 hex digits (one '4' lost); this is SHA-1("input data") as sha1sum computes it.
        assertEquals("aaff4a450a104cd177d28d18d74485e8cae074b7",
                eval("States.Hash($.Data, $.Algorithm)", "{\"Data\": \"input data\", \"Algorithm\": \"SHA-1\"}")
                        .textValue());
    }

    @ParameterizedTest
    @CsvSource({
        "MD5, 900150983cd24fb0d6963f7d28e17f72",
        "SHA-256, ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "SHA-384, cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7",
        "SHA-512, ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd"
                + "454d4423643ce80e2a9ac94fa54ca49f",
    })
    void hash_shouldSupportEveryAwsAlgorithm(String algorithm, String abcDigest) {
        assertEquals(abcDigest, eval("States.Hash('abc', '" + algorithm + "')", "{}").textValue());
    }

    @Test
    void jsonMerge_shouldMergeShallowly_likeTheDeveloperGuide() {
        String input = "{\"json1\": {\"a\": {\"a1\": 1, \"a2\": 2}, \"b\": 2}, \"json2\": {\"a\": {\"a3\": 1, \"a4\": 2}, \"c\": 3}}";
        assertEquals(json("{'a': {'a3': 1, 'a4': 2}, 'b': 2, 'c': 3}"),
                eval("States.JsonMerge($.json1, $.json2, false)", input));
        JsonNode before = raw(input);
        Intrinsic.compile("States.JsonMerge($.json1, $.json2, false)").evaluate(before, CONTEXT);
        assertEquals(raw(input), before);
    }

    @Test
    void jsonMerge_shouldRefuseDeepMerge_likeAws() {
        StatesError e = failure("States.JsonMerge($.a, $.b, true)", "{\"a\": {}, \"b\": {}}");
        assertTrue(e.errorCause().contains("deep merge"), e.errorCause());
    }

    @Test
    void mathAdd_shouldAdd_likeTheDeveloperGuide() {
        assertEquals(json("110"), eval("States.MathAdd($.value1, $.step)", "{\"value1\": 111, \"step\": -1}"));
        assertEquals(json("4"), eval("States.MathAdd(1.2, 2.6)", "{}"));
    }

    @Test
    void mathRandom_shouldStayInRange_andRepeatWithSameSeed() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long v = eval("States.MathRandom($.start, $.end)", "{\"start\": 1, \"end\": 5}").longValue();
            assertTrue(v >= 1 && v < 5, "out of [1,5): " + v);
            seen.add(v);
        }
        assertEquals(Set.of(1L, 2L, 3L, 4L), seen);
        JsonNode seeded = eval("States.MathRandom(1, 999, 42)", "{}");
        assertEquals(seeded, eval("States.MathRandom(1, 999, 42)", "{}"));
    }

    @Test
    void stringSplit_shouldSplitOnEveryDelimiterCharacter_likeTheDeveloperGuide() {
        assertEquals(json("['1','2','3','4','5']"), eval("States.StringSplit($.inputString, $.splitter)",
                "{\"inputString\": \"1,2,3,4,5\", \"splitter\": \",\"}"));
        assertEquals(json("['This','is','a','test','string']"), eval("States.StringSplit($.inputString, $.splitter)",
                "{\"inputString\": \"This.is+a,test=string\", \"splitter\": \".+,=\"}"));
    }

    @Test
    void uuid_shouldBeVersion4_andDifferEachCall() {
        String a = eval("States.UUID()", "{}").textValue();
        String b = eval("States.UUID()", "{}").textValue();
        assertTrue(a.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), a);
        assertNotEquals(a, b);
    }

    @Test
    void nestedCalls_shouldEvaluate_likeTheDeveloperGuideArnExample() {
        String input = "{\"ImageRecipe\": {\"Arn\": \"arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/"
                + "my-recipe/1.2.3\"}}";
        String part = "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit("
                + "$.ImageRecipe.Arn, '/'), 2), '.'), %d)";
        // The guide's field has three {} but only two values, which its own rule refuses; with a third it works.
        String guide = "States.Format('{}.{}.{}', " + part.formatted(0) + ", " + part.formatted(1) + ")";
        failure(guide, input);
        String fixed = "States.Format('{}.{}.{}', " + part.formatted(0) + ", " + part.formatted(1) + ", "
                + part.formatted(2) + ")";
        assertEquals("1.2.3", eval(fixed, input).textValue());
    }

    // ---- literals, escapes and paths as arguments ----

    @Test
    void format_shouldTreatEscapedBracesAsText() {
        assertEquals("{\"id\": 7}", eval("States.Format('\\{\"id\": {}\\}', $.id)", "{\"id\": 7}").textValue());
        assertEquals("it's \\ done", eval("States.Format('it\\'s \\\\ {}', 'done')", "{}").textValue());
    }

    @Test
    void format_shouldRenderNumbersBooleansAndNull() {
        assertEquals("1 2.5 true null x", eval("States.Format('{} {} {} {} {}', 1, 2.5, true, null, 'x')", "{}")
                .textValue());
    }

    @Test
    void format_shouldRenderObjectsAndArrays_likeJavasToString() {
        assertEquals("{a=1, b=[x, true, null], c={}}", eval("States.Format('{}', $.o)",
                "{\"o\": {\"a\": 1, \"b\": [\"x\", true, null], \"c\": {}}}").textValue());
    }

    @Test
    void stringSplit_shouldDropEmptyParts_likeStepFunctions() {
        assertEquals(json("[]"), eval("States.StringSplit(',,,,', ',')", "{}"));
        assertEquals(json("['a', 'b']"), eval("States.StringSplit(',a,,b,', ',')", "{}"));
        assertEquals(json("['a', 'b']"), eval("States.StringSplit('a.+b', '.+')", "{}"));
        assertEquals(json("[]"), eval("States.StringSplit('', ',')", "{}"));
        assertEquals(json("['abc']"), eval("States.StringSplit('abc', '')", "{}"));
    }

    @Test
    void arguments_shouldAcceptContextPathsAndBracketPaths() {
        assertEquals(json("['run-1', 'v', 3]"),
                eval("States.Array($$.Execution.Name, $['a b'], States.ArrayLength($.list[?(@ > 0)]))",
                        "{\"a b\": \"v\", \"list\": [1, 2, 3, -1]}"));
    }

    @Test
    void format_shouldFail_whenPlaceholderCountDiffers() {
        StatesError e = failure("States.Format('{} and {}', 'one')", "{}");
        assertTrue(e.errorCause().contains("2 {} placeholder"), e.errorCause());
    }

    @Test
    void pathArgument_shouldRaiseStatesRuntime_whenMissing() {
        StatesError e = assertThrows(StatesError.class, () -> eval("States.Array($.nope)", "{}"));
        assertEquals("States.Runtime", e.error());
        assertTrue(e.errorCause().contains("$.nope"), e.errorCause());
    }

    // ---- run-time argument checks ----

    @ParameterizedTest
    @ValueSource(strings = {
        "States.Format($.n)",
        "States.Hash($.obj, 'MD5')",
        "States.StringToJson($.n)",
        "States.StringToJson('{nope')",
        "States.ArrayPartition($.s, 2)",
        "States.ArrayPartition($.list, 0)",
        "States.ArrayPartition($.list, -1)",
        "States.ArrayContains($.obj, 1)",
        "States.ArrayRange(1, 2, 0)",
        "States.ArrayRange(0, 1000, 1)",
        "States.ArrayRange('1', 2, 1)",
        "States.ArrayGetItem($.list, 3)",
        "States.ArrayGetItem($.list, -1)",
        "States.ArrayGetItem($.list, 'a')",
        "States.ArrayLength($.s)",
        "States.ArrayUnique($.obj)",
        "States.Base64Encode($.n)",
        "States.Base64Decode($.list)",
        "States.Hash($.s, 'SHA-2')",
        "States.Hash($.s, $.n)",
        "States.JsonMerge($.obj, $.list, false)",
        "States.JsonMerge($.obj, $.obj, 'false')",
        "States.MathRandom(5, 5)",
        "States.MathRandom('a', 5)",
        "States.MathAdd($.s, 1)",
        "States.MathAdd(2147483648, 1)",
        "States.StringSplit($.n, ',')",
    })
    void evaluate_shouldFailWithIntrinsicFailure_whenArgumentsAreWrong(String expr) {
        failure(expr, "{\"n\": 1, \"s\": \"text\", \"obj\": {\"a\": 1}, \"list\": [1, 2, 3]}");
    }

    @Test
    void arrayRange_shouldAllowExactly1000Items_andCountDown() {
        assertEquals(1000, eval("States.ArrayRange(1, 1000, 1)", "{}").size());
        assertEquals(json("[5, 3, 1]"), eval("States.ArrayRange(5, 0, -2)", "{}"));
        assertEquals(json("[]"), eval("States.ArrayRange(5, 0, 2)", "{}"));
    }

    @Test
    void base64_shouldRefuseMoreThan10000Characters() {
        String big = "{\"s\": \"" + "a".repeat(10_001) + "\"}";
        failure("States.Base64Encode($.s)", big);
        failure("States.Base64Decode($.s)", big);
        failure("States.Hash($.s, 'MD5')", big);
        assertEquals(10_000, eval("States.Base64Decode(States.Base64Encode($.s))",
                "{\"s\": \"" + "a".repeat(7_000) + "\"}").textValue().length() + 3_000);
    }

    @Test
    void arrayContainsAndUnique_shouldCompareNumbersByValue() {
        assertEquals(json("true"), eval("States.ArrayContains($.list, 1.0)", "{\"list\": [1, 2]}"));
        assertEquals(json("[1, {'a': [2]}]"), eval("States.ArrayUnique($.list)",
                "{\"list\": [1, 1.0, {\"a\": [2]}, {\"a\": [2.0]}]}"));
    }

    // ---- compile-time errors ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "States.Nope(1)                 | unknown function",
        "States.Format()                | at least 1",
        "States.ArrayLength(1, 2)       | exactly 1",
        "States.UUID(1)                 | exactly 0",
        "States.MathRandom(1)           | 2 to 3",
        "States.Array('open             | unterminated",
        "States.Array('bad \\n escape') | unknown escape",
        "States.Array(1 2)              | expected ','",
        "States.Array(1)extra           | unexpected text",
        "States.Array(foo)              | expected a 'string'",
        "States.Array($.a[)             | Invalid JSONPath",
        "States.Array(1                 | missing ')'",
    })
    void compile_shouldExplainSyntaxErrors(String expr, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Intrinsic.compile(expr));
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void compile_shouldRefuseMoreThanTenNestedCalls() {
        String ten = "States.Array(".repeat(10) + "1" + ")".repeat(10);
        assertEquals(10, depth(eval(ten, "{}")));
        String eleven = "States.Array(".repeat(11) + "1" + ")".repeat(11);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Intrinsic.compile(eleven));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }

    private static int depth(JsonNode n) {
        return n.isArray() ? 1 + depth(n.get(0)) : 0;
    }

    @Test
    void looksLikeIntrinsic_shouldSpotStatesPrefix() {
        assertTrue(Intrinsic.looksLikeIntrinsic("States.Array()"));
        assertFalse(Intrinsic.looksLikeIntrinsic("$.States"));
        assertFalse(Intrinsic.looksLikeIntrinsic(null));
    }
}
