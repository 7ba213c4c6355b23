package dev.jita.local.http;

import dev.jita.http.ApiGateway;
import dev.jita.http.ApiRequest;
import dev.jita.http.CallerIdentity;
import dev.jita.http.Headers;
import dev.jita.http.ProblemException;
import dev.jita.http.RouteTemplate;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

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

    /**
     * The request as jita's handlers read it, taken straight off the wire: for jita local's own pages, which no API
     * Gateway stands before, so nobody is signed in.
     *
     * @param resource the page's path, in the place of API Gateway's resource template
     * @throws ProblemException 400 when the body is not UTF-8 text, as {@link ApiGateway#request} answers it
     * @throws IllegalArgumentException on a malformed percent-escape
     */
    public ApiRequest apiRequest(String resource) {
        return new ApiRequest(method.toUpperCase(Locale.ROOT), resource, path(), Map.of(), query(),
                Headers.of(headers), ApiGateway.text(body),
                new CallerIdentity(null, null, null, sourceIp, header("User-Agent").orElse(null)),
                UUID.randomUUID().toString());
    }

    /**
     * The path's segments, each percent-decoded.
     *
     * @throws IllegalArgumentException on a malformed percent-escape
     */
    public List<String> segments() {
        return RouteTemplate.decodedSegments(rawPath);
    }

    /**
     * The path as API Gateway passes it on: each segment percent-decoded.
     *
     * @throws IllegalArgumentException on a malformed percent-escape
     */
    public String path() {
        return RouteTemplate.path(segments());
    }

    /**
     * Every query parameter with all its values in order; a name without '=' has the value "".
     *
     * @throws IllegalArgumentException on a malformed percent-escape
     */
    public Map<String, List<String>> query() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
