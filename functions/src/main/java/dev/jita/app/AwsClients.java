package dev.jita.app;

import dev.jita.aws.AwsEndpoint;
import dev.jita.aws.AwsHttpClient;
import dev.jita.aws.AwsJson;
import dev.jita.aws.AwsQuery;
import dev.jita.aws.AwsRestJson;
import dev.jita.aws.AwsService;
import dev.jita.aws.RetryPolicy;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The AWS clients of a Lambda container, each built once on first use and shared by the handler of that container
 * (a function's public no-arg constructor asks for the ones it needs). DynamoDB is the SDK's client; the few calls
 * to KMS, Step Functions, SES, Secrets Manager and IAM go through jita's own {@link AwsHttpClient}, which keeps the
 * jar small. All share the URL-connection HTTP client; region and credentials come from the Lambda environment.
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

    private AwsClients() {
    }

    /** The clients above as one {@link Clients}, for the handlers' Lambda wiring. */
    public static Clients lambda() {
        return Lambda.INSTANCE;
    }

    public static DynamoDbClient dynamoDb() {
        return Holder.DYNAMO_DB;
    }

    /** IAM's Query API (a global service: its endpoint is the partition's, whatever the function's region). */
    public static AwsQuery iam() {
        return Signed.CLIENT.query(endpoint(AwsService.IAM), "2010-05-08");
    }

    public static AwsJson kms() {
        return Signed.CLIENT.json(endpoint(AwsService.KMS), "1.1", "TrentService");
    }

    public static AwsJson sfn() {
        return Signed.CLIENT.json(endpoint(AwsService.STEP_FUNCTIONS), "1.0", "AWSStepFunctions");
    }

    public static AwsRestJson ses() {
        return Signed.CLIENT.restJson(endpoint(AwsService.SES_V2));
    }

    public static AwsJson secretsManager() {
        return Signed.CLIENT.json(endpoint(AwsService.SECRETS_MANAGER), "1.1", "secretsmanager");
    }

    private static AwsEndpoint endpoint(AwsService service) {
        return service.endpoint(Signed.REGION, System.getenv());
    }

    private enum Lambda implements Clients {
        INSTANCE;

        @Override
        public DynamoDbClient dynamoDb() {
            return AwsClients.dynamoDb();
        }

        @Override
        public AwsQuery iam() {
            return AwsClients.iam();
        }

        @Override
        public AwsJson kms() {
            return AwsClients.kms();
        }

        @Override
        public AwsJson sfn() {
            return AwsClients.sfn();
        }

        @Override
        public AwsRestJson ses() {
            return AwsClients.ses();
        }

        @Override
        public AwsJson secretsManager() {
            return AwsClients.secretsManager();
        }
    }

    // One holder per kind of client: a function builds only what it uses (lazy, thread-safe class init).
    private static final class Holder {
        static final DynamoDbClient DYNAMO_DB = DynamoDbClient.builder().httpClient(HTTP).build();
    }

    private static final class Signed {
        static final String REGION = new DefaultAwsRegionProviderChain().getRegion().id();
        static final AwsHttpClient CLIENT = new AwsHttpClient(HTTP, DefaultCredentialsProvider.builder().build(),
                RetryPolicy.standard());
    }
}
