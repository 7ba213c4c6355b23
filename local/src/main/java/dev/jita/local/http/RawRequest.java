package dev.jita.local.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request as it came off the wire, before API Gateway's mapping.
 *
 * @param rawPath  the path as sent, still percent-encoded
 * @param rawQuery the query string as sent (no '?'), or null
 * @param headers  every header with every value, names as the server saw them
 * @param sourceIp the client's address
 */
public record RawRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                         byte[] body, String sourceIp) {

    public RawRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body;
    }

    /** The last value of a header (what API Gateway's single-value map keeps), names compared ignoring case. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(name) && !h.getValue().isEmpty()) {
                return Optional.of(h.getValue().get(h.getValue().size() - 1));
            }
        }
        return Optional.empty();
    }
}
