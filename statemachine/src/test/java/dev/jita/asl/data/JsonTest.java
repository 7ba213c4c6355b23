package dev.jita.asl.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

/** The one JSON mapper reads leniently inside the data classes; definitions and inputs are parsed strictly. */
class JsonTest {

    @Test
    void stringToJson_shouldKeepTheLastValue_whenAKeyRepeats() {
        JsonNode parsed = Intrinsic.compile("States.StringToJson($.s)")
                .evaluate(JsonNodeFactory.instance.objectNode().put("s", "{\"a\":1,\"a\":2}"), null);
        assertEquals(2, parsed.get("a").intValue());
    }

    @Test
    void parse_shouldReject_whenAKeyRepeatsOrTextFollowsTheValue() throws JsonProcessingException {
        assertEquals(2, Json.parse("{\"a\": {\"b\": 2}}").at("/a/b").intValue());
        assertThrows(JsonProcessingException.class, () -> Json.parse("{\"a\": {\"b\": 1, \"b\": 2}}"));
        assertThrows(JsonProcessingException.class, () -> Json.parse("1 2"));
    }
}
