package dev.jita.asl.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Test helper: JSON from text, with single quotes allowed so fixtures stay readable in Java strings. */
final class JsonFixtures {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonFixtures() {
    }

    /** Parses JSON; single quotes in the text become double quotes. */
    static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** Parses JSON exactly as written. */
    static JsonNode raw(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
