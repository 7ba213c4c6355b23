package dev.jita.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An error answer of the engineer routes, RFC 9457 {@code application/problem+json}, with one extension member
 * {@code reason}: a stable, machine-readable code (e.g. {@code forbidden-action}) that clients can switch on.
 * The type URI is derived from the reason, so each reason is its own problem type; the title from the status.
 * Every problem jita answers is built here.
 *
 * @param detail one sentence for a person: what was wrong and what to do
 */
public record Problem(String type, String title, int status, String detail, String reason) {

    public static final String CONTENT_TYPE = "application/problem+json";
    /** A tag URI (RFC 4151): names the problem type without promising a page behind it. */
    static final String TYPE_PREFIX = "tag:jita.dev,2026:problem:";
    private static final Pattern REASON = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    public Problem {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(detail, "detail");
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("A problem's reason must be a lower-case code like 'forbidden-action', was '"
                    + reason + "'.");
        }
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("A problem's status must be 4xx or 5xx, was " + status + ".");
        }
    }

    public static Problem of(int status, String reason, String detail) {
        return new Problem(TYPE_PREFIX + reason, title(status), status, detail, reason);
    }

    public static Problem badRequest(String reason, String detail) {
        return of(400, reason, detail);
    }

    public static Problem forbidden(String reason, String detail) {
        return of(403, reason, detail);
    }

    /** Also the answer to anyone who may not know the resource exists: it does not say which. */
    public static Problem notFound(String detail) {
        return of(404, "not-found", detail);
    }

    public static Problem conflict(String reason, String detail) {
        return of(409, reason, detail);
    }

    public static Problem tooManyRequests(String reason, String detail) {
        return of(429, reason, detail);
    }

    /** For the unexpected: the detail never carries an exception's text, which may hold internals. */
    public static Problem internalError() {
        return of(500, "internal-error", "jita could not complete the request; try again, and if it keeps failing tell your jita admins.");
    }

    public static Problem unavailable(String reason, String detail) {
        return of(503, reason, detail);
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("type", type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail)
                .put("reason", reason);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise a problem", e);
        }
    }

    public HttpResponse toResponse() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPE);
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        return HttpResponse.text(status, headers, toJson());
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Content Too Large";
            case 415 -> "Unsupported Media Type";
            case 421 -> "Misdirected Request";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> status < 500 ? "Client Error" : "Server Error";
        };
    }
}
