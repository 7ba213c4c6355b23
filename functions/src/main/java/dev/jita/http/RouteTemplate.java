package dev.jita.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A resource template as API Gateway spells it ({@code /requests/{id}/cancel}), and the one place a path is split
 * into segments, percent-decoded and matched against a template: the intake function's {@link Router} and jita
 * local's HTTP front both route with it.
 */
public final class RouteTemplate {
    /** API Gateway prefers {@code /requests/mine} over {@code /requests/{id}}: more literal segments first. */
    public static final Comparator<RouteTemplate> MOST_LITERAL_FIRST =
            Comparator.comparingInt((RouteTemplate t) -> t.literalCount).reversed();

    private final String text;
    private final List<String> segments;
    private final int literalCount;

    private RouteTemplate(String text) {
        this.text = text;
        this.segments = segments(text);
        this.literalCount = (int) segments.stream().filter(s -> !isParameter(s)).count();
    }

    /** @param text e.g. {@code /requests/{id}}; a segment {@code {name}} is the path parameter {@code name} */
    public static RouteTemplate of(String text) {
        if (!text.startsWith("/")) {
            throw new IllegalArgumentException("a resource template starts with '/': " + text);
        }
        return new RouteTemplate(text);
    }

    /** The template as written, which is API Gateway's {@code resource}. */
    public String text() {
        return text;
    }

    /** The path parameters by name if {@code pathSegments} (see {@link #segments}) fit the template. */
    public Optional<Map<String, String>> match(List<String> pathSegments) {
        if (pathSegments.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String segment = segments.get(i);
            String given = pathSegments.get(i);
            if (isParameter(segment)) {
                if (given.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(segment.substring(1, segment.length() - 1), given);
            } else if (!segment.equals(given)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /**
     * "/a/b" → [a, b]; "/" → []; a trailing '/' is a segment of its own (empty), so "/requests/" is not
     * "/requests". Segments are not decoded.
     */
    public static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }

    /**
     * The segments of a path as sent, each percent-decoded on its own, so an encoded '/' stays inside its segment;
     * '+' stays '+' (it means a space only in a query).
     *
     * @throws IllegalArgumentException on a malformed percent-escape
     */
    public static List<String> decodedSegments(String rawPath) {
        return segments(rawPath).stream()
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8))
                .toList();
    }

    /** The path made of {@code segments}: [] → "/", [a, b] → "/a/b". */
    public static String path(List<String> segments) {
        return "/" + String.join("/", segments);
    }

    private static boolean isParameter(String segment) {
        return segment.startsWith("{") && segment.endsWith("}") && segment.length() > 2;
    }

    @Override
    public String toString() {
        return text;
    }
}
