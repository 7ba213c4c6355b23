package dev.jita.localstack;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.EnabledService;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The LocalStack suite's shared pieces: the pinned image, a container with the services a test class needs, and
 * the SDK's own clients pointed at it (as {@code dev.jita.loopback.LoopbackAws} points them at its loopback server),
 * so each {@code *LocalStackIT} runs jita's real adapters on the same clients {@code dev.jita.app.AwsClients} builds.
 */
public final class LocalStackAws {

    /**
     * A fixed release, never {@code latest}: LocalStack's behaviour differs between releases, and since March 2026
     * newer tags start only with a LOCALSTACK_AUTH_TOKEN, while this one runs without.
     */
    public static final DockerImageName IMAGE = DockerImageName.parse("localstack/localstack:4.4");

    /**
     * The same release of the image with the paid features, which SES v2 needs (LocalStack's free image and free
     * plan emulate only SES v1); it starts only with a LOCALSTACK_AUTH_TOKEN whose plan includes SES v2.
     */
    public static final DockerImageName PRO_IMAGE = DockerImageName.parse("localstack/localstack-pro:4.4");

    /** The environment variable LocalStack reads its licence from. */
    public static final String AUTH_TOKEN = "LOCALSTACK_AUTH_TOKEN";

    /** How long a test waits for an eventually consistent answer (an execution moving on, a task offered). */
    public static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * LocalStack answers GetActivityTask after up to 60 s (AWS's long poll); the URL-connection client's default
     * read timeout is 30 s, so the clients here wait longer than the service may.
     */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(70);

    private LocalStackAws() {
    }

    /** LocalStack with only {@code services}; a test class starts it once (a static {@code @Container}). */
    public static LocalStackContainer container(EnabledService... services) {
        return new LocalStackContainer(IMAGE).withServices(services);
    }

    public static DynamoDbClient dynamoDb(LocalStackContainer localStack) {
        return build(DynamoDbClient.builder(), localStack);
    }

    public static IamClient iam(LocalStackContainer localStack) {
        return build(IamClient.builder(), localStack);
    }

    public static KmsClient kms(LocalStackContainer localStack) {
        return build(KmsClient.builder(), localStack);
    }

    public static SfnClient sfn(LocalStackContainer localStack) {
        return build(SfnClient.builder(), localStack);
    }

    public static SesV2Client ses(LocalStackContainer localStack) {
        return build(SesV2Client.builder(), localStack);
    }

    public static SecretsManagerClient secretsManager(LocalStackContainer localStack) {
        return build(SecretsManagerClient.builder(), localStack);
    }

    /**
     * An SDK client on the container: its one edge endpoint, its region and the credentials it accepts, on the
     * URL-connection HTTP client jita's functions use, with the SDK's default retries.
     */
    private static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder,
            LocalStackContainer localStack) {
        return builder.httpClient(UrlConnectionHttpClient.builder().socketTimeout(READ_TIMEOUT).build())
                .endpointOverride(localStack.getEndpoint())
                .region(Region.of(localStack.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        localStack.getAccessKey(), localStack.getSecretKey())))
                .build();
    }

    /**
     * Asks {@code probe} again until its answer satisfies {@code done}, for at most {@link #WAIT}, and returns that
     * answer; fails naming {@code what} and the last answer otherwise. For what AWS does asynchronously (an
     * execution's status), never a fixed sleep.
     */
    public static <T> T poll(String what, Supplier<T> probe, Predicate<T> done) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            T answer = probe.get();
            if (done.test(answer)) {
                return answer;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; last answer: " + answer);
            }
            try {
                Thread.sleep(100); // between two questions to LocalStack, not a wait for the work itself
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
