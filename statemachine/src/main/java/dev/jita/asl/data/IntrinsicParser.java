package dev.jita.asl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.data.Intrinsic.Arg;
import dev.jita.asl.data.Intrinsic.Call;
import dev.jita.asl.data.Intrinsic.Literal;
import dev.jita.asl.data.Intrinsic.PathArg;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses an intrinsic function call: string, number, boolean and null literals, paths ($ or $$) and nested calls
 * as arguments, each call's argument count checked against {@link IntrinsicFunction}.
 */
final class IntrinsicParser {
    /** AWS allows at most 10 nested intrinsic functions in one field. */
    private static final int MAX_NESTING = 10;

    private final String s;
    private int pos;

    private IntrinsicParser(String s) {
        this.s = s;
    }

    /** Parses a whole call; IllegalArgumentException on syntax errors, unknown functions and wrong arity. */
    static Call parse(String expr) {
        IntrinsicParser parser = new IntrinsicParser(expr);
        parser.skipSpaces();
        Call call = parser.call(1);
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("unexpected text after the closing ')'");
        }
        return call;
    }

    private boolean atEnd() {
        return pos >= s.length();
    }

    private void skipSpaces() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("Invalid intrinsic function '" + s + "' at character " + (pos + 1)
                + ": " + what);
    }

    private Call call(int depth) {
        if (depth > MAX_NESTING) {
            throw error("more than " + MAX_NESTING + " nested intrinsic functions; split the work over states");
        }
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
            pos++;
        }
        String name = s.substring(start, pos);
        IntrinsicFunction function = IntrinsicFunction.BY_NAME.get(name);
        if (function == null) {
            pos = start;
            throw error("unknown function '" + name + "'; the functions are " + String.join(", ",
                    IntrinsicFunction.BY_NAME.keySet()));
        }
        skipSpaces();
        if (atEnd() || s.charAt(pos) != '(') {
            throw error("expected '(' after " + name);
        }
        pos++;
        List<Arg> args = new ArrayList<>();
        skipSpaces();
        if (!atEnd() && s.charAt(pos) == ')') {
            pos++;
        } else {
            while (true) {
                skipSpaces();
                args.add(arg(depth));
                skipSpaces();
                if (atEnd()) {
                    throw error("missing ')' to close " + name);
                }
                char c = s.charAt(pos++);
                if (c == ')') {
                    break;
                }
                if (c != ',') {
                    pos--;
                    throw error("expected ',' or ')' in the arguments of " + name);
                }
            }
        }
        if (args.size() < function.minArgs || args.size() > function.maxArgs) {
            String expected = function.minArgs == function.maxArgs ? "exactly " + function.minArgs
                    : function.maxArgs == Integer.MAX_VALUE ? "at least " + function.minArgs
                    : function.minArgs + " to " + function.maxArgs;
            throw new IllegalArgumentException("Invalid intrinsic function '" + s + "': " + name + " takes "
                    + expected + " argument(s), but " + args.size() + " were given");
        }
        return new Call(function, args.toArray(new Arg[0]));
    }

    private Arg arg(int depth) {
        if (atEnd()) {
            throw error("missing argument");
        }
        char c = s.charAt(pos);
        if (c == '\'') {
            return string();
        }
        if (c == '$') {
            return path();
        }
        if (s.startsWith("States.", pos)) {
            return call(depth + 1);
        }
        if (c == '-' || c >= '0' && c <= '9') {
            return number();
        }
        for (String word : new String[] {"true", "false", "null"}) {
            if (s.startsWith(word, pos) && !isWordChar(pos + word.length())) {
                pos += word.length();
                JsonNode v = word.equals("null") ? Json.NODES.nullNode()
                        : Json.NODES.booleanNode(word.equals("true"));
                return new Literal(v, null);
            }
        }
        throw error("expected a 'string', a number, true, false, null, a path ($...) or a States.* call");
    }

    private boolean isWordChar(int i) {
        return i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_');
    }

    /** A quoted string; \' \{ \} \\ are escapes, an unescaped {} is a States.Format placeholder. */
    private Literal string() {
        pos++;
        StringBuilder value = new StringBuilder();
        StringBuilder segment = new StringBuilder();
        List<String> segments = new ArrayList<>();
        while (true) {
            if (atEnd()) {
                throw error("unterminated string literal");
            }
            char c = s.charAt(pos++);
            if (c == '\'') {
                break;
            }
            if (c == '\\') {
                if (atEnd()) {
                    throw error("a backslash must be followed by ', {, } or \\");
                }
                char e = s.charAt(pos++);
                if (e != '\'' && e != '{' && e != '}' && e != '\\') {
                    pos -= 2;
                    throw error("unknown escape '\\" + e + "'; only \\', \\{, \\} and \\\\ are allowed");
                }
                value.append(e);
                segment.append(e);
            } else if (c == '{' && pos < s.length() && s.charAt(pos) == '}') {
                pos++;
                value.append("{}");
                segments.add(segment.toString());
                segment.setLength(0);
            } else {
                value.append(c);
                segment.append(c);
            }
        }
        segments.add(segment.toString());
        return new Literal(Json.NODES.textNode(value.toString()), List.copyOf(segments));
    }

    /** A path runs to the next ',' or ')' outside brackets, parentheses and quotes. */
    private PathArg path() {
        int start = pos;
        pos = PathScanner.argumentEnd(s, pos);
        String expr = s.substring(start, pos).strip();
        try {
            return new PathArg(Path.compile(expr));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid intrinsic function '" + s + "': " + e.getMessage(), e);
        }
    }

    private Literal number() {
        int start = pos;
        if (s.charAt(pos) == '-') {
            pos++;
        }
        while (pos < s.length() && "0123456789.eE+-".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        String text = s.substring(start, pos);
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (n == null || !n.isNumber()) {
                throw new NumberFormatException(text);
            }
            return new Literal(n, null);
        } catch (JsonProcessingException | NumberFormatException e) {
            pos = start;
            throw error("'" + text + "' is not a number");
        }
    }
}
