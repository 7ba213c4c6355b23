package dev.jita.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The answers of the JSON API: JSON documents and problems, never cached, never sniffed. */
public final class ApiResponses {

    public static final String JSON = "application/json";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private ApiResponses() {
    }

    /**
     * @param body a Jackson-writable value: a JsonNode, a Map, a record (records are written field by field);
     *             {@code null} members of maps are written as null, so leave out what should not appear
     */
    public static HttpResponse json(int status, Object body) {
        String text;
        try {
            text = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the answer as JSON", e);
        }
        return HttpResponse.text(status, baseHeaders(JSON), text);
    }

    public static HttpResponse ok(Object body) {
        return json(200, body);
    }

    public static HttpResponse problem(Problem problem) {
        return problem.toResponse();
    }

    public static HttpResponse problem(ProblemException e) {
        HttpResponse response = e.problem().toResponse();
        for (Map.Entry<String, String> header : e.headers().entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return response;
    }

    private static Map<String, String> baseHeaders(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        return headers;
    }
}
