package dev.jita.asl.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.StatesError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled payload template: Parameters, ResultSelector, ItemSelector, a Task's Payload. In objects, a key ending
 * in {@code .$} takes the value of a path ($ or $$) or an intrinsic call and loses its suffix in the output; every
 * other value is copied as written. Objects and arrays are walked at any depth.
 */
public final class Template {
    private final Node root;

    private Template(Node root) {
        this.root = root;
    }

    /** Compiles a template; IllegalArgumentException naming the key whose path or intrinsic is invalid. */
    public static Template compile(JsonNode template) {
        return new Template(compileNode(template, ""));
    }

    /** A fresh output on every call (containers are new; values read from the input are the input's nodes). */
    public JsonNode evaluate(JsonNode input, JsonNode context) {
        return root.evaluate(input, context);
    }

    private sealed interface Node permits Constant, ObjectTemplate, ArrayTemplate, PathValue, IntrinsicValue {
        JsonNode evaluate(JsonNode input, JsonNode context);
    }

    /** Scalars are immutable in Jackson, so one node serves every evaluation. */
    private record Constant(JsonNode value) implements Node {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            return value;
        }
    }

    private record ObjectTemplate(String[] keys, Node[] values) implements Node {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            ObjectNode out = Json.NODES.objectNode();
            for (int i = 0; i < keys.length; i++) {
                out.set(keys[i], values[i].evaluate(input, context));
            }
            return out;
        }
    }

    private record ArrayTemplate(Node[] items) implements Node {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            ArrayNode out = Json.NODES.arrayNode(items.length);
            for (Node item : items) {
                out.add(item.evaluate(input, context));
            }
            return out;
        }
    }

    private record PathValue(String field, Path path) implements Node {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            JsonNode value = path.lookup(input, context);
            if (value == null) {
                throw new StatesError("States.Runtime", "The JSONPath '" + path.text() + "' specified for the field '"
                        + field + "' could not be found in the input '"
                        + Json.abbreviate(path.isContext() ? context : input) + "'");
            }
            return value;
        }
    }

    private record IntrinsicValue(Intrinsic intrinsic) implements Node {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            return intrinsic.evaluate(input, context);
        }
    }

    private static Node compileNode(JsonNode node, String where) {
        if (node == null || node.isMissingNode()) {
            throw new IllegalArgumentException("Template is missing a value" + (where.isEmpty() ? "" : " at " + where));
        }
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            List<Node> values = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                String at = where.isEmpty() ? key : where + "." + key;
                String outKey;
                Node value;
                if (key.endsWith(".$")) {
                    outKey = key.substring(0, key.length() - 2);
                    value = compileDynamic(key, at, e.getValue());
                } else {
                    outKey = key;
                    value = compileNode(e.getValue(), at);
                }
                if (!seen.add(outKey)) {
                    throw new IllegalArgumentException("Field '" + at + "': the key '" + outKey
                            + "' appears twice (once with '.$'); keep only one of them");
                }
                keys.add(outKey);
                values.add(value);
            }
            return new ObjectTemplate(keys.toArray(new String[0]), values.toArray(new Node[0]));
        }
        if (node.isArray()) {
            Node[] items = new Node[node.size()];
            for (int i = 0; i < items.length; i++) {
                items[i] = compileNode(node.get(i), where + "[" + i + "]");
            }
            return new ArrayTemplate(items);
        }
        return new Constant(node);
    }

    private static Node compileDynamic(String key, String at, JsonNode value) {
        if (!value.isTextual()) {
            throw new IllegalArgumentException("Field '" + at + "': a key ending in '.$' needs a string value "
                    + "holding a path ($..., $$...) or an intrinsic function call, not " + Json.abbreviate(value));
        }
        String expr = value.textValue();
        try {
            if (Intrinsic.looksLikeIntrinsic(expr)) {
                return new IntrinsicValue(Intrinsic.compile(expr.strip()));
            }
            return new PathValue(key, Path.compile(expr));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Field '" + at + "': " + e.getMessage(), e);
        }
    }
}
