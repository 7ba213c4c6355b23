package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.http.ApiGateway;
import dev.jita.http.ApiRequest;
import dev.jita.http.ApiResponses;
import dev.jita.http.HttpResponse;
import dev.jita.http.Problem;
import dev.jita.http.ProblemException;
import dev.jita.requests.EngineerRoutes;
import dev.jita.requests.RequestIds;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engineer routes of design.md's HTTP API behind API Gateway (REST, proxy integration, IAM auth): maps the
 * event, lets {@link EngineerRoutes} answer, maps the answer back. Every failure a person sees is
 * application/problem+json with a one-sentence detail; an unexpected one is a 500 that names nothing internal,
 * logged with the correlation id (never a token: none passes through here).
 */
public final class IntakeFunction
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, SnapStartPrimed {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeFunction.class);

    private final EngineerRoutes routes;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public IntakeFunction() {
        this(LambdaServices.forFunction("intake"));
        SnapStartPrimed.register(this);
    }

    /** On any composition root: jita local's, a test's, priming's. */
    public IntakeFunction(JitaServices services) {
        this.routes = services.engineerRoutes();
        this.metrics = services.metrics();
    }

    @Override
    public String function() {
        return "intake";
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return LambdaInvocation.run(context, correlationId(event), metrics, () -> ApiGateway.response(handle(event)));
    }

    private HttpResponse handle(APIGatewayProxyRequestEvent event) {
        ApiRequest request;
        try {
            request = ApiGateway.request(event);
        } catch (ProblemException e) {
            return ApiResponses.problem(e);
        } catch (RuntimeException e) {
            LOG.error("could not read the API Gateway event", e);
            return ApiResponses.problem(Problem.internalError());
        }
        return routes.handle(request);
    }

    // The request id where the path names one, else API Gateway's: what ties this invocation's log lines together.
    private static String correlationId(APIGatewayProxyRequestEvent event) {
        if (event.getPathParameters() != null && RequestIds.isWellFormed(event.getPathParameters().get("id"))) {
            return event.getPathParameters().get("id");
        }
        return event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
    }
}
