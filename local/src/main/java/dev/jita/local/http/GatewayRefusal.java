package dev.jita.local.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request API Gateway's IAM authorization refuses before any function runs, answered as API Gateway answers it:
 * {@code {"message": "..."}} with the error's name in {@code x-amzn-ErrorType}, not jita's problem+json (no jita
 * code runs for it on AWS either).
 */
public final class GatewayRefusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final int status;
    private final String errorType;

    GatewayRefusal(int status, String errorType, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorType = errorType;
    }

    /** A signature that does not match the request: a wrong secret, a changed body, query, path or header. */
    static GatewayRefusal signatureMismatch() {
        return new GatewayRefusal(403, "InvalidSignatureException", "The request signature we calculated does not"
                + " match the signature you provided. Check your AWS Secret Access Key and signing method. Consult"
                + " the service documentation for details.");
    }

    /** An access key nobody issued (or a session token, which jita local's keys never have). */
    static GatewayRefusal unknownKey() {
        return new GatewayRefusal(403, "UnrecognizedClientException",
                "The security token included in the request is invalid.");
    }

    static GatewayRefusal incomplete(String message) {
        return new GatewayRefusal(403, "IncompleteSignatureException", message);
    }

    static GatewayRefusal invalid(String message) {
        return new GatewayRefusal(403, "InvalidSignatureException", message);
    }

    public int status() {
        return status;
    }

    public String errorType() {
        return errorType;
    }

    /** What goes on the wire. */
    public ProxyEvents.Answer answer() {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.put("Content-Type", List.of("application/json"));
        headers.put("x-amzn-ErrorType", List.of(errorType));
        String body = JSON.createObjectNode().put("message", getMessage()).toString();
        return new ProxyEvents.Answer(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }
}
