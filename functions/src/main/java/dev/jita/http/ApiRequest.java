package dev.jita.http;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as jita's handlers read it, independent of Lambda's event classes: API Gateway's REST proxy
 * event in AWS ({@link ApiGateway#request}), the local HTTP front in jita local.
 *
 * @param method         upper-case HTTP method
 * @param resource       API Gateway's resource template, e.g. {@code /requests/{id}}; null when unknown (the
 *                       {@link Router} then matches the path against its templates)
 * @param path           the request path, e.g. {@code /requests/r-abc}
 * @param pathParameters values of the template's {@code {name}} parts
 * @param query          query string parameters, each with every value sent, in order
 * @param headers        request headers, case-insensitive
 * @param body           the body as text (base64 already decoded), empty when none was sent
 * @param identity       the caller as API Gateway's IAM authorizer established it; never from a header or the body
 * @param correlationId  API Gateway's request id, for logs; null when there is none
 */
public record ApiRequest(String method, String resource, String path, Map<String, String> pathParameters,
                         Map<String, List<String>> query, Headers headers, String body, CallerIdentity identity,
                         String correlationId) {

    private static final String REDACTED = "<redacted>";

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        pathParameters = copy(pathParameters);
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (query != null) {
            query.forEach((k, v) -> {
                if (k != null && v != null) {
                    q.put(k, List.copyOf(v.stream().filter(Objects::nonNull).toList()));
                }
            });
        }
        query = Collections.unmodifiableMap(q);
        headers = headers == null ? Headers.of(Map.of()) : headers;
        body = body == null ? "" : body;
        identity = identity == null ? CallerIdentity.ANONYMOUS : identity;
    }

    /** A request with no headers, query or body; the rest added with the {@code with...} methods. */
    public static ApiRequest of(String method, String path) {
        return new ApiRequest(method, null, path, Map.of(), Map.of(), null, "", null, null);
    }

    public Optional<String> pathParameter(String name) {
        return Optional.ofNullable(pathParameters.get(name));
    }

    /** The first value of a query parameter, if sent. */
    public Optional<String> queryParameter(String name) {
        List<String> all = query.getOrDefault(name, List.of());
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    public List<String> queryParameters(String name) {
        return query.getOrDefault(name, List.of());
    }

    public Optional<String> header(String name) {
        return headers.first(name);
    }

    /** The body's size in bytes as UTF-8, which is what size limits count. */
    public int bodyBytes() {
        return body.getBytes(StandardCharsets.UTF_8).length;
    }

    public ApiRequest withResource(String newResource, Map<String, String> newPathParameters) {
        return new ApiRequest(method, newResource, path, newPathParameters, query, headers, body, identity,
                correlationId);
    }

    public ApiRequest withQuery(Map<String, List<String>> newQuery) {
        return new ApiRequest(method, resource, path, pathParameters, newQuery, headers, body, identity,
                correlationId);
    }

    public ApiRequest withHeaders(Headers newHeaders) {
        return new ApiRequest(method, resource, path, pathParameters, query, newHeaders, body, identity,
                correlationId);
    }

    public ApiRequest withBody(String newBody) {
        return new ApiRequest(method, resource, path, pathParameters, query, headers, newBody, identity,
                correlationId);
    }

    public ApiRequest withIdentity(CallerIdentity newIdentity) {
        return new ApiRequest(method, resource, path, pathParameters, query, headers, body, newIdentity,
                correlationId);
    }

    /**
     * Without secrets: the path and path parameters hold the approval link token on {@code /approvals/{token}},
     * the body holds the confirm form's CSRF token, header values may hold credentials. Names and sizes only.
     */
    @Override
    public String toString() {
        return "ApiRequest[method=" + method + ", resource=" + resource + ", path=" + REDACTED
                + ", pathParameters=" + pathParameters.keySet().stream().map(k -> k + "=" + REDACTED).toList()
                + ", query=" + query.keySet() + ", headers=" + headers + ", body=" + bodyBytes() + " bytes"
                + ", identity=" + identity + ", correlationId=" + correlationId + "]";
    }

    private static Map<String, String> copy(Map<String, String> map) {
        Map<String, String> out = new LinkedHashMap<>();
        if (map != null) {
            map.forEach((k, v) -> {
                if (k != null && v != null) {
                    out.put(k, v);
                }
            });
        }
        return Collections.unmodifiableMap(out);
    }
}
