package dev.jita.asl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.StatesError;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A compiled intrinsic function call such as {@code States.Format('Hello {}', $.name)}: string, number, boolean
 * and null literals, paths ($ or $$) and nested calls as arguments. Arity is checked at compile time; argument
 * types at run time, failing with States.IntrinsicFailure as AWS does.
 */
public final class Intrinsic {
    /** AWS allows at most 10 nested intrinsic functions in one field. */
    static final int MAX_NESTING = 10;
    private static final int MAX_STRING = 10_000;
    private static final int MAX_RANGE = 1000;

    private final String text;
    private final Call call;

    private Intrinsic(String text, Call call) {
        this.text = text;
        this.call = call;
    }

    /** True when the string is meant as an intrinsic call (it starts with "States."). */
    public static boolean looksLikeIntrinsic(String expr) {
        return expr != null && expr.stripLeading().startsWith("States.");
    }

    /** Parses a call; IllegalArgumentException on syntax errors, unknown functions and wrong argument counts. */
    public static Intrinsic compile(String expr) {
        if (expr == null) {
            throw new IllegalArgumentException("Invalid intrinsic function: null");
        }
        Parser parser = new Parser(expr);
        parser.skipSpaces();
        Call call = parser.call(1);
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw parser.error("unexpected text after the closing ')'");
        }
        return new Intrinsic(expr, call);
    }

    /** Evaluates the call on the state's input and the context object. */
    public JsonNode evaluate(JsonNode input, JsonNode context) {
        return call.evaluate(input, context);
    }

    /** The call as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- arguments ----

    private sealed interface Arg permits Literal, PathArg, Call {
        JsonNode evaluate(JsonNode input, JsonNode context);
    }

    /** A literal; for strings, {@code segments} is the text split at unescaped {} (for States.Format). */
    private record Literal(JsonNode value, List<String> segments) implements Arg {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            return value;
        }
    }

    private record PathArg(Path path) implements Arg {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            JsonNode value = path.lookup(input, context);
            if (value == null) {
                throw new StatesError("States.Runtime", "The JSONPath '" + path.text()
                        + "' given as an intrinsic function argument could not be found in the input '"
                        + Json.abbreviate(path.isContext() ? context : input) + "'");
            }
            return value;
        }
    }

    private record Call(Function function, Arg[] args) implements Arg {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            JsonNode[] values = new JsonNode[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = args[i].evaluate(input, context);
            }
            return function.apply(this, values);
        }
    }

    // ---- functions ----

    private enum Function {
        FORMAT("States.Format", 1, Integer.MAX_VALUE),
        STRING_TO_JSON("States.StringToJson", 1, 1),
        JSON_TO_STRING("States.JsonToString", 1, 1),
        ARRAY("States.Array", 0, Integer.MAX_VALUE),
        ARRAY_PARTITION("States.ArrayPartition", 2, 2),
        ARRAY_CONTAINS("States.ArrayContains", 2, 2),
        ARRAY_RANGE("States.ArrayRange", 3, 3),
        ARRAY_GET_ITEM("States.ArrayGetItem", 2, 2),
        ARRAY_LENGTH("States.ArrayLength", 1, 1),
        ARRAY_UNIQUE("States.ArrayUnique", 1, 1),
        BASE64_ENCODE("States.Base64Encode", 1, 1),
        BASE64_DECODE("States.Base64Decode", 1, 1),
        HASH("States.Hash", 2, 2),
        JSON_MERGE("States.JsonMerge", 3, 3),
        MATH_RANDOM("States.MathRandom", 2, 3),
        MATH_ADD("States.MathAdd", 2, 2),
        STRING_SPLIT("States.StringSplit", 2, 2),
        UUID_("States.UUID", 0, 0);

        private static final Map<String, Function> BY_NAME = new LinkedHashMap<>();

        static {
            for (Function f : values()) {
                BY_NAME.put(f.fnName, f);
            }
        }

        final String fnName;
        final int minArgs;
        final int maxArgs;

        Function(String fnName, int minArgs, int maxArgs) {
            this.fnName = fnName;
            this.minArgs = minArgs;
            this.maxArgs = maxArgs;
        }

        JsonNode apply(Call call, JsonNode[] a) {
            return switch (this) {
                case FORMAT -> format(call, a);
                case STRING_TO_JSON -> stringToJson(a);
                case JSON_TO_STRING -> Json.NODES.textNode(Json.text(a[0]));
                case ARRAY -> {
                    ArrayNode out = Json.NODES.arrayNode(a.length);
                    for (JsonNode v : a) {
                        out.add(v);
                    }
                    yield out;
                }
                case ARRAY_PARTITION -> partition(a);
                case ARRAY_CONTAINS -> {
                    ArrayNode array = array(a, 0);
                    boolean found = false;
                    for (JsonNode item : array) {
                        if (Json.equal(item, a[1])) {
                            found = true;
                            break;
                        }
                    }
                    yield Json.NODES.booleanNode(found);
                }
                case ARRAY_RANGE -> range(a);
                case ARRAY_GET_ITEM -> {
                    ArrayNode array = array(a, 0);
                    long index = integer(a, 1);
                    if (index < 0 || index >= array.size()) {
                        throw failure("index " + index + " is out of bounds for an array of " + array.size()
                                + " items");
                    }
                    yield array.get((int) index);
                }
                case ARRAY_LENGTH -> Json.NODES.numberNode(array(a, 0).size());
                case ARRAY_UNIQUE -> unique(a);
                case BASE64_ENCODE -> {
                    String s = limited(a, 0, "encode");
                    yield Json.NODES.textNode(Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
                }
                case BASE64_DECODE -> {
                    String s = limited(a, 0, "decode");
                    try {
                        yield Json.NODES.textNode(new String(Base64.getMimeDecoder().decode(s), StandardCharsets.UTF_8));
                    } catch (IllegalArgumentException e) {
                        throw failure("the argument is not valid Base64: " + e.getMessage());
                    }
                }
                case HASH -> hash(a);
                case JSON_MERGE -> merge(a);
                case MATH_RANDOM -> random(a);
                case MATH_ADD -> {
                    long x = int32(a, 0);
                    long y = int32(a, 1);
                    yield Json.number(x + y);
                }
                case STRING_SPLIT -> split(a);
                case UUID_ -> Json.NODES.textNode(UUID.randomUUID().toString());
            };
        }

        private JsonNode format(Call call, JsonNode[] a) {
            List<String> segments;
            if (call.args[0] instanceof Literal lit && lit.segments != null) {
                segments = lit.segments;
            } else {
                segments = splitPlaceholders(string(a, 0));
            }
            int placeholders = segments.size() - 1;
            if (placeholders != a.length - 1) {
                throw failure("the format string has " + placeholders + " {} placeholder(s) but "
                        + (a.length - 1) + " value argument(s) were given; give one value per {}");
            }
            StringBuilder sb = new StringBuilder(segments.get(0));
            for (int i = 1; i < a.length; i++) {
                appendFormatted(sb, a[i]);
                sb.append(segments.get(i));
            }
            return Json.NODES.textNode(sb.toString());
        }

        /**
         * Strings go in as they are, other scalars as JSON; objects and arrays as Java's Map and List toString
         * ({a=1, b=[x, y]}), the form AWS's Java implementation prints (LocalStack reproduces it the same way).
         */
        private static void appendFormatted(StringBuilder sb, JsonNode v) {
            if (v.isTextual()) {
                sb.append(v.textValue());
            } else if (v.isObject()) {
                sb.append('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); first = false) {
                    Map.Entry<String, JsonNode> e = it.next();
                    sb.append(first ? "" : ", ").append(e.getKey()).append('=');
                    appendFormatted(sb, e.getValue());
                }
                sb.append('}');
            } else if (v.isArray()) {
                sb.append('[');
                for (int i = 0; i < v.size(); i++) {
                    sb.append(i == 0 ? "" : ", ");
                    appendFormatted(sb, v.get(i));
                }
                sb.append(']');
            } else {
                sb.append(Json.text(v));
            }
        }

        private JsonNode stringToJson(JsonNode[] a) {
            String s = string(a, 0);
            try {
                JsonNode parsed = Json.MAPPER.readTree(s);
                if (parsed == null || parsed.isMissingNode()) {
                    throw failure("the argument is not a JSON text: '" + s + "'");
                }
                return parsed;
            } catch (JsonProcessingException e) {
                throw failure("the argument is not valid JSON: " + e.getOriginalMessage());
            }
        }

        private JsonNode partition(JsonNode[] a) {
            ArrayNode array = array(a, 0);
            long size = integer(a, 1);
            if (size <= 0) {
                throw failure("the chunk size must be a positive integer, got " + a[1]);
            }
            ArrayNode out = Json.NODES.arrayNode();
            ArrayNode chunk = null;
            for (int i = 0; i < array.size(); i++) {
                if (i % size == 0) {
                    chunk = out.addArray();
                }
                chunk.add(array.get(i));
            }
            return out;
        }

        private JsonNode range(JsonNode[] a) {
            long start = integer(a, 0);
            long end = integer(a, 1);
            long step = integer(a, 2);
            if (step == 0) {
                throw failure("the step (argument 3) must not be 0");
            }
            long count = (end - start) / step < 0 ? 0 : (end - start) / step + 1;
            if (count > MAX_RANGE) {
                throw failure("the range would hold " + count + " items; at most " + MAX_RANGE + " are allowed");
            }
            ArrayNode out = Json.NODES.arrayNode((int) count);
            for (long i = 0; i < count; i++) {
                out.add(Json.number(start + i * step));
            }
            return out;
        }

        private JsonNode unique(JsonNode[] a) {
            ArrayNode array = array(a, 0);
            ArrayNode out = Json.NODES.arrayNode();
            Map<Integer, List<JsonNode>> seen = new LinkedHashMap<>();
            for (JsonNode item : array) {
                List<JsonNode> bucket = seen.computeIfAbsent(Json.hash(item), k -> new ArrayList<>(1));
                boolean duplicate = false;
                for (JsonNode other : bucket) {
                    if (Json.equal(other, item)) {
                        duplicate = true;
                        break;
                    }
                }
                if (!duplicate) {
                    bucket.add(item);
                    out.add(item);
                }
            }
            return out;
        }

        private JsonNode hash(JsonNode[] a) {
            String data = string(a, 0);
            if (data.length() > MAX_STRING) {
                throw failure("the data to hash has " + data.length() + " characters; at most " + MAX_STRING
                        + " are allowed");
            }
            String algorithm = string(a, 1);
            if (!List.of("MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512").contains(algorithm)) {
                throw failure("unsupported algorithm '" + algorithm + "'; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512");
            }
            try {
                byte[] digest = MessageDigest.getInstance(algorithm).digest(data.getBytes(StandardCharsets.UTF_8));
                return Json.NODES.textNode(HexFormat.of().formatHex(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("JVM lacks " + algorithm, e);
            }
        }

        private JsonNode merge(JsonNode[] a) {
            ObjectNode first = object(a, 0);
            ObjectNode second = object(a, 1);
            if (!a[2].isBoolean()) {
                throw typeFailure(2, "a boolean", a[2]);
            }
            if (a[2].booleanValue()) {
                throw failure("deep merge is not supported; set the third argument to false");
            }
            ObjectNode out = Json.NODES.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = first.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), e.getValue());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = second.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(e.getKey(), e.getValue());
            }
            return out;
        }

        private JsonNode random(JsonNode[] a) {
            long start = integer(a, 0);
            long end = integer(a, 1);
            if (start >= end) {
                throw failure("the start (" + start + ") must be less than the end (" + end + ")");
            }
            long value;
            if (a.length == 3) {
                long seed = integer(a, 2);
                value = start + (long) (new Random(seed).nextDouble() * (end - start));
            } else {
                value = ThreadLocalRandom.current().nextLong(start, end);
            }
            return Json.number(value);
        }

        private JsonNode split(JsonNode[] a) {
            String s = string(a, 0);
            String delimiters = string(a, 1);
            ArrayNode out = Json.NODES.arrayNode();
            // Every character of the second argument is a delimiter (AWS's ".+,=" example), and empty parts are
            // dropped: real Step Functions splits ",,,," into [] (aws-local-stepfunctions keeps them; AWS does not).
            int from = 0;
            for (int i = 0; i < s.length(); ) {
                int c = s.codePointAt(i);
                int next = i + Character.charCount(c);
                if (delimiters.indexOf(c) >= 0) {
                    if (i > from) {
                        out.add(s.substring(from, i));
                    }
                    from = next;
                }
                i = next;
            }
            if (s.length() > from) {
                out.add(s.substring(from));
            }
            return out;
        }

        // ---- argument checks ----

        private String string(JsonNode[] a, int i) {
            if (!a[i].isTextual()) {
                throw typeFailure(i, "a string", a[i]);
            }
            return a[i].textValue();
        }

        private String limited(JsonNode[] a, int i, String verb) {
            String s = string(a, i);
            if (s.length() > MAX_STRING) {
                throw failure("cannot " + verb + " a string of " + s.length() + " characters; at most "
                        + MAX_STRING + " are allowed");
            }
            return s;
        }

        private ArrayNode array(JsonNode[] a, int i) {
            if (!a[i].isArray()) {
                throw typeFailure(i, "an array", a[i]);
            }
            return (ArrayNode) a[i];
        }

        private ObjectNode object(JsonNode[] a, int i) {
            if (!a[i].isObject()) {
                throw typeFailure(i, "an object", a[i]);
            }
            return (ObjectNode) a[i];
        }

        /** AWS rounds non-integer numbers to the nearest integer where it expects one. */
        private long integer(JsonNode[] a, int i) {
            if (!a[i].isNumber()) {
                throw typeFailure(i, "a number", a[i]);
            }
            if (a[i].isIntegralNumber()) {
                if (!a[i].canConvertToLong()) {
                    throw failure("argument " + (i + 1) + " is too large: " + a[i]);
                }
                return a[i].longValue();
            }
            double d = a[i].doubleValue();
            if (Double.isNaN(d) || Math.abs(d) > 9.0e18) {
                throw failure("argument " + (i + 1) + " is too large: " + a[i]);
            }
            return Math.round(d);
        }

        private long int32(JsonNode[] a, int i) {
            long v = integer(a, i);
            if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                throw failure("argument " + (i + 1) + " (" + v + ") is outside -2147483648..2147483647");
            }
            return v;
        }

        private StatesError typeFailure(int i, String expected, JsonNode actual) {
            return failure("argument " + (i + 1) + " must be " + expected + " but is " + typeName(actual) + " ("
                    + Json.abbreviate(actual) + ")");
        }

        private StatesError failure(String what) {
            return new StatesError("States.IntrinsicFailure", "Invalid arguments in " + fnName + ": " + what);
        }
    }

    private static String typeName(JsonNode v) {
        return switch (v.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            default -> v.getNodeType().toString().toLowerCase();
        };
    }

    /** Splits a runtime format string (one read from a path, so with no escapes) at each {}. */
    private static List<String> splitPlaceholders(String s) {
        List<String> out = new ArrayList<>();
        int from = 0;
        int at;
        while ((at = s.indexOf("{}", from)) >= 0) {
            out.add(s.substring(from, at));
            from = at + 2;
        }
        out.add(s.substring(from));
        return out;
    }

    // ---- parser ----

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("Invalid intrinsic function '" + s + "' at character " + (pos + 1)
                    + ": " + what);
        }

        Call call(int depth) {
            if (depth > MAX_NESTING) {
                throw error("more than " + MAX_NESTING + " nested intrinsic functions; split the work over states");
            }
            int start = pos;
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                pos++;
            }
            String name = s.substring(start, pos);
            Function function = Function.BY_NAME.get(name);
            if (function == null) {
                pos = start;
                throw error("unknown function '" + name + "'; the functions are " + String.join(", ",
                        Function.BY_NAME.keySet()));
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

        Arg arg(int depth) {
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
        Literal string() {
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
        PathArg path() {
            int start = pos;
            int depth = 0;
            char quote = 0;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    if (depth == 0) {
                        break;
                    }
                    depth--;
                } else if (c == ',' && depth == 0) {
                    break;
                }
                pos++;
            }
            String expr = s.substring(start, pos).strip();
            try {
                return new PathArg(Path.compile(expr));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Invalid intrinsic function '" + s + "': " + e.getMessage(), e);
            }
        }

        Literal number() {
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
}
