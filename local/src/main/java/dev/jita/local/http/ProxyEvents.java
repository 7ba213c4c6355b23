package dev.jita.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.http.ApiGateway;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * API Gateway's REST proxy mapping, both ways: an HTTP request to the {@link APIGatewayProxyRequestEvent} a proxy
 * integration hands its function, and the function's {@link APIGatewayProxyResponseEvent} back to status, headers
 * and body bytes. A body that is not UTF-8 text travels base64-encoded with {@code isBase64Encoded}, as API Gateway
 * sends binary media.
 */
public final class ProxyEvents {
    /** The stage name jita local's events carry. */
    public static final String STAGE = "local";
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ProxyEvents() {
    }

    /**
     * The event for {@code raw} on {@code route}.
     *
     * @param identity who called: filled for IAM routes, source IP and user agent only otherwise
     * @param apiAccount the account the API lives in (requestContext.accountId)
     */
    public static APIGatewayProxyRequestEvent request(RawRequest raw, ApiRoute route, Map<String, String> pathParameters,
                                                      APIGatewayProxyRequestEvent.RequestIdentity identity,
                                                      String apiAccount, Instant now) {
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>(raw.headers());
        Map<String, String> headers = new LinkedHashMap<>();
        multiHeaders.forEach((name, values) -> {
            if (!values.isEmpty()) {
                headers.put(name, values.get(values.size() - 1));
            }
        });
        Map<String, List<String>> multiQuery = raw.query();
        Map<String, String> query = new LinkedHashMap<>();
        multiQuery.forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        String path = raw.path();

        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withAccountId(apiAccount)
                .withApiId(STAGE)
                .withResourceId(Integer.toHexString(route.template().text().hashCode()))
                .withResourcePath(route.template().text())
                .withHttpMethod(raw.method())
                .withPath("/" + STAGE + path)
                .withStage(STAGE)
                .withProtocol("HTTP/1.1")
                .withRequestId(UUID.randomUUID().toString())
                .withRequestTime(REQUEST_TIME.format(now))
                .withRequestTimeEpoch(now.toEpochMilli())
                .withDomainName(raw.header("Host").orElse("127.0.0.1"))
                .withIdentity(identity);

        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withResource(route.template().text())
                .withPath(path)
                .withHttpMethod(raw.method())
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                // API Gateway sends null, not {}, for an absent part.
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withRequestContext(context);
        if (raw.body().length == 0) {
            event.withBody(null).withIsBase64Encoded(false);
        } else {
            String text = ApiGateway.utf8(raw.body()).orElse(null);
            if (text != null) {
                event.withBody(text).withIsBase64Encoded(false);
            } else {
                event.withBody(Base64.getEncoder().encodeToString(raw.body())).withIsBase64Encoded(true);
            }
        }
        return event;
    }

    /** An identity with no principal: what API Gateway puts in requestContext.identity for unauthenticated routes. */
    public static APIGatewayProxyRequestEvent.RequestIdentity anonymous(RawRequest raw) {
        return new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp(raw.sourceIp())
                .withUserAgent(raw.header("User-Agent").orElse(null));
    }

    /** What goes on the wire for a function's answer. */
    public record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    /**
     * The HTTP answer for a proxy response: multi-value headers plus the single-value ones not already among them
     * (names compared ignoring case), the body base64-decoded when so flagged, Content-Type application/json when the
     * function named none (API Gateway's default).
     */
    public static Answer response(APIGatewayProxyResponseEvent response) {
        Integer status = response.getStatusCode();
        if (status == null || status < 100 || status > 599) {
            throw new IllegalStateException("the function answered without a valid status code: " + status);
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> {
                if (name != null && values != null) {
                    headers.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values);
                }
            });
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                if (name != null && value != null && !headers.containsKey(name)) {
                    headers.put(name, new ArrayList<>(List.of(value)));
                }
            });
        }
        headers.putIfAbsent("Content-Type", new ArrayList<>(List.of("application/json")));
        String body = response.getBody() == null ? "" : response.getBody();
        byte[] bytes = Boolean.TRUE.equals(response.getIsBase64Encoded())
                ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        return new Answer(status, headers, bytes);
    }
}
