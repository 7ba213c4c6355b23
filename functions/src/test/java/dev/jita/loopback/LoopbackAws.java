package dev.jita.loopback;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.identitystore.IdentitystoreClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.ssoadmin.SsoAdminClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * An AWS service on a real HTTP server on 127.0.0.1 (an ephemeral port): it records every request as it arrived on
 * the wire and answers what the test scripted, in AWS's documented shapes (error bodies as the services send them).
 * The SDK's own clients are pointed at it, so a test proves the SDK client and jita's use of it together: what goes
 * on the wire, and how AWS's answers and errors come back to jita. No AWS, no network beyond loopback.
 */
public final class LoopbackAws implements AutoCloseable {
    public static final String ACCESS_KEY = "AKIDEXAMPLE";
    public static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the server received it; header names in lower case. */
    public record Received(String method, String path, Map<String, List<String>> headers, byte[] body,
                           String query) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The form parameters of a Query request, decoded. */
        public Map<String, String> form() {
            Map<String, String> out = new LinkedHashMap<>();
            for (String pair : text().split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            return out;
        }
    }

    /** An answer to play back. */
    public record Reply(int status, Map<String, String> headers, String body) {
        public static Reply json(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "application/x-amz-json-1.1",
                    "x-amzn-RequestId", "c7ee1bd4-3f4e-4b44-8d06-3c4bbd1f2c1a"), body);
        }

        public static Reply xml(int status, String body) {
            return new Reply(status, Map.of("Content-Type", "text/xml"), body);
        }

        public Reply withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body);
        }
    }

    private final HttpServer server;
    private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
    private final Deque<Reply> scripted = new ArrayDeque<>();
    private Function<Received, Reply> responder;

    public LoopbackAws() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers these, one per request, in order. */
    public synchronized LoopbackAws reply(Reply... replies) {
        scripted.addAll(List.of(replies));
        return this;
    }

    /** Answers every request not scripted with {@link #reply} by asking this function. */
    public synchronized LoopbackAws respond(Function<Received, Reply> responder) {
        this.responder = responder;
        return this;
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    public Received last() {
        List<Received> all = received();
        return all.get(all.size() - 1);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The Authorization header's credential scope: {@code <date>/<region>/<service>/aws4_request}. */
    public static String credentialScope(Received request) {
        String authorization = request.header("Authorization");
        if (authorization == null || !authorization.startsWith("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/")) {
            throw new AssertionError("not signed with SigV4 by the test key: " + authorization);
        }
        String scope = authorization.substring(("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/").length());
        return scope.substring(scope.indexOf('/') + 1, scope.indexOf(','));
    }

    public IamClient iam() {
        return build(IamClient.builder(), Region.AWS_GLOBAL);
    }

    /** An IAM client on other credentials (a target account's assumed role), otherwise as {@link #iam()}. */
    public IamClient iam(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        return build(IamClient.builder(), Region.AWS_GLOBAL, credentials);
    }

    public KmsClient kms() {
        return build(KmsClient.builder(), Region.EU_WEST_1);
    }

    public SfnClient sfn() {
        return build(SfnClient.builder(), Region.EU_WEST_1);
    }

    public SesV2Client ses() {
        return build(SesV2Client.builder(), Region.EU_WEST_1);
    }

    public SecretsManagerClient secretsManager() {
        return build(SecretsManagerClient.builder(), Region.EU_WEST_1);
    }

    public StsClient sts() {
        return build(StsClient.builder(), Region.EU_WEST_1);
    }

    public LambdaClient lambda() {
        return build(LambdaClient.builder(), Region.EU_WEST_1);
    }

    /** IAM Identity Center's SSO Admin API, in a region other than the functions' (as it may be). */
    public SsoAdminClient ssoAdmin() {
        return build(SsoAdminClient.builder(), Region.US_EAST_1);
    }

    public IdentitystoreClient identityStore() {
        return build(IdentitystoreClient.builder(), Region.US_EAST_1);
    }

    /** Path-style (/bucket/key): every bucket on this one server, no bucket host names. */
    public S3Client s3() {
        return build(S3Client.builder().forcePathStyle(true), Region.EU_WEST_1);
    }

    /**
     * An SDK client on this server: fixed test credentials, the SDK's standard retries with three attempts but no
     * waits between them (the attempts are counted in {@link #received()}), no circuit breaker across tests.
     */
    private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder, Region region) {
        return build(builder, region, StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                SECRET_KEY)));
    }

    private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(
            B builder, Region region, software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
        return builder.httpClient(UrlConnectionHttpClient.create()).endpointOverride(uri()).region(region)
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(3).backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .circuitBreakerEnabled(false).build()))
                .build();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, List<String>> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((name, values) ->
                    headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
            Received request = new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    headers, exchange.getRequestBody().readAllBytes(), exchange.getRequestURI().getRawQuery());
            received.add(request);
            Reply reply;
            synchronized (this) {
                reply = !scripted.isEmpty() ? scripted.poll()
                        : responder != null ? responder.apply(request)
                        : Reply.json(500, "{\"__type\":\"InternalFailure\",\"message\":\"nothing scripted\"}");
            }
            reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = reply.body() == null ? new byte[0] : reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
