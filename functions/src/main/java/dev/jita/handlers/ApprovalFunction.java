package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.approvals.ApprovalDesk;
import dev.jita.audit.Origin;
import dev.jita.http.ApiGateway;
import dev.jita.http.ApiRequest;
import dev.jita.http.HttpResponse;
import dev.jita.pages.ApprovalPages;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approver routes, {@code GET|HEAD|POST /approvals/{token}} behind API Gateway without IAM auth: the token in
 * the path is the credential. Maps the event, lets {@link ApprovalDesk} answer, maps the page back. HEAD answers
 * GET's status and headers without the body. Nothing here logs the token or the form.
 */
public final class ApprovalFunction
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, SnapStartPrimed {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalFunction.class);
    private static final String PREFIX = "/approvals/";

    private final ApprovalDesk desk;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public ApprovalFunction() {
        this(LambdaServices.forFunction("approval"));
        SnapStartPrimed.register(this);
    }

    /** On any composition root: jita local's, a test's, priming's. */
    public ApprovalFunction(JitaServices services) {
        this.desk = services.approvalDesk();
        this.metrics = services.metrics();
    }

    @Override
    public String function() {
        return "approval";
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        // API Gateway's request id: the link's request id is not trusted until the link is checked.
        String correlationId = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
        return LambdaInvocation.run(context, correlationId, metrics, () -> ApiGateway.response(handle(event)));
    }

    private HttpResponse handle(APIGatewayProxyRequestEvent event) {
        try {
            // A body that is not text is one the confirm page never sends: the desk refuses it like any foreign form.
            ApiRequest request = ApiGateway.requestWithTextBodyOnly(event);
            String token = request.pathParameter("token").orElseGet(() -> request.path().startsWith(PREFIX)
                    ? request.path().substring(PREFIX.length()) : null);
            Origin origin = new Origin(request.identity().sourceIp(), request.identity().userAgent());
            return switch (request.method()) {
                case "GET" -> ApprovalPages.of(desk.view(token, origin));
                case "HEAD" -> ApprovalPages.of(desk.view(token, origin)).withoutBody();
                case "POST" -> ApprovalPages.of(desk.decide(token, request.body(), false, origin));
                default -> ApprovalPages.notFound();
            };
        } catch (RuntimeException e) {
            LOG.error("approval route failed unexpectedly", e);
            return ApprovalPages.unavailable();
        }
    }
}
