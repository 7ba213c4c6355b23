package dev.jita.cli.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * Calls jita's API Gateway endpoint with SigV4 for {@code execute-api}, signed by the AWS SDK's own signer with
 * credentials from the SDK's chain; sent with java.net.http. The JDK sets Host (the same host:port the signer
 * signed) and Content-Length itself, so those two are not copied over.
 */
public final class SignedTransport implements Transport {
    public static final String SERVICE = "execute-api";
    private static final Set<String> SET_BY_THE_JDK = Set.of("host", "content-length");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final Region region;
    private final String userAgent;
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public SignedTransport(URI endpoint, AwsCredentialsProvider credentials, Region region, String userAgent) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.userAgent = Objects.requireNonNull(userAgent, "userAgent");
    }

    @Override
    public Response send(String method, String path, Map<String, String> query, byte[] body,
                         Map<String, String> headers) {
        String base = endpoint.getRawPath() == null ? "" : endpoint.getRawPath().replaceAll("/+$", "");
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(method))
                .protocol(endpoint.getScheme())
                .host(endpoint.getHost())
                .encodedPath(base + path);
        if (endpoint.getPort() > 0) {
            request.port(endpoint.getPort());
        }
        query.forEach((name, value) -> {
            if (value != null) {
                request.appendRawQueryParameter(name, value);
            }
        });
        headers.forEach(request::putHeader);
        byte[] payload = body == null ? new byte[0] : body;
        SdkHttpRequest signed = signer.sign(r -> r.identity(credentials())
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())).request();

        HttpRequest.Builder out = HttpRequest.newBuilder(signed.getUri()).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(payload))
                .header("User-Agent", userAgent);
        signed.forEachHeader((name, values) -> {
            if (!SET_BY_THE_JDK.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> out.header(name, v));
            }
        });
        try {
            HttpResponse<byte[]> response = http.send(out.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> answerHeaders = new LinkedHashMap<>();
            response.headers().map().forEach((name, values) -> {
                if (!values.isEmpty()) {
                    answerHeaders.put(name, values.get(0));
                }
            });
            return new Response(response.statusCode(), answerHeaders, response.body());
        } catch (IOException e) {
            throw new Unreachable("could not reach jita at " + endpoint + " (" + describe(e) + "); check the"
                    + " endpoint (--endpoint, JITA_ENDPOINT or the config file) and your network.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while calling jita at " + endpoint + ".");
        }
    }

    private AwsCredentials credentials() {
        try {
            return credentials.resolveCredentials();
        } catch (SdkException e) {
            throw new Unreachable("no AWS credentials: " + firstSentence(e.getMessage()) + " Pass --profile (for"
                    + " IAM Identity Center run 'aws sso login --profile NAME' first) or set AWS_PROFILE.");
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    static String firstSentence(String message) {
        if (message == null) {
            return "the SDK's credential chain found none.";
        }
        int dot = message.indexOf(". ");
        return dot < 0 ? message.strip() : message.substring(0, dot + 1);
    }
}
