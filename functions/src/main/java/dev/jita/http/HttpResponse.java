package dev.jita.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP answer, independent of Lambda's types; handlers map it to API Gateway's proxy response and the local
 * front writes it as is.
 *
 * @param headers single-valued, in insertion order, unmodifiable
 * @param body    text, or base64 when {@code isBase64Encoded}
 */
public record HttpResponse(int statusCode, Map<String, String> headers, String body, boolean isBase64Encoded) {

    public HttpResponse {
        if (statusCode < 100 || statusCode > 599) {
            throw new IllegalArgumentException("HTTP status " + statusCode + " is not between 100 and 599.");
        }
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        Objects.requireNonNull(body, "body");
    }

    public static HttpResponse text(int statusCode, Map<String, String> headers, String body) {
        return new HttpResponse(statusCode, headers, body, false);
    }

    /** The same answer with one header added or replaced. */
    public HttpResponse withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpResponse(statusCode, copy, body, isBase64Encoded);
    }

    /** The answer to HEAD: the same status and headers, no body. */
    public HttpResponse withoutBody() {
        return new HttpResponse(statusCode, headers, "", false);
    }
}
