package dev.jita.asl.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.StatesError;
import java.util.Iterator;
import java.util.Map;

/**
 * A compiled ResultPath: where a state's result goes in its input. {@code $} (the default) replaces the input,
 * {@code $.a.b} sets that field (creating missing objects on the way), null discards the result.
 *
 * <p>{@link #apply} copies only the objects and arrays on the path; the rest of the output shares nodes with the
 * input and the result, which is why all JSON here is treated as immutable.
 */
public final class ResultPath {
    private static final ResultPath ROOT = new ResultPath(null, false);
    private static final ResultPath DISCARD = new ResultPath(null, true);

    private final Path path;
    private final boolean discard;

    private ResultPath(Path path, boolean discard) {
        this.path = path;
        this.discard = discard;
    }

    /** {@code null} (a JSON null in the definition) discards the result; otherwise a Reference Path on the input. */
    public static ResultPath compile(String exprOrNull) {
        if (exprOrNull == null) {
            return DISCARD;
        }
        if (exprOrNull.startsWith("$$")) {
            throw new IllegalArgumentException("Invalid ResultPath '" + exprOrNull
                    + "': ResultPath writes into the state's input, so it must start with '$', not '$$'");
        }
        Path p;
        try {
            p = Path.reference(exprOrNull);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid ResultPath: " + e.getMessage(), e);
        }
        return p.isRoot() ? ROOT : new ResultPath(p, false);
    }

    /** The default ResultPath, {@code $}. */
    public static ResultPath root() {
        return ROOT;
    }

    /** True for {@code "ResultPath": null}. */
    public boolean isDiscard() {
        return discard;
    }

    /** The input with the result placed at this path; the input itself is left unchanged. */
    public JsonNode apply(JsonNode input, JsonNode result) {
        if (discard) {
            return input;
        }
        if (path == null) {
            return result;
        }
        return place(input, 0, result);
    }

    private JsonNode place(JsonNode node, int step, JsonNode result) {
        String name = path.stepName(step);
        boolean last = step == path.simpleSize() - 1;
        if (name != null) {
            if (!node.isObject()) {
                throw mismatch(name, node);
            }
            ObjectNode copy = copyObject(node);
            JsonNode child = node.get(name);
            copy.set(name, last ? result : place(child == null ? Json.NODES.objectNode() : child, step + 1, result));
            return copy;
        }
        int index = path.stepIndex(step);
        int at = index >= 0 ? index : node.size() + index;
        if (!node.isArray() || at < 0 || at >= node.size()) {
            throw mismatch(String.valueOf(index), node);
        }
        ArrayNode copy = Json.NODES.arrayNode(node.size());
        copy.addAll((ArrayNode) node);
        copy.set(at, last ? result : place(node.get(at), step + 1, result));
        return copy;
    }

    private static ObjectNode copyObject(JsonNode node) {
        ObjectNode copy = Json.NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            copy.set(e.getKey(), e.getValue());
        }
        return copy;
    }

    private StatesError mismatch(String step, JsonNode node) {
        // AWS's wording; the path itself is in the state's definition.
        return new StatesError("States.ResultPathMatchFailure", "Unable to apply step \"" + step + "\" to input "
                + Json.abbreviate(node));
    }

    /** The path as written, or null for discard. */
    public String text() {
        return discard ? null : path == null ? "$" : path.text();
    }
}
