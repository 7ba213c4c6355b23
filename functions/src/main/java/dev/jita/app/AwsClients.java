package dev.jita.app;

import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The AWS clients of a Lambda container, each built once on first use and shared by the handler of that container
 * (a function's public no-arg constructor asks for the ones it needs). The URL-connection HTTP client keeps cold
 * starts and the jar small; region and credentials come from the Lambda environment.
 */
public final class AwsClients {
    private static final SdkHttpClient HTTP = UrlConnectionHttpClient.create();

    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return Holder.DYNAMO_DB;
    }

    public static IamClient iam() {
        return IamHolder.IAM;
    }

    public static KmsClient kms() {
        return KmsHolder.KMS;
    }

    public static SfnClient sfn() {
        return SfnHolder.SFN;
    }

    public static SesV2Client ses() {
        return SesHolder.SES;
    }

    // One holder per client: a function builds only the clients it uses (lazy, thread-safe class init).
    private static final class Holder {
        static final DynamoDbClient DYNAMO_DB = DynamoDbClient.builder().httpClient(HTTP).build();
    }

    private static final class IamHolder {
        // IAM is a global service: its endpoint lives in aws-global whatever the function's region.
        static final IamClient IAM = IamClient.builder().httpClient(HTTP)
                .region(software.amazon.awssdk.regions.Region.AWS_GLOBAL).build();
    }

    private static final class KmsHolder {
        static final KmsClient KMS = KmsClient.builder().httpClient(HTTP).build();
    }

    private static final class SfnHolder {
        static final SfnClient SFN = SfnClient.builder().httpClient(HTTP).build();
    }

    private static final class SesHolder {
        static final SesV2Client SES = SesV2Client.builder().httpClient(HTTP).build();
    }
}
