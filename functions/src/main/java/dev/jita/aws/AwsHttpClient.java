package dev.jita.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.w3c.dom.Element;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;

/**
 * jita's own small AWS client: SigV4-signed HTTP calls on the JSON, REST-JSON and Query protocols, for the handful
 * of operations jita makes outside DynamoDB, so that the Lambda jar needs no generated SDK service client. Signing
 * is the SDK's own {@link AwsV4HttpSigner}, credentials come from an SDK credentials provider, and requests go
 * through an SDK HTTP client (the URL-connection one in Lambda, shared with DynamoDB).
 *
 * <p>Throttling, 5xx answers and network failures are retried per the {@link RetryPolicy}. Nothing here logs, and
 * no error message holds a request body: bodies can carry a policy, a link or a task token.
 */
public final class AwsHttpClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();
    /** Larger answers are cut here: none of jita's operations answers more than a few kilobytes. */
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    private final SdkHttpClient http;
    private final AwsCredentialsProvider credentials;
    private final RetryPolicy retry;

    public AwsHttpClient(SdkHttpClient http, AwsCredentialsProvider credentials, RetryPolicy retry) {
        this.http = Objects.requireNonNull(http, "http");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    /**
     * A service on the JSON protocol.
     *
     * @param version      {@code 1.0} (Step Functions) or {@code 1.1} (KMS, Secrets Manager)
     * @param targetPrefix the X-Amz-Target prefix, e.g. {@code TrentService} for KMS
     */
    public AwsJson json(AwsEndpoint endpoint, String version, String targetPrefix) {
        String contentType = "application/x-amz-json-" + version;
        return (operation, input) -> {
            Map<String, String> headers = Map.of("Content-Type", contentType,
                    "X-Amz-Target", targetPrefix + "." + operation);
            Answer answer = execute(endpoint, operation, SdkHttpMethod.POST, "/", headers, toJson(input),
                    AwsHttpClient::jsonError);
            return readJson(endpoint, operation, answer);
        };
    }

    /** A service on the REST-JSON protocol. */
    public AwsRestJson restJson(AwsEndpoint endpoint) {
        return (operation, method, path, body) -> {
            Map<String, String> headers = body == null ? Map.of() : Map.of("Content-Type", "application/json");
            Answer answer = execute(endpoint, operation, SdkHttpMethod.fromValue(method), path, headers,
                    body == null ? new byte[0] : toJson(body), AwsHttpClient::jsonError);
            return readJson(endpoint, operation, answer);
        };
    }

    /** A service on the Query protocol, e.g. IAM with version {@code 2010-05-08}. */
    public AwsQuery query(AwsEndpoint endpoint, String version) {
        return (action, parameters) -> {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("Action", action);
            form.put("Version", version);
            form.putAll(parameters);
            Answer answer = execute(endpoint, action, SdkHttpMethod.POST, "/",
                    Map.of("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), formEncode(form),
                    AwsHttpClient::queryError);
            try {
                Element root = Xml.parse(answer.body());
                return Xml.child(root, action + "Result").orElse(root);
            } catch (IOException e) {
                throw new AwsServiceException(endpoint.signingName(), action, answer.status(), "UnreadableAnswer",
                        "the answer was not XML", answer.requestId());
            }
        };
    }

    /** What a failed answer says, per protocol. */
    @FunctionalInterface
    private interface ErrorReader {
        AwsServiceException read(String service, String operation, Answer answer);
    }

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
        Optional<String> header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst();
        }

        String requestId() {
            return header("x-amzn-RequestId").or(() -> header("x-amz-request-id")).orElse(null);
        }
    }

    private Answer execute(AwsEndpoint endpoint, String operation, SdkHttpMethod method, String path,
                           Map<String, String> headers, byte[] body, ErrorReader errors) {
        String service = endpoint.signingName();
        for (int attempt = 1; ; attempt++) {
            AwsCallException failure;
            try {
                Answer answer = send(endpoint, method, path, headers, body);
                if (answer.status() >= 200 && answer.status() < 300) {
                    return answer;
                }
                failure = errors.read(service, operation, answer);
            } catch (IOException e) {
                failure = new AwsUnreachableException(service, operation, e);
            }
            if (!failure.retryable() || attempt >= retry.maxAttempts()) {
                throw failure;
            }
            pause(retry.delayAfter(attempt), failure);
        }
    }

    private Answer send(AwsEndpoint endpoint, SdkHttpMethod method, String path, Map<String, String> headers,
                        byte[] body) throws IOException {
        URI base = endpoint.uri();
        String basePath = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        SdkHttpFullRequest.Builder request = SdkHttpFullRequest.builder()
                .method(method)
                .protocol(base.getScheme())
                .host(base.getHost())
                .port(base.getPort() == -1 ? null : base.getPort())
                .encodedPath(basePath + path);
        headers.forEach(request::putHeader);
        request.putHeader("Content-Length", Integer.toString(body.length));
        SdkHttpRequest unsigned = request.build();
        // A fresh signature per attempt: its X-Amz-Date must be recent when AWS checks it.
        SignedRequest signed = SIGNER.sign(r -> r
                .identity(credentials.resolveCredentials())
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArrayUnsafe(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, endpoint.signingName())
                .putProperty(AwsV4HttpSigner.REGION_NAME, endpoint.region()));
        HttpExecuteResponse response = http.prepareRequest(HttpExecuteRequest.builder()
                .request(signed.request())
                .contentStreamProvider(signed.payload().orElse(null))
                .build()).call();
        byte[] answer = new byte[0];
        Optional<AbortableInputStream> stream = response.responseBody();
        if (stream.isPresent()) {
            try (InputStream in = stream.get()) {
                answer = in.readNBytes(MAX_ANSWER_BYTES);
            }
        }
        return new Answer(response.httpResponse().statusCode(), response.httpResponse().headers(), answer);
    }

    private void pause(Duration delay, AwsCallException failure) {
        try {
            retry.sleeper().sleep(delay);
        } catch (InterruptedException e) {
            // Interrupted while waiting: give up now with the failure at hand rather than retry.
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    private static byte[] toJson(ObjectNode input) {
        try {
            return JSON.writeValueAsBytes(input == null ? JSON.createObjectNode() : input);
        } catch (IOException e) {
            throw new IllegalArgumentException("could not write a request as JSON", e);
        }
    }

    private static JsonNode readJson(AwsEndpoint endpoint, String operation, Answer answer) {
        if (answer.body().length == 0) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AwsServiceException(endpoint.signingName(), operation, answer.status(), "UnreadableAnswer",
                    "the answer was not JSON", answer.requestId());
        }
    }

    /** JSON and REST-JSON: {@code x-amzn-ErrorType} first, then the body's {@code __type} or {@code code}. */
    private static AwsServiceException jsonError(String service, String operation, Answer answer) {
        JsonNode body = null;
        try {
            body = answer.body().length == 0 ? null : JSON.readTree(answer.body());
        } catch (IOException notJson) {
            body = null;
        }
        String code = answer.header("x-amzn-ErrorType").orElse(null);
        String message = null;
        if (body != null && body.isObject()) {
            if (code == null) {
                code = body.hasNonNull("__type") ? body.get("__type").asText() : body.path("code").asText(null);
            }
            message = firstText(body, "message", "Message", "errorMessage");
        }
        return new AwsServiceException(service, operation, answer.status(), AwsServiceException.normalize(code),
                message, answer.requestId());
    }

    /** Query: {@code <ErrorResponse><Error><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId>}. */
    private static AwsServiceException queryError(String service, String operation, Answer answer) {
        String code = null;
        String message = null;
        String requestId = answer.requestId();
        try {
            Element root = Xml.parse(answer.body());
            Element error = Xml.child(root, "Error").orElse(root);
            code = Xml.text(error, "Code");
            message = Xml.text(error, "Message");
            if (requestId == null) {
                requestId = Xml.text(root, "RequestId");
            }
        } catch (IOException notXml) {
            code = null;
        }
        return new AwsServiceException(service, operation, answer.status(), AwsServiceException.normalize(code),
                message, requestId);
    }

    private static String firstText(JsonNode body, String... names) {
        for (String name : names) {
            if (body.hasNonNull(name)) {
                return body.get(name).asText();
            }
        }
        return null;
    }

    private static byte[] formEncode(Map<String, String> form) {
        StringBuilder out = new StringBuilder();
        form.forEach((name, value) -> {
            if (value == null) {
                return;
            }
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        });
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
