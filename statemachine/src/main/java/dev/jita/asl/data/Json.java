package dev.jita.asl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/**
 * The library's one JSON mapper and the helpers built on it: strict parsing, JSON (not Java) equality, sizes and
 * short renderings. Public because the engine, in the parent package, uses it too; not part of the library's API.
 */
public final class Json {
    /** The one mapper, in Jackson's default configuration: Jayway and States.StringToJson read with it. */
    static final ObjectMapper MAPPER = new ObjectMapper();
    /** Definitions, execution input and task output: a repeated key or text after the value is an error. */
    private static final ObjectReader STRICT = MAPPER.reader()
            .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** Parses a whole JSON document strictly (see {@link #STRICT}). */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return STRICT.readTree(text);
    }

    /** Compact JSON text, as AWS renders values inside error causes and States.JsonToString. */
    static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** Numbers compare by value (1 == 1.0, an int equals a long); Jackson's equals would compare node classes. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a == b) {
            return true;
        }
        if (a.isNumber() && b.isNumber()) {
            return compareNumbers(a, b) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Hash consistent with {@link #equal}: numbers hash by their normalised decimal value. */
    static int hash(JsonNode n) {
        if (n.isNumber()) {
            if (n.isIntegralNumber() && n.canConvertToLong()) {
                return Long.hashCode(n.longValue());
            }
            BigDecimal d = n.decimalValue().stripTrailingZeros();
            if (d.scale() <= 0 && d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                    && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                return Long.hashCode(d.longValue());
            }
            return d.hashCode();
        }
        if (n.isObject()) {
            int h = 1;
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                h += e.getKey().hashCode() ^ hash(e.getValue());
            }
            return h;
        }
        if (n.isArray()) {
            int h = 7;
            for (JsonNode item : n) {
                h = 31 * h + hash(item);
            }
            return h;
        }
        return n.hashCode();
    }

    /** Compares two number nodes by value, exactly for integers and decimals, without boxing on the common path. */
    static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.canConvertToLong() && b.canConvertToLong() && a.isIntegralNumber() && b.isIntegralNumber()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if ((a.isDouble() || a.isFloat() || a.isIntegralNumber() && a.canConvertToLong())
                && (b.isDouble() || b.isFloat() || b.isIntegralNumber() && b.canConvertToLong())) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            if (!Double.isNaN(x) && !Double.isNaN(y) && !Double.isInfinite(x) && !Double.isInfinite(y)) {
                return Double.compare(x, y);
            }
        }
        return a.decimalValue().compareTo(b.decimalValue());
    }

    /** An integer as the smallest Jackson node that holds it, so results equal nodes parsed from JSON text. */
    static JsonNode number(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    /** A value for a cause message: long inputs are cut so errors stay readable. */
    static String abbreviate(JsonNode node) {
        String s = text(node);
        return s.length() <= 4096 ? s : s.substring(0, 4096) + "...";
    }

    /** True when {@code node} serialises to more than {@code limit} bytes; stops counting once past it. */
    public static boolean exceeds(JsonNode node, int limit) {
        return size(node, limit) > limit;
    }

    /** The UTF-8 size of {@code node}'s compact JSON text, exact up to {@code limit}, then merely greater. */
    public static long size(JsonNode node, long limit) {
        if (node == null) {
            return 4;
        }
        switch (node.getNodeType()) {
            case OBJECT: {
                long n = 2;
                Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
                boolean first = true;
                while (it.hasNext() && n <= limit) {
                    Map.Entry<String, JsonNode> e = it.next();
                    n += (first ? 0 : 1) + stringSize(e.getKey()) + 1 + size(e.getValue(), limit - n);
                    first = false;
                }
                return n;
            }
            case ARRAY: {
                long n = 2;
                for (int i = 0; i < node.size() && n <= limit; i++) {
                    n += (i == 0 ? 0 : 1) + size(node.get(i), limit - n);
                }
                return n;
            }
            case STRING:
                return stringSize(node.textValue());
            case BOOLEAN:
                return node.booleanValue() ? 4 : 5;
            case NULL:
            case MISSING:
                return 4;
            default:
                return node.asText().length();
        }
    }

    private static long stringSize(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                n += 2;
            } else if (c < 0x20) {
                n += (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') ? 2 : 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
