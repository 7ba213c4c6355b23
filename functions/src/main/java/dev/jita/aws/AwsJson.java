package dev.jita.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A service on AWS's JSON protocol (1.0 or 1.1): {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>}
 * (KMS, Step Functions, Secrets Manager).
 */
@FunctionalInterface
public interface AwsJson {
    /**
     * @return the answer's JSON object (empty when the answer has no body)
     * @throws AwsServiceException    when the service answers with an error
     * @throws AwsUnreachableException when it cannot be reached
     */
    JsonNode call(String operation, ObjectNode input);
}
