package dev.jita.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;

/**
 * The engineer routes through the real IntakeFunction, with the API Gateway REST proxy events of events/intake as
 * IAM auth delivers them, re-signed for a session of one of jita local's roles (its unique id differs from the
 * sample's).
 */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalJita jita;

    Api(LocalJita jita) {
        this.jita = jita;
    }

    /** An answer: status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    /** events/intake/{@code sample}.json as {@code role}/{@code session}, about {@code requestId} if not null. */
    Answer send(String sample, String role, String session, String requestId, String body) {
        return send(sample, LocalJita.ACCOUNT, role, session, requestId, body);
    }

    /** The same as a session of {@code role} in {@code account}. */
    Answer send(String sample, String account, String role, String session, String requestId, String body) {
        return send(sample, account, role, session, requestId, body, false);
    }

    /**
     * The same; {@code fresh}: with an Idempotency-Key of its own, so that sending the sample again makes a new request
     * rather than answering with the first one.
     */
    Answer send(String sample, String account, String role, String session, String requestId, String body,
                boolean fresh) {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("../events/intake/" + sample + ".json");
        if (fresh) {
            String key = UUID.randomUUID().toString();
            Map<String, String> headers = new java.util.HashMap<>(event.getHeaders());
            headers.replace("Idempotency-Key", key);
            event.setHeaders(headers);
            Map<String, java.util.List<String>> multi = new java.util.HashMap<>(event.getMultiValueHeaders());
            multi.replace("Idempotency-Key", java.util.List.of(key));
            event.setMultiValueHeaders(multi);
        }
        APIGatewayProxyRequestEvent.RequestIdentity identity = event.getRequestContext().getIdentity();
        identity.setUserArn("arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session);
        identity.setAccountId(account);
        identity.setCaller(jita.userId(account, role, session));
        identity.setUser(jita.userId(account, role, session));
        event.getRequestContext().setRequestId(UUID.randomUUID().toString());
        if (requestId != null) {
            event.setPathParameters(Map.of("id", requestId));
            event.setPath(event.getResource().replace("{id}", requestId));
        }
        if (body != null) {
            event.setBody(body);
        }
        APIGatewayProxyResponseEvent response = jita.intake().handleRequest(event, LocalLambdaContext.of("intake"));
        try {
            JsonNode json = response.getBody() == null ? JSON.nullNode() : JSON.readTree(response.getBody());
            return new Answer(response.getStatusCode(), json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("intake answered " + response.getStatusCode() + " with a body that is not JSON: "
                    + response.getBody(), e);
        }
    }
}
