package dev.jita.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.audit.CanonicalJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Pagination cursors: DynamoDB's LastEvaluatedKey (all string attributes in jita's indexes) as base64url JSON.
 * Decoding checks that the cursor belongs to the listing it is handed to, so a caller cannot page through
 * someone else's partition by editing one.
 */
final class Cursors {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BAD = "the cursor is not one this listing issued: start again without it";

    private Cursors() {
    }

    static String encode(Map<String, AttributeValue> lastEvaluatedKey) {
        Map<String, String> plain = new HashMap<>();
        lastEvaluatedKey.forEach((k, v) -> {
            if (v.s() == null) {
                throw new IllegalStateException("cursor keys are strings; " + k + " is " + v.type());
            }
            plain.put(k, v.s());
        });
        return encodePlain(plain);
    }

    static String encodePlain(Map<String, String> plain) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(CanonicalJson.write(plain).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param fixed     attributes whose value the listing fixes (its partition key)
     * @param otherKeys the remaining attributes the cursor must hold
     */
    static Map<String, AttributeValue> decode(String cursor, Map<String, String> fixed, String... otherKeys) {
        Map<String, String> plain = decodePlain(cursor);
        Set<String> expected = new java.util.HashSet<>(fixed.keySet());
        expected.addAll(Set.of(otherKeys));
        if (!plain.keySet().equals(expected)) {
            throw new IllegalArgumentException(BAD);
        }
        fixed.forEach((k, v) -> {
            if (!v.equals(plain.get(k))) {
                throw new IllegalArgumentException(BAD);
            }
        });
        Map<String, AttributeValue> key = new HashMap<>();
        plain.forEach((k, v) -> key.put(k, AttributeValue.fromS(v)));
        return key;
    }

    static Map<String, String> decodePlain(String cursor) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(cursor);
            Map<String, String> plain = JSON.readValue(json, new TypeReference<Map<String, String>>() { });
            if (plain == null || plain.values().stream().anyMatch(v -> v == null)) {
                throw new IllegalArgumentException(BAD);
            }
            return plain;
        } catch (IllegalArgumentException | IOException e) {
            throw new IllegalArgumentException(BAD, e);
        }
    }
}
