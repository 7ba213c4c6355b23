package dev.jita.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A service on AWS's REST-JSON protocol: the operation is the method and path (SES v2). */
@FunctionalInterface
public interface AwsRestJson {
    /**
     * @param operation the operation's name, for errors only (e.g. {@code SendEmail})
     * @param path      the request path, already encoded (e.g. {@code /v2/email/outbound-emails})
     * @return the answer's JSON object (empty when the answer has no body)
     * @throws AwsServiceException    when the service answers with an error
     * @throws AwsUnreachableException when it cannot be reached
     */
    JsonNode call(String operation, String method, String path, ObjectNode body);
}
