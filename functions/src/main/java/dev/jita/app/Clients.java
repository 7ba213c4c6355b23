package dev.jita.app;

import dev.jita.aws.AwsJson;
import dev.jita.aws.AwsQuery;
import dev.jita.aws.AwsRestJson;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where a handler's Lambda wiring gets its AWS clients: {@link AwsClients#lambda()} in AWS, or offline stand-ins
 * that answer in-process when a handler primes itself before a SnapStart snapshot. One wiring serves both.
 */
public interface Clients {
    DynamoDbClient dynamoDb();

    AwsQuery iam();

    AwsJson kms();

    AwsJson sfn();

    AwsRestJson ses();

    AwsJson secretsManager();
}
