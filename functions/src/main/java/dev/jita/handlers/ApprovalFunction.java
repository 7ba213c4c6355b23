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
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
    private static final String TEMPLATE = "/approvals/{token}";
    private static final String PREFIX = "/approvals/";

    /** What one method of the approver routes answers; a method not here gets the not-found page. */
    @FunctionalInterface
    private interface Answer {
        HttpResponse answer(String token, ApiRequest request, Origin origin);
    }

    private final Map<String, Answer> byMethod;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public ApprovalFunction() {
        this(LambdaServices.forFunction("approval"));
        SnapStartPrimed.register(this);
    }

    /** On any composition root: jita local's, a test's, priming's. */
    public ApprovalFunction(JitaServices services) {
        ApprovalDesk desk = services.approvalDesk();
        this.byMethod = Map.of(
                "GET", (token, request, origin) -> ApprovalPages.of(desk.view(token, origin)),
                "HEAD", (token, request, origin) -> ApprovalPages.of(desk.view(token, origin)).withoutBody(),
                "POST", (token, request, origin) -> ApprovalPages.of(desk.decide(token, request.body(), false,
                        origin)));
        this.metrics = services.metrics();
    }

    /** The routes served, by template; {@link ApiRoutes} declares the same for the API. */
    Map<String, Set<String>> methodsByTemplate() {
        return Map.of(TEMPLATE, new TreeSet<>(byMethod.keySet()));
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
            Answer answer = byMethod.get(request.method());
            return answer == null ? ApprovalPages.notFound() : answer.answer(token, request, origin);
        } catch (RuntimeException e) {
            LOG.error("approval route failed unexpectedly", e);
            return ApprovalPages.unavailable();
        }
    }
}
