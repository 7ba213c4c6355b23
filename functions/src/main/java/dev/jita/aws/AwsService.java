package dev.jita.aws;

import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;

/**
 * The AWS services jita calls over {@link AwsHttpClient}, with their endpoints as the AWS SDKs resolve them,
 * including the SDKs' endpoint overrides from the environment ({@code AWS_ENDPOINT_URL_<SERVICE>}, then
 * {@code AWS_ENDPOINT_URL}), which jita local and the cold-start benchmark use.
 */
public enum AwsService {
    KMS("kms", "kms", "KMS"),
    STEP_FUNCTIONS("states", "states", "SFN"),
    SECRETS_MANAGER("secretsmanager", "secretsmanager", "SECRETS_MANAGER"),
    SES_V2("email", "ses", "SESV2"),
    /** Global: one endpoint per partition, signed for that partition's home region. */
    IAM("iam", "iam", "IAM");

    private final String hostPrefix;
    private final String signingName;
    private final String environmentId;

    AwsService(String hostPrefix, String signingName, String environmentId) {
        this.hostPrefix = hostPrefix;
        this.signingName = signingName;
        this.environmentId = environmentId;
    }

    /**
     * @param region      the caller's region, e.g. {@code eu-west-1}
     * @param environment the process environment (for the endpoint overrides)
     */
    public AwsEndpoint endpoint(String region, Map<String, String> environment) {
        String override = environment.getOrDefault("AWS_ENDPOINT_URL_" + environmentId,
                environment.get("AWS_ENDPOINT_URL"));
        String partition = PartitionMetadata.of(Region.of(region)).id();
        String signingRegion = this == IAM ? iamRegion(partition) : region;
        if (override != null && !override.isBlank()) {
            return new AwsEndpoint(URI.create(override.trim()), signingName, signingRegion);
        }
        String dnsSuffix = PartitionMetadata.of(Region.of(region)).dnsSuffix();
        String host = switch (this) {
            case IAM -> "aws".equals(partition) ? "iam.amazonaws.com"
                    : "aws-us-gov".equals(partition) ? "iam.us-gov.amazonaws.com"
                    : "iam." + signingRegion + "." + dnsSuffix;
            default -> hostPrefix + "." + region + "." + dnsSuffix;
        };
        return new AwsEndpoint(URI.create("https://" + host), signingName, signingRegion);
    }

    private static String iamRegion(String partition) {
        return switch (partition) {
            case "aws" -> "us-east-1";
            case "aws-cn" -> "cn-north-1";
            case "aws-us-gov" -> "us-gov-west-1";
            default -> throw new IllegalStateException("jita does not know IAM's endpoint in partition " + partition
                    + "; set AWS_ENDPOINT_URL_IAM to it");
        };
    }
}
