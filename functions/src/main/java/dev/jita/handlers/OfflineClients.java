package dev.jita.handlers;

import dev.jita.app.Clients;
import dev.jita.aws.AwsEndpoint;
import dev.jita.aws.AwsHttpClient;
import dev.jita.aws.AwsJson;
import dev.jita.aws.AwsQuery;
import dev.jita.aws.AwsRestJson;
import dev.jita.aws.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Clients for priming: the real SDK DynamoDB client and jita's real signed client, over an HTTP client that
 * answers every request itself ({@code {}}, an empty Query answer, a fixed MAC), with fixed dummy credentials.
 */
final class OfflineClients implements Clients {
    private static final AwsEndpoint NOWHERE = new AwsEndpoint(URI.create("https://priming.invalid"), "priming",
            "us-east-1");
    private final List<String> answered = Collections.synchronizedList(new ArrayList<>());
    private final SdkHttpClient http = new OfflineHttp(answered);
    private final StaticCredentialsProvider credentials =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIAPRIMINGPRIMING00", "priming"));
    private final AwsHttpClient aws = new AwsHttpClient(http, credentials,
            new RetryPolicy(1, Duration.ZERO, Duration.ZERO, d -> { }, new Random(0)));
    private DynamoDbClient dynamoDb;

    /** What was answered, in order: an X-Amz-Target, or the Query Action. */
    List<String> answered() {
        synchronized (answered) {
            return List.copyOf(answered);
        }
    }

    @Override
    public synchronized DynamoDbClient dynamoDb() {
        if (dynamoDb == null) {
            dynamoDb = DynamoDbClient.builder().httpClient(http).credentialsProvider(credentials)
                    .region(Region.US_EAST_1).endpointOverride(NOWHERE.uri()).build();
        }
        return dynamoDb;
    }

    @Override
    public AwsQuery iam() {
        return aws.query(NOWHERE, "2010-05-08");
    }

    @Override
    public AwsJson kms() {
        return aws.json(NOWHERE, "1.1", "TrentService");
    }

    @Override
    public AwsJson sfn() {
        return aws.json(NOWHERE, "1.0", "AWSStepFunctions");
    }

    @Override
    public AwsRestJson ses() {
        return aws.restJson(NOWHERE);
    }

    @Override
    public AwsJson secretsManager() {
        return aws.json(NOWHERE, "1.1", "secretsmanager");
    }

    /** Answers in-process; the request never leaves the JVM. */
    private static final class OfflineHttp implements SdkHttpClient {
        private static final String MAC = Base64.getEncoder().encodeToString(new byte[32]);
        private final List<String> answered;

        OfflineHttp(List<String> answered) {
            this.answered = answered;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            String contentType = request.httpRequest().firstMatchingHeader("Content-Type").orElse("");
            String body = switch (target) {
                case "TrentService.GenerateMac" -> "{\"Mac\":\"" + MAC + "\",\"MacAlgorithm\":\"HMAC_SHA_256\"}";
                case "TrentService.VerifyMac" -> "{\"MacValid\":true}";
                case "secretsmanager.GetSecretValue" -> "{\"SecretString\":\"{}\"}";
                default -> contentType.startsWith("application/x-www-form-urlencoded") ? "<PrimingResponse/>" : "{}";
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    String sent = request.contentStreamProvider().map(p -> read(p.newStream())).orElse("");
                    answered.add(!target.isEmpty() ? target
                            : sent.startsWith("Action=") ? sent.substring(7).split("&")[0] : contentType);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .headers(Map.of("Content-Type", List.of(contentType.isEmpty()
                                            ? "application/json" : contentType.split(";")[0]),
                                            "Content-Length", List.of(Integer.toString(bytes.length))))
                                    .build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        private static String read(InputStream in) {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String clientName() {
            return "jita-priming";
        }

        @Override
        public void close() {
        }
    }
}
