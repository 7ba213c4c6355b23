package dev.jita.asl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import dev.jita.asl.StatesError;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.StringLength;

/** Properties of the data layer over generated JSON documents and paths. */
class DataPropertiesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final List<String> NAMES = List.of("a", "b", "c", "a b", "x-y", "_1");

    /**
     * The compiled fast path must agree with Jayway, the library AWS's JSONPath is built on (with the provider
     * Path uses for its fallback, which reports an index past the end as missing).
     */
    @Property(tries = 2000)
    void simplePath_shouldReadWhatJaywayReads(@ForAll("documents") JsonNode doc, @ForAll("simplePaths") String path) {
        Optional<JsonNode> fast = Path.compile(path).find(doc, null);
        Optional<JsonNode> jayway;
        try {
            Object v = JsonPath.compile(path).read(doc, Path.JAYWAY);
            jayway = Optional.of(v == null ? NODES.nullNode() : v instanceof JsonNode n ? n : MAPPER.valueToTree(v));
        } catch (JsonPathException e) {
            jayway = Optional.empty();
        }
        assertEquals(jayway, fast, path + " on " + doc);
    }

    /** Whatever ResultPath writes, the same path reads back; the input is never changed. */
    @Property(tries = 1000)
    void resultPath_shouldPlaceResultWhereThePathReads(@ForAll("objects") JsonNode input,
            @ForAll("namePaths") String path, @ForAll("documents") JsonNode result) {
        JsonNode before = input.deepCopy();
        try {
            JsonNode out = ResultPath.compile(path).apply(input, result);
            assertEquals(result, Path.compile(path).read(out, null));
        } catch (StatesError e) {
            assertEquals("States.ResultPathMatchFailure", e.error());
        }
        assertEquals(before, input);
    }

    @Property(tries = 500)
    void base64AndJsonText_shouldRoundTrip(@ForAll @StringLength(max = 2000) String text,
            @ForAll("documents") JsonNode doc) {
        ObjectNode input = NODES.objectNode().put("s", text).set("d", doc);
        Intrinsic b64 = Intrinsic.compile("States.Base64Decode(States.Base64Encode($.s))");
        Intrinsic json = Intrinsic.compile("States.StringToJson(States.JsonToString($.d))");
        assertEquals(text, b64.evaluate(input, null).textValue());
        assertEquals(doc, json.evaluate(input, null));
    }

    /** An escaped literal pattern matches only itself; wrapped in stars it matches any string containing it. */
    @Property(tries = 1000)
    void stringMatches_shouldTreatEscapedTextLiterally(@ForAll("glob") String literal, @ForAll("glob") String other) {
        String escaped = literal.replace("\\", "\\\\").replace("*", "\\*");
        assertEquals(literal.equals(other), matches(escaped, other));
        assertEquals(other.contains(literal), matches("*" + escaped + "*", other));
        assertTrue(matches("*", other));
    }

    private static boolean matches(String pattern, String value) {
        ObjectNode rule = NODES.objectNode().put("Variable", "$.v").put("StringMatches", pattern);
        return ChoiceRule.compile(rule, false).matches(NODES.objectNode().put("v", value), null);
    }

    @Provide
    Arbitrary<String> glob() {
        return Arbitraries.strings().withChars("ab*\\").ofMaxLength(6);
    }

    @Provide
    Arbitrary<JsonNode> documents() {
        return json(3);
    }

    @Provide
    Arbitrary<JsonNode> objects() {
        return object(3);
    }

    private Arbitrary<JsonNode> json(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 5).map(NODES::numberNode),
                Arbitraries.of("x", "", "a b").map(NODES::textNode),
                Arbitraries.of(true, false).map(NODES::booleanNode),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> array = json(depth - 1).list().ofMaxSize(3).map(items -> {
            ArrayNode a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        });
        return Arbitraries.frequencyOf(Tuple.of(2, leaf), Tuple.of(3, object(depth)), Tuple.of(2, array));
    }

    private Arbitrary<JsonNode> object(int depth) {
        return Arbitraries.maps(Arbitraries.of(NAMES), Arbitraries.lazy(() -> json(depth - 1))).ofMaxSize(4)
                .map(fields -> {
                    ObjectNode o = NODES.objectNode();
                    fields.forEach(o::set);
                    return o;
                });
    }

    /** $ followed by names (dot or bracket notation) and indexes, negative ones included. */
    @Provide
    Arbitrary<String> simplePaths() {
        Arbitrary<String> name = Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(true, false))
                .as((n, dotted) -> dotted && !n.contains(" ") ? "." + n : "['" + n + "']");
        Arbitrary<String> index = Arbitraries.integers().between(-3, 3).map(i -> "[" + i + "]");
        return Arbitraries.oneOf(name, name, index).list().ofMaxSize(4).map(steps -> "$" + String.join("", steps));
    }

    /** ResultPath-style paths: names only. */
    @Provide
    Arbitrary<String> namePaths() {
        return Arbitraries.of(NAMES).map(n -> "['" + n + "']").list().ofMinSize(1).ofMaxSize(3)
                .map(steps -> "$" + String.join("", steps));
    }
}
