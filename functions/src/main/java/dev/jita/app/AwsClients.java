package dev.jita.app;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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
 * The AWS clients of a Lambda container: the SDK's service clients, each built once on first use and shared by the
 * handler of that container, all on one URL-connection HTTP client (the lightest the SDK has; a Lambda function
 * makes a handful of calls per invocation and needs no connection pool of Apache's or Netty's size).
 *
 * <p>Everything else is the SDK's defaults, on purpose: region and credentials from the Lambda environment (except
 * Identity Center's clients, which take both as given), the endpoint from the SDK's endpoint rules for the partition
 * (IAM's global endpoint included), or from
 * {@code AWS_ENDPOINT_URL_<SERVICE>} / {@code AWS_ENDPOINT_URL} when set (the cold-start benchmark and LocalStack
 * use them), FIPS and dual-stack from {@code AWS_USE_FIPS_ENDPOINT} / {@code AWS_USE_DUALSTACK_ENDPOINT}, and the
 * retry mode from {@code AWS_RETRY_MODE} (standard unless set).
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

    private AwsClients() {
    }

    /** The clients above as one {@link Clients}, for the handlers' Lambda wiring. */
    public static Clients lambda() {
        return Shared.INSTANCE;
    }

    /**
     * A new SSO Admin client for IAM Identity Center in {@code region} (where the instance lives, which need not be
     * the function's) on {@code credentials} (the function's own, or jita's role in the Identity Center admin
     * account), on the one HTTP client. The caller keeps it for the container's life: a refreshing credentials
     * provider keeps it usable.
     */
    public static SsoAdminClient ssoAdmin(Region region, AwsCredentialsProvider credentials) {
        return ssoAdmin(region, credentials, HTTP);
    }

    /** The Identity Store client to go with {@link #ssoAdmin}: same region, credentials and HTTP client. */
    public static IdentitystoreClient identityStore(Region region, AwsCredentialsProvider credentials) {
        return identityStore(region, credentials, HTTP);
    }

    static SsoAdminClient ssoAdmin(Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        return build(SsoAdminClient.builder().region(region).credentialsProvider(credentials), http);
    }

    static IdentitystoreClient identityStore(Region region, AwsCredentialsProvider credentials, SdkHttpClient http) {
        return build(IdentitystoreClient.builder().region(region).credentialsProvider(credentials), http);
    }

    private static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder) {
        return build(builder, HTTP);
    }

    /** A client as Lambda gets it: the SDK's defaults on {@code http} (the tests pass a recording one). */
    static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder, SdkHttpClient http) {
        return builder.httpClient(http).build();
    }

    private enum Shared implements Clients {
        INSTANCE;

        @Override
        public DynamoDbClient dynamoDb() {
            return DynamoDb.CLIENT;
        }

        @Override
        public IamClient iam() {
            return Iam.CLIENT;
        }

        @Override
        public IamClient iam(AwsCredentialsProvider credentials) {
            // On the one HTTP client: a target account's IAM client adds no connection pool of its own.
            return build(IamClient.builder().credentialsProvider(credentials));
        }

        @Override
        public KmsClient kms() {
            return Kms.CLIENT;
        }

        @Override
        public SfnClient sfn() {
            return Sfn.CLIENT;
        }

        @Override
        public SesV2Client ses() {
            return Ses.CLIENT;
        }

        @Override
        public SecretsManagerClient secretsManager() {
            return SecretsManager.CLIENT;
        }

        @Override
        public StsClient sts() {
            return Sts.CLIENT;
        }

        @Override
        public LambdaClient lambda() {
            return Lambda.CLIENT;
        }

        @Override
        public S3Client s3() {
            return S3.CLIENT;
        }
    }

    // One holder per client: a function builds only what it uses (lazy, thread-safe class initialisation).
    private static final class DynamoDb {
        static final DynamoDbClient CLIENT = build(DynamoDbClient.builder());
    }

    private static final class Iam {
        static final IamClient CLIENT = build(IamClient.builder());
    }

    private static final class Kms {
        static final KmsClient CLIENT = build(KmsClient.builder());
    }

    private static final class Sfn {
        static final SfnClient CLIENT = build(SfnClient.builder());
    }

    private static final class S3 {
        static final S3Client CLIENT = build(S3Client.builder());
    }

    private static final class Ses {
        static final SesV2Client CLIENT = build(SesV2Client.builder());
    }

    private static final class SecretsManager {
        static final SecretsManagerClient CLIENT = build(SecretsManagerClient.builder());
    }

    private static final class Sts {
        static final StsClient CLIENT = build(StsClient.builder());
    }

    private static final class Lambda {
        static final LambdaClient CLIENT = build(LambdaClient.builder());
    }
}
