package dev.jita.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.UUID;

/** API Gateway REST proxy events as IAM auth delivers them, for a session of one of jita local's roles. */
final class Api {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalJita jita;

    Api(LocalJita jita) {
        this.jita = jita;
    }

    /** An answer: status and JSON body. */
    record Answer(int status, JsonNode body) {
    }

    Answer post(String role, String session, String resource, Map<String, String> pathParameters, String body) {
        String path = resource;
        for (Map.Entry<String, String> p : pathParameters.entrySet()) {
            path = path.replace("{" + p.getKey() + "}", p.getValue());
        }
        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource(resource)
                .withPath(path)
                .withPathParameters(pathParameters.isEmpty() ? null : pathParameters)
                .withHeaders(Map.of("Content-Type", "application/json"))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId(UUID.randomUUID().toString())
                        .withResourcePath(resource)
                        .withHttpMethod("POST")
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                                .withUserArn("arn:aws:sts::" + LocalJita.ACCOUNT + ":assumed-role/" + role + "/"
                                        + session)
                                .withCaller(jita.userId(role, session))
                                .withAccountId(LocalJita.ACCOUNT)
                                .withSourceIp("203.0.113.7")
                                .withUserAgent("curl/8.5")));
        APIGatewayProxyResponseEvent response = jita.intake().handleRequest(event,
                LocalLambdaContext.of("intake"));
        try {
            JsonNode json = response.getBody() == null ? JSON.nullNode() : JSON.readTree(response.getBody());
            return new Answer(response.getStatusCode(), json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("intake answered " + response.getStatusCode() + " with a body that is not JSON: "
                    + response.getBody(), e);
        }
    }
}
