package dev.jita.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/** jita's engineer routes (design.md, "HTTP API"), each answer as JSON; errors as {@link ApiException}. */
public final class JitaClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Transport transport;

    public JitaClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** POST /requests with a fresh Idempotency-Key. */
    public JsonNode create(ObjectNode body) {
        return call("POST", "/requests", Map.of(), body, Map.of("Content-Type", "application/json",
                "Idempotency-Key", UUID.randomUUID().toString()));
    }

    public JsonNode get(String requestId) {
        return call("GET", "/requests/" + segment(requestId), Map.of(), null, Map.of());
    }

    /**
     * GET /requests, following nextCursor until {@code limit} items are in or there are no more (newest first, as
     * the API gives them).
     */
    public ArrayNode list(String status, int limit) {
        ArrayNode items = JSON.createArrayNode();
        String cursor = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("status", status);
            query.put("limit", String.valueOf(Math.min(100, limit - items.size())));
            query.put("cursor", cursor);
            JsonNode page = call("GET", "/requests", query, null, Map.of());
            for (JsonNode item : page.path("items")) {
                if (items.size() < limit) {
                    items.add(item);
                }
            }
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null && items.size() < limit);
        return items;
    }

    public JsonNode cancel(String requestId) {
        return call("POST", "/requests/" + segment(requestId) + "/cancel", Map.of(), null, Map.of());
    }

    public JsonNode revoke(String requestId) {
        return call("POST", "/requests/" + segment(requestId) + "/revoke", Map.of(), null, Map.of());
    }

    /** GET /audit?requestId=, every page (auditors and admins). */
    public ArrayNode audit(String requestId) {
        ArrayNode items = JSON.createArrayNode();
        String cursor = null;
        do {
            Map<String, String> query = new LinkedHashMap<>();
            query.put("requestId", requestId);
            query.put("cursor", cursor);
            JsonNode page = call("GET", "/audit", query, null, Map.of());
            page.path("items").forEach(items::add);
            cursor = page.hasNonNull("nextCursor") ? page.get("nextCursor").asText() : null;
        } while (cursor != null);
        return items;
    }

    public JsonNode verify(String requestId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("requestId", requestId);
        return call("GET", "/audit/verify", query, null, Map.of());
    }

    /** The request's chains verified from the audit export and compared with the table ({@code source=export}). */
    public JsonNode verifyAgainstExport(String requestId) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("requestId", requestId);
        query.put("source", "export");
        return call("GET", "/audit/verify", query, null, Map.of());
    }

    private JsonNode call(String method, String path, Map<String, String> query, JsonNode body,
                          Map<String, String> headers) {
        byte[] bytes = body == null ? null : body.toString().getBytes(StandardCharsets.UTF_8);
        Transport.Response response = transport.send(method, path, query, bytes, headers);
        JsonNode json = parse(response.body());
        if (response.status() >= 200 && response.status() < 300) {
            if (json == null) {
                throw new ApiException(response.status(), "not-json", "jita answered " + response.status()
                        + " without JSON; check that the endpoint is jita's API.");
            }
            return json;
        }
        throw error(response, json);
    }

    /** problem+json (reason, detail), else API Gateway's own ({"message"}, x-amzn-ErrorType). */
    static ApiException error(Transport.Response response, JsonNode json) {
        int status = response.status();
        if (json != null && json.hasNonNull("detail")) {
            return new ApiException(status, json.path("reason").asText("http-" + status), json.get("detail").asText());
        }
        String type = response.header("x-amzn-ErrorType");
        String reason = type != null ? type.split(":", 2)[0] : "http-" + status;
        if (json != null && (json.hasNonNull("message") || json.hasNonNull("Message"))) {
            String message = json.hasNonNull("message") ? json.get("message").asText() : json.get("Message").asText();
            return new ApiException(status, reason, message);
        }
        return new ApiException(status, reason, "jita answered HTTP " + status + " without a reason; check the"
                + " endpoint and try again.");
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String segment(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
