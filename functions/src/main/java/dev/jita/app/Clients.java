package dev.jita.app;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
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
 * Where a handler's Lambda wiring gets its AWS clients, all the SDK's own: {@link AwsClients#lambda()} in AWS, or
 * the same clients on an in-process HTTP client when a handler primes itself before a SnapStart snapshot. One
 * wiring serves both. Each is asked for only when first needed, so a function builds only the clients it uses.
 */
public interface Clients {
    DynamoDbClient dynamoDb();

    IamClient iam();

    /**
     * A new IAM client on {@code credentials} (a target account's assumed role), otherwise as {@link #iam()}: same
     * HTTP client, region and retries. The caller keeps it as long as the credentials last.
     */
    IamClient iam(AwsCredentialsProvider credentials);

    KmsClient kms();

    SfnClient sfn();

    SesV2Client ses();

    SecretsManagerClient secretsManager();

    StsClient sts();

    /** Lambda: intake and the incident function invoke the revoke function for a request in another account. */
    LambdaClient lambda();

    /** S3: the export function writes the audit export bucket; intake reads it back to verify from the export. */
    S3Client s3();
}
