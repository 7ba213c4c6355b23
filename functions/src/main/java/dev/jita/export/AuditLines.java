package dev.jita.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One exported line: an audit item exactly as stored, every attribute (the hash, prevHash, index keys and any MAC
 * included), as plain JSON with its keys sorted: strings, maps and lists as themselves, which is all an audit item
 * holds, so an auditor recomputes each hash from the line alone (SHA-256 of the canonical JSON of the line without
 * {@code hash}). Any other attribute type, which only an altered item can hold, is kept too (numbers, booleans,
 * null; sets as lists; binary as base64 under {@code {"$B": ...}}) so the export shows what was written.
 */
public final class AuditLines {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String BINARY = "$B";

    private AuditLines() {
    }

    /** The item as one line of JSON (no line break). */
    public static String write(Map<String, AttributeValue> item) {
        ObjectNode node = NODES.objectNode();
        new TreeMap<>(item).forEach((name, value) -> node.set(name, json(value)));
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit item could not be written as JSON", e);
        }
    }

    /**
     * The item a line holds.
     *
     * @throws IllegalArgumentException when the line is not a JSON object (the export was altered or cut)
     */
    public static Map<String, AttributeValue> read(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an export line is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("an export line is not a JSON object");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> item.put(f.getKey(), attribute(f.getValue())));
        return item;
    }

    private static JsonNode json(AttributeValue value) {
        return switch (value.type()) {
            case S -> NODES.textNode(value.s());
            case N -> NODES.numberNode(new java.math.BigDecimal(value.n()));
            case BOOL -> NODES.booleanNode(value.bool());
            case NUL -> NODES.nullNode();
            case M -> {
                ObjectNode map = NODES.objectNode();
                new TreeMap<>(value.m()).forEach((k, v) -> map.set(k, json(v)));
                yield map;
            }
            case L -> {
                ArrayNode list = NODES.arrayNode();
                value.l().forEach(v -> list.add(json(v)));
                yield list;
            }
            case SS -> strings(value.ss());
            case NS -> strings(value.ns());
            case B -> NODES.objectNode().put(BINARY, value.b().asByteArray());
            case BS -> {
                ArrayNode list = NODES.arrayNode();
                value.bs().forEach(b -> list.add(NODES.objectNode().put(BINARY, b.asByteArray())));
                yield list;
            }
            default -> NODES.textNode(String.valueOf(value));
        };
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode list = NODES.arrayNode();
        values.forEach(list::add);
        return list;
    }

    private static AttributeValue attribute(JsonNode node) {
        if (node.isTextual()) {
            return AttributeValue.fromS(node.textValue());
        }
        if (node.isNumber()) {
            return AttributeValue.fromN(node.decimalValue().toPlainString());
        }
        if (node.isBoolean()) {
            return AttributeValue.fromBool(node.booleanValue());
        }
        if (node.isNull()) {
            return AttributeValue.fromNul(true);
        }
        if (node.isArray()) {
            List<AttributeValue> list = new ArrayList<>();
            node.forEach(v -> list.add(attribute(v)));
            return AttributeValue.fromL(list);
        }
        if (node.size() == 1 && node.has(BINARY) && node.get(BINARY).isTextual()) {
            try {
                return AttributeValue.fromB(SdkBytes.fromByteArray(node.get(BINARY).binaryValue()));
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("an export line holds binary that is not base64");
            }
        }
        Map<String, AttributeValue> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        fields.forEachRemaining(f -> map.put(f.getKey(), attribute(f.getValue())));
        return AttributeValue.fromM(map);
    }
}
