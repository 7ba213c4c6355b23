package dev.jita.handlers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.app.Clients;
import dev.jita.wiring.JitaServices;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Clients for priming: the SDK's real service clients, as {@code dev.jita.app.AwsClients} builds them, but over an
 * HTTP client that answers every request itself (a well-formed empty answer in each protocol, a fixed MAC, the
 * revoke function's answer to an Invoke, S3's PutObject, an empty GetObject and ListObjectsV2), with fixed dummy credentials, a fixed region and no retries. So priming
 * loads and runs the SDK's marshalling, signing, endpoint rules and unmarshalling for each call a function makes, and
 * never opens a connection.
 */
final class OfflineClients implements Clients {
    private static final URI NOWHERE = URI.create("https://priming.invalid");
    private final List<String> answered = Collections.synchronizedList(new ArrayList<>());
    private final SdkHttpClient http = new OfflineHttp(answered);
    private final Supplier<DynamoDbClient> dynamoDb = JitaServices.once(() -> build(DynamoDbClient.builder()));
    private final Supplier<IamClient> iam = JitaServices.once(() -> build(IamClient.builder()));
    private final Supplier<KmsClient> kms = JitaServices.once(() -> build(KmsClient.builder()));
    private final Supplier<SfnClient> sfn = JitaServices.once(() -> build(SfnClient.builder()));
    private final Supplier<SesV2Client> ses = JitaServices.once(() -> build(SesV2Client.builder()));
    private final Supplier<SecretsManagerClient> secretsManager = JitaServices.once(() -> build(SecretsManagerClient.builder()));
    private final Supplier<StsClient> sts = JitaServices.once(() -> build(StsClient.builder()));
    private final Supplier<LambdaClient> lambda = JitaServices.once(() -> build(LambdaClient.builder()));
    // Path-style: every bucket on the one offline endpoint, never a bucket host name.
    private final Supplier<S3Client> s3 = JitaServices.once(() -> build(S3Client.builder().forcePathStyle(true)));

    /** What was answered, in order: an X-Amz-Target, a Query Action, or a REST call's method and path. */
    List<String> answered() {
        synchronized (answered) {
            return List.copyOf(answered);
        }
    }

    private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder) {
        return build(builder, StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIAPRIMINGPRIMING00", "priming")));
    }

    private <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(
            B builder, AwsCredentialsProvider credentials) {
        return builder.httpClient(http).region(Region.US_EAST_1).endpointOverride(NOWHERE)
                .credentialsProvider(credentials)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    @Override
    public IamClient iam() {
        return iam.get();
    }

    @Override
    public IamClient iam(AwsCredentialsProvider credentials) {
        return build(IamClient.builder(), credentials);
    }

    @Override
    public KmsClient kms() {
        return kms.get();
    }

    @Override
    public SfnClient sfn() {
        return sfn.get();
    }

    @Override
    public SesV2Client ses() {
        return ses.get();
    }

    @Override
    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    @Override
    public StsClient sts() {
        return sts.get();
    }

    @Override
    public LambdaClient lambda() {
        return lambda.get();
    }

    @Override
    public S3Client s3() {
        return s3.get();
    }

    /** Answers in-process; the request never leaves the JVM. */
    private static final class OfflineHttp implements SdkHttpClient {
        private static final String MAC = Base64.getEncoder().encodeToString(new byte[32]);
        private static final ObjectMapper JSON = new ObjectMapper();
        private final List<String> answered;

        OfflineHttp(List<String> answered) {
            this.answered = answered;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    String target = request.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
                    String sent = request.contentStreamProvider().map(p -> read(p.newStream())).orElse("");
                    String action = sent.startsWith("Action=") ? sent.substring(7).split("&")[0] : "";
                    String label = !target.isEmpty() ? target : !action.isEmpty() ? action
                            : request.httpRequest().method() + " " + request.httpRequest().encodedPath();
                    answered.add(label);
                    String body;
                    String contentType;
                    if (action.equals("AssumeRole")) {
                        // Well-formed credentials that last an hour, so the target-account cache keeps them.
                        contentType = "text/xml";
                        body = assumeRoleAnswer(Instant.now().plus(Duration.ofHours(1)));
                    } else if (!action.isEmpty()) {
                        // The Query protocol (IAM, STS): <Action>Response with an empty <Action>Result.
                        contentType = "text/xml";
                        body = "<" + action + "Response><" + action + "Result/><ResponseMetadata><RequestId>priming"
                                + "</RequestId></ResponseMetadata></" + action + "Response>";
                    } else if (isS3(request) && request.httpRequest().firstMatchingRawQueryParameter("list-type")
                            .isPresent()) {
                        // S3 ListObjectsV2: an empty listing.
                        contentType = "application/xml";
                        body = "<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                                + "<KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>";
                    } else if (isS3(request)) {
                        // S3 PutObject and GetObject: written, and an empty object.
                        contentType = "application/octet-stream";
                        body = "";
                    } else if (request.httpRequest().encodedPath().endsWith("/invocations")) {
                        // Lambda Invoke of the revoke function: its answer for the request it was given.
                        contentType = "application/json";
                        body = invokeAnswer(sent);
                    } else {
                        contentType = target.isEmpty() ? "application/json" : "application/x-amz-json-1.1";
                        body = switch (target) {
                            case "TrentService.GenerateMac" -> "{\"Mac\":\"" + MAC + "\",\"MacAlgorithm\":\"HMAC_SHA_256\"}";
                            case "TrentService.VerifyMac" -> "{\"MacValid\":true}";
                            case "secretsmanager.GetSecretValue" -> "{\"SecretString\":\"{}\"}";
                            default -> "{}";
                        };
                    }
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200)
                                    .headers(Map.of("Content-Type", List.of(contentType),
                                            "Content-Length", List.of(Integer.toString(bytes.length)),
                                            "x-amzn-RequestId", List.of("priming")))
                                    .build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream(bytes)))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        /** An S3 call: signed for the s3 service (the Authorization header's scope names it). */
        private static boolean isS3(HttpExecuteRequest request) {
            return request.httpRequest().firstMatchingHeader("Authorization").orElse("").contains("/s3/aws4_request");
        }

        /** The revoke function's answer to a revoke-now: the request it names, now REVOKED. */
        private static String invokeAnswer(String sent) {
            ObjectNode answer = JSON.createObjectNode();
            try {
                answer.put("requestId", JSON.readTree(sent).path("requestId").asText("priming"));
            } catch (IOException notJson) {
                answer.put("requestId", "priming");
            }
            return answer.put("status", "REVOKED").toString();
        }

        private static String assumeRoleAnswer(Instant expiration) {
            return "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIAPRIMINGPRIMING00"
                    + "</AccessKeyId><SecretAccessKey>priming</SecretAccessKey><SessionToken>priming</SessionToken>"
                    + "<Expiration>" + expiration.truncatedTo(ChronoUnit.SECONDS) + "</Expiration></Credentials>"
                    + "<AssumedRoleUser><AssumedRoleId>AROAPRIMINGPRIMING0000:priming</AssumedRoleId>"
                    + "<Arn>arn:aws:sts::000000000000:assumed-role/jita-target/priming</Arn></AssumedRoleUser>"
                    + "</AssumeRoleResult><ResponseMetadata><RequestId>priming</RequestId></ResponseMetadata>"
                    + "</AssumeRoleResponse>";
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
