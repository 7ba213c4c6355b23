package dev.jita.asl.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.InvalidPathException;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.JsonPathException;
import com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider;
import com.jayway.jsonpath.spi.mapper.JacksonMappingProvider;
import dev.jita.asl.StatesError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A compiled ASL Path: {@code $...} reads the state's input, {@code $$...} the context object.
 *
 * <p>Paths made only of names and indexes ({@code $.a.b}, {@code $['a b'][0]}, {@code $.a[-1]}) are compiled to
 * a step list and read without allocation; anything else (wildcards, slices, unions, deep scan, filters) goes
 * through Jayway JsonPath, the library AWS's own JSONPath handling is built on. A definite path yields one value;
 * an indefinite one yields a JSON array of the matches.
 *
 * <p>Values returned are the input's own nodes, not copies: like every class here, treat JSON nodes as immutable.
 */
public final class Path {
    static final Configuration JAYWAY = Configuration.builder()
            .jsonProvider(new StrictIndexProvider())
            .mappingProvider(new JacksonMappingProvider(Json.MAPPER))
            .build();

    /**
     * Jackson's ArrayNode.get returns null past the end, which Jayway would report as a JSON null; throwing lets
     * Jayway treat the index as missing, as it does with its default provider and as the fast path does.
     */
    private static final class StrictIndexProvider extends JacksonJsonNodeJsonProvider {
        StrictIndexProvider() {
            super(Json.MAPPER);
        }

        @Override
        public Object getArrayIndex(Object obj, int idx) {
            JsonNode array = (JsonNode) obj;
            if (idx < 0 || idx >= array.size()) {
                throw new IndexOutOfBoundsException(idx);
            }
            return super.getArrayIndex(obj, idx);
        }
    }

    private final String text;
    private final boolean context;
    /** Fast path: names[i] is the property of step i, or null when step i is the array index indexes[i]. */
    private final String[] names;
    private final int[] indexes;
    /** Slow path, null when the fast path applies. */
    private final JsonPath jayway;

    private Path(String text, boolean context, String[] names, int[] indexes, JsonPath jayway) {
        this.text = text;
        this.context = context;
        this.names = names;
        this.indexes = indexes;
        this.jayway = jayway;
    }

    /** Compiles any ASL Path; IllegalArgumentException says what is wrong with it. */
    public static Path compile(String expr) {
        Path simple = parseSimple(expr);
        if (simple != null) {
            return simple;
        }
        checkRoot(expr);
        checkBalanced(expr);
        boolean context = expr.startsWith("$$");
        // Jayway knows only one root: a context path is the same expression evaluated on the context object.
        String rooted = context ? expr.substring(1) : expr;
        try {
            return new Path(expr, context, null, null, JsonPath.compile(rooted));
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("Invalid JSONPath '" + expr + "': " + e.getMessage()
                    + "; use a path such as $.field, $.list[0] or $$.Execution.Id", e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Invalid JSONPath '" + expr + "': " + e.getMessage(), e);
        }
    }

    /**
     * Compiles a Reference Path (the spec's rule for ResultPath and ItemsPath): only {@code $} or {@code $$} followed
     * by names and indexes, so it names exactly one node.
     */
    public static Path reference(String expr) {
        Path simple = parseSimple(expr);
        if (simple == null) {
            checkRoot(expr);
            throw new IllegalArgumentException("Invalid Reference Path '" + expr
                    + "': only names and indexes are allowed (e.g. $.a.b, $['a b'], $.list[0]); "
                    + "wildcards, slices, filters, unions and '..' cannot name a single node");
        }
        return simple;
    }

    private static void checkRoot(String expr) {
        if (expr == null || !expr.startsWith("$")) {
            throw new IllegalArgumentException("Invalid JSONPath '" + expr + "': a path must start with '$' "
                    + "(the input) or '$$' (the context object)");
        }
    }

    /** Jayway accepts some truncated paths such as "$.a[", which would then match nothing at run time. */
    private static void checkBalanced(String expr) {
        if (!PathScanner.balanced(expr)) {
            throw new IllegalArgumentException("Invalid JSONPath '" + expr + "': unbalanced brackets, parentheses "
                    + "or quotes");
        }
    }

    /** True when the path reads the context object ({@code $$}). */
    public boolean isContext() {
        return context;
    }

    /** True when the path names one node (no wildcard, slice, filter, union or deep scan). */
    public boolean isDefinite() {
        return jayway == null || jayway.isDefinite();
    }

    /** True when the path is {@code $} or {@code $$} alone. */
    public boolean isRoot() {
        return names != null && names.length == 0;
    }

    /** The value the path selects; StatesError States.Runtime when nothing matches. */
    public JsonNode read(JsonNode input, JsonNode context) {
        JsonNode found = lookup(input, context);
        if (found == null) {
            throw new StatesError("States.Runtime", "Invalid path '" + text + "' : No results for path: "
                    + normalised());
        }
        return found;
    }

    /** The value the path selects, or empty when nothing matches (what IsPresent tests). */
    public Optional<JsonNode> find(JsonNode input, JsonNode context) {
        return Optional.ofNullable(lookup(input, context));
    }

    /** The value the path selects, or null when nothing matches; for callers on a hot path. */
    JsonNode lookup(JsonNode input, JsonNode contextObject) {
        JsonNode node = context ? contextObject : input;
        if (node == null) {
            return null;
        }
        if (jayway == null) {
            for (int i = 0; i < names.length; i++) {
                String name = names[i];
                if (name != null) {
                    node = node.isObject() ? node.get(name) : null;
                } else if (node.isArray()) {
                    int index = indexes[i];
                    node = node.get(index >= 0 ? index : node.size() + index);
                } else {
                    node = null;
                }
                if (node == null) {
                    return null;
                }
            }
            return node;
        }
        try {
            Object value = jayway.read(node, JAYWAY);
            // Jayway unwraps leaves to Java values (and JSON null to null); missing paths throw instead.
            if (value == null) {
                return Json.NODES.nullNode();
            }
            return value instanceof JsonNode json ? json : Json.MAPPER.valueToTree(value);
        } catch (JsonPathException e) {
            return null;
        }
    }

    /** The path as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    /** Number of steps of a simple path; -1 for a Jayway path. Used by ResultPath. */
    int simpleSize() {
        return names == null ? -1 : names.length;
    }

    String stepName(int i) {
        return names[i];
    }

    int stepIndex(int i) {
        return indexes[i];
    }

    /** Jayway's bracket form ({@code $['a'][0]}), which AWS quotes in its "No results" causes. */
    private String normalised() {
        if (names == null) {
            return text;
        }
        StringBuilder sb = new StringBuilder(context ? "$$" : "$");
        for (int i = 0; i < names.length; i++) {
            if (names[i] != null) {
                sb.append("['").append(names[i]).append("']");
            } else {
                sb.append('[').append(indexes[i]).append(']');
            }
        }
        return sb.toString();
    }

    /** Parses $ / $$ followed by .name, ['name'], ["name"] or [int] steps; null when the path is anything else. */
    private static Path parseSimple(String expr) {
        if (expr == null || !expr.startsWith("$")) {
            return null;
        }
        boolean context = expr.startsWith("$$");
        int i = context ? 2 : 1;
        int n = expr.length();
        List<String> names = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '.') {
                int start = ++i;
                while (i < n && isNameChar(expr.charAt(i))) {
                    i++;
                }
                if (i == start || i < n && expr.charAt(i) != '.' && expr.charAt(i) != '[') {
                    return null;
                }
                names.add(expr.substring(start, i));
                indexes.add(0);
            } else if (c == '[') {
                int close = expr.indexOf(']', i);
                if (close < 0) {
                    return null;
                }
                String inner = expr.substring(i + 1, close);
                if (inner.length() >= 2 && (inner.charAt(0) == '\'' || inner.charAt(0) == '"')
                        && inner.charAt(inner.length() - 1) == inner.charAt(0)) {
                    String name = inner.substring(1, inner.length() - 1);
                    if (name.indexOf('\'') >= 0 || name.indexOf('"') >= 0 || name.indexOf('\\') >= 0) {
                        return null;
                    }
                    names.add(name);
                    indexes.add(0);
                } else if (inner.matches("-?\\d{1,9}")) {
                    names.add(null);
                    indexes.add(Integer.parseInt(inner));
                } else {
                    return null;
                }
                i = close + 1;
            } else {
                return null;
            }
        }
        int[] idx = new int[indexes.size()];
        for (int k = 0; k < idx.length; k++) {
            idx[k] = indexes.get(k);
        }
        return new Path(expr, context, names.toArray(new String[0]), idx, null);
    }

    private static boolean isNameChar(char c) {
        return switch (c) {
            case '.', '[', ']', '*', '(', ')', '?', '@', ',', ':', '\'', '"', '\\', '$', ' ', '\t', '\n', '\r',
                    '=', '<', '>', '!', '&', '|' -> false;
            default -> true;
        };
    }
}
