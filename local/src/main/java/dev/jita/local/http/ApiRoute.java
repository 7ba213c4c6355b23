package dev.jita.local.http;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.handlers.ApiRoutes.Auth;
import dev.jita.http.RouteTemplate;
import java.util.Objects;
import java.util.Set;

/**
 * One API Gateway resource of the REST API, as CDK declares it: a resource template ({@code /requests/{id}}), the
 * methods it serves, how callers authenticate, and the Lambda function behind it (proxy integration).
 *
 * @param auth     IAM: jita local takes the caller from the request's signature, else from the X-Jita-Principal
 *                 header ({@link HttpFront}); NONE: the approver routes, where the token in the path is the credential
 * @param function the function's name, for its Lambda context
 */
public record ApiRoute(RouteTemplate template, Set<String> methods, Auth auth, String function,
                       RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {

    public ApiRoute {
        Objects.requireNonNull(template, "template");
        methods = Set.copyOf(methods);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(handler, "handler");
    }

    /** @param template as API Gateway spells it, e.g. {@code /requests/{id}} */
    public ApiRoute(String template, Set<String> methods, Auth auth, String function,
                    RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
        this(RouteTemplate.of(template), methods, auth, function, handler);
    }
}
