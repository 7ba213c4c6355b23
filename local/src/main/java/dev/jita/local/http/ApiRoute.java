package dev.jita.local.http;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One API Gateway resource of the REST API, as CDK declares it: a resource template ({@code /requests/{id}}), the
 * methods it serves, how callers authenticate, and the Lambda function behind it (proxy integration).
 *
 * @param function the function's name, for its Lambda context
 */
public record ApiRoute(String template, Set<String> methods, Auth auth, String function,
                       RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {

    /** How API Gateway authenticates callers of a route. */
    public enum Auth {
        /** AWS_IAM: jita local takes the signed-in principal from the X-Jita-Principal header. */
        IAM,
        /** None: the approver routes, where the token in the path is the credential. */
        NONE
    }

    public ApiRoute {
        Objects.requireNonNull(template, "template");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("a resource template starts with '/', was " + template);
        }
        methods = Set.copyOf(methods);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(handler, "handler");
    }

    /** The path parameters if {@code segments} (the request path split at '/', each decoded) fit the template. */
    Optional<Map<String, String>> match(List<String> segments) {
        List<String> parts = segments(template);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String part = parts.get(i);
            String given = segments.get(i);
            if (part.startsWith("{") && part.endsWith("}")) {
                if (given.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(part.substring(1, part.length() - 1), given);
            } else if (!part.equals(given)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /** "/a/b" → [a, b]; "/" → []; a trailing '/' is a segment of its own (empty), so "/requests/" is not "/requests". */
    static List<String> segments(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
    }
}
