package dev.jita.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
        Map<String, List<String>> multiQuery = query(raw.rawQuery());
        Map<String, String> query = new LinkedHashMap<>();
        multiQuery.forEach((name, values) -> query.put(name, values.get(values.size() - 1)));
        String path = decodedPath(raw.rawPath());

        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withAccountId(apiAccount)
                .withApiId(STAGE)
                .withResourceId(Integer.toHexString(route.template().hashCode()))
                .withResourcePath(route.template())
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
                .withResource(route.template())
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
            String text = utf8(raw.body());
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

    /** The path with each segment percent-decoded ('+' stays '+': it only means space in a query). */
    static String decodedPath(String rawPath) {
        StringBuilder out = new StringBuilder();
        for (String segment : ApiRoute.segments(rawPath)) {
            out.append('/').append(decodeSegment(segment));
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    static String decodeSegment(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Every query parameter with all its values in order; a name without '=' has the value "". */
    static Map<String, List<String>> query(String rawQuery) {
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

    /** The bytes as text if they are well-formed UTF-8, else null. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
