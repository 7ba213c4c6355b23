package dev.jita.asl;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** JSON plumbing shared by the engine: one mapper, payload sizes. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Passed where a Path is known not to read {@code $$}. */
    static final ObjectNode EMPTY_CONTEXT = F.objectNode();

    /** Step Functions' payload quota: 256 KiB of UTF-8. */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;

    private Json() {
    }

    static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** True when {@code node} serialises to more than {@code limit} bytes; stops counting once past it. */
    static boolean exceeds(JsonNode node, int limit) {
        return size(node, limit) > limit;
    }

    /** The UTF-8 size of {@code node}'s compact JSON text, exact up to {@code limit}, then merely greater. */
    static long size(JsonNode node, long limit) {
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
