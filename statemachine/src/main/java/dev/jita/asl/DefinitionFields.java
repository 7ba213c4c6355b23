package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.data.Intrinsic;
import dev.jita.asl.data.Path;
import dev.jita.asl.data.ResultPath;
import dev.jita.asl.data.Template;
import java.util.Iterator;
import java.util.Set;

/**
 * Readers of definition fields, shared by the loader and the state parsers: each compiles one field or throws an
 * {@link InvalidDefinitionException} naming the state and the field.
 */
final class DefinitionFields {
    static final long MAX_SECONDS = 99_999_999L;

    private DefinitionFields() {
    }

    static void checkQueryLanguage(JsonNode node, String what) {
        JsonNode ql = node.get("QueryLanguage");
        if (ql == null) {
            return;
        }
        if ("JSONata".equals(ql.asText())) {
            throw new InvalidDefinitionException(what + ": QueryLanguage JSONata is not supported; this interpreter "
                    + "runs JSONPath definitions only");
        }
        if (!"JSONPath".equals(ql.asText())) {
            throw new InvalidDefinitionException(what + ": QueryLanguage must be JSONPath");
        }
    }

    /** Conservative: true when any text in {@code node} mentions {@code $$}, the context object. */
    static boolean mentionsContext(JsonNode node) {
        return node.toString().contains("$$");
    }

    static String at(String name, String where) {
        return "State '" + name + "'" + where;
    }

    static Template template(JsonNode node, String at, String field) {
        try {
            return Template.compile(node);
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at + ": " + field + ": " + e.getMessage());
        }
    }

    static IoPath ioPath(JsonNode node, String field, String at) {
        if (!node.has(field)) {
            return IoPath.IDENTITY;
        }
        JsonNode v = node.get(field);
        if (v.isNull()) {
            return IoPath.EMPTY;
        }
        return IoPath.of(path(v, at, field, false));
    }

    static ResultPath resultPath(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        try {
            if (v == null) {
                return ResultPath.compile("$");
            }
            if (v.isNull()) {
                return ResultPath.compile(null);
            }
            if (!v.isTextual()) {
                throw new InvalidDefinitionException(at + ": " + field + " must be a path string or null");
            }
            return ResultPath.compile(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at + ": " + field + ": " + e.getMessage());
        }
    }

    static Path referencePath(JsonNode node, String field, String at) {
        return node.has(field) ? path(node.get(field), at, field, true) : null;
    }

    static Path path(JsonNode v, String at, String field, boolean reference) {
        if (!v.isTextual()) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a path string such as \"$.items\"");
        }
        try {
            return reference ? Path.reference(v.textValue()) : Path.compile(v.textValue());
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at + ": " + field + ": " + e.getMessage());
        }
    }

    static StateDef.Expr expr(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a path or intrinsic function string");
        }
        String text = v.textValue();
        try {
            if (text.startsWith("States.")) {
                Intrinsic f = Intrinsic.compile(text);
                return new StateDef.Expr() {
                    public JsonNode evaluate(JsonNode input, JsonNode context) {
                        return f.evaluate(input, context);
                    }

                    public boolean usesContext() {
                        return true;
                    }
                };
            }
            Path p = Path.reference(text);
            return new StateDef.Expr() {
                public JsonNode evaluate(JsonNode input, JsonNode context) {
                    return p.read(input, context);
                }

                public boolean usesContext() {
                    return p.isContext();
                }
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidDefinitionException(at + ": " + field + ": " + e.getMessage());
        }
    }

    static String text(JsonNode node, String field, String at) {
        JsonNode v = node.get(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a string");
        }
        return v.textValue();
    }

    static long positiveInt(JsonNode v, String at, String field) {
        return wholeNumber(v, at, field, 1);
    }

    static long nonNegativeInt(JsonNode v, String at, String field) {
        return wholeNumber(v, at, field, 0);
    }

    static long wholeNumber(JsonNode v, String at, String field, long min) {
        if (v == null || !v.canConvertToExactIntegral() || v.asLong() < min || v.asLong() > MAX_SECONDS) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a whole number from " + min + " to "
                    + MAX_SECONDS);
        }
        return v.asLong();
    }

    /** Refuses a field given both as a value and as a path ({@code TimeoutSeconds} and {@code TimeoutSecondsPath}). */
    static void pair(JsonNode node, String field, String at) {
        if (node.has(field) && node.has(field + "Path")) {
            throw new InvalidDefinitionException(at + ": has both " + field + " and " + field + "Path; keep one");
        }
    }

    static JsonNode nonEmptyArray(JsonNode node, String field, String at, String ofWhat) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new InvalidDefinitionException(at + ": " + field + " must be a non-empty array of " + ofWhat);
        }
        return v;
    }

    static void unknownFields(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new InvalidDefinitionException(where + " must be an object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) {
                throw new InvalidDefinitionException(where + ": unknown field " + f + "; remove it");
            }
        }
    }
}
