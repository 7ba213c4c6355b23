package dev.jita.asl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.StatesError;
import dev.jita.asl.data.Intrinsic.Call;
import dev.jita.asl.data.Intrinsic.Literal;
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
 * The intrinsic function library: each States.* function with its argument count, which the parser checks, and
 * its body, which checks the argument types at run time and fails with States.IntrinsicFailure as AWS does.
 */
enum IntrinsicFunction {
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

    private static final int MAX_STRING = 10_000;
    private static final int MAX_RANGE = 1000;

    static final Map<String, IntrinsicFunction> BY_NAME = new LinkedHashMap<>();

    static {
        for (IntrinsicFunction f : values()) {
            BY_NAME.put(f.fnName, f);
        }
    }

    final String fnName;
    final int minArgs;
    final int maxArgs;

    IntrinsicFunction(String fnName, int minArgs, int maxArgs) {
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
            case STRING_SPLIT -> stringSplit(a);
            case UUID_ -> Json.NODES.textNode(UUID.randomUUID().toString());
        };
    }

    private JsonNode format(Call call, JsonNode[] a) {
        List<String> segments;
        if (call.args()[0] instanceof Literal lit && lit.segments() != null) {
            segments = lit.segments();
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

    private JsonNode stringSplit(JsonNode[] a) {
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
}
