package dev.jita.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Maps API Gateway's REST proxy events to {@link ApiRequest} and {@link HttpResponse} back to its response event. */
public final class ApiGateway {

    private ApiGateway() {
    }

    /**
     * The request as jita reads it. The caller's identity comes from {@code requestContext.identity} and nowhere
     * else: a header or body claiming to be someone is never read here.
     *
     * @throws ProblemException 400 when a base64 body does not decode to UTF-8 text
     */
    /** As {@link #request}, but a body that is not UTF-8 text is left out rather than refused (the request has none). */
    public static ApiRequest requestWithTextBodyOnly(APIGatewayProxyRequestEvent event) {
        try {
            return request(event);
        } catch (ProblemException notText) {
            return request(event.clone().withBody(null).withIsBase64Encoded(false));
        }
    }

    public static ApiRequest request(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyRequestEvent.ProxyRequestContext context = event.getRequestContext();
        CallerIdentity identity = CallerIdentity.ANONYMOUS;
        String correlationId = null;
        if (context != null) {
            correlationId = context.getRequestId();
            APIGatewayProxyRequestEvent.RequestIdentity id = context.getIdentity();
            if (id != null) {
                identity = new CallerIdentity(id.getUserArn(), id.getCaller(), id.getAccountId(), id.getSourceIp(),
                        id.getUserAgent());
            }
        }
        String method = event.getHttpMethod() == null ? "" : event.getHttpMethod().toUpperCase(Locale.ROOT);
        String path = event.getPath() == null ? "/" : event.getPath();
        return new ApiRequest(method, event.getResource(), path, event.getPathParameters(),
                query(event), headers(event), body(event), identity, correlationId);
    }

    public static APIGatewayProxyResponseEvent response(HttpResponse response) {
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(response.statusCode())
                .withHeaders(new LinkedHashMap<>(response.headers()))
                .withBody(response.body())
                .withIsBase64Encoded(response.isBase64Encoded());
    }

    // API Gateway sends both forms; the multi-value one holds every value, the single one only the last.
    private static Map<String, List<String>> query(APIGatewayProxyRequestEvent event) {
        if (event.getMultiValueQueryStringParameters() != null) {
            return event.getMultiValueQueryStringParameters();
        }
        Map<String, List<String>> multi = new LinkedHashMap<>();
        if (event.getQueryStringParameters() != null) {
            event.getQueryStringParameters().forEach((k, v) -> multi.put(k, v == null ? List.of() : List.of(v)));
        }
        return multi;
    }

    private static Headers headers(APIGatewayProxyRequestEvent event) {
        if (event.getMultiValueHeaders() != null && !event.getMultiValueHeaders().isEmpty()) {
            return Headers.of(event.getMultiValueHeaders());
        }
        return Headers.single(event.getHeaders());
    }

    private static String body(APIGatewayProxyRequestEvent event) {
        String body = event.getBody();
        if (body == null || !Boolean.TRUE.equals(event.getIsBase64Encoded())) {
            return body;
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw notText();
        }
        return text(bytes);
    }

    /**
     * A request body as jita's handlers read it.
     *
     * @throws ProblemException 400 when the bytes are not UTF-8 text
     */
    public static String text(byte[] body) {
        return utf8(body).orElseThrow(ApiGateway::notText);
    }

    /** The bytes as text if they are well-formed UTF-8. */
    public static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static ProblemException notText() {
        return ProblemException.badRequest("invalid-body",
                "The request body is not UTF-8 text; send JSON encoded as UTF-8.");
    }
}
