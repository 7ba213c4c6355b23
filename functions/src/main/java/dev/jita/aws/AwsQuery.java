package dev.jita.aws;

import java.util.Map;
import org.w3c.dom.Element;

/** A service on AWS's Query protocol: form-encoded {@code Action=...&Version=...}, XML answers (IAM). */
@FunctionalInterface
public interface AwsQuery {
    /**
     * @param parameters the action's parameters (not Action and Version), sent in this order
     * @return the answer's {@code <ActionResult>} element, or its root element when it has none
     * @throws AwsServiceException    when the service answers with an error
     * @throws AwsUnreachableException when it cannot be reached
     */
    Element call(String action, Map<String, String> parameters);
}
