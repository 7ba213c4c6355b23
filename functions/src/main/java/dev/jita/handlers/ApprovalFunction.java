package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.api.ApiGateway;
import dev.jita.api.ApiRequest;
import dev.jita.api.ProblemException;
import dev.jita.app.AwsClients;
import dev.jita.app.JitaConfig;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.app.PowertoolsMetrics;
import dev.jita.approvals.ApprovalDesk;
import dev.jita.domain.RuleBook;
import dev.jita.links.CsrfTokens;
import dev.jita.links.KmsMacSigner;
import dev.jita.links.LinkTokens;
import dev.jita.links.MacSigner;
import dev.jita.store.Origin;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.web.ApprovalPages;
import dev.jita.web.HttpResponse;
import dev.jita.workflow.SfnWorkflow;
import dev.jita.workflow.Workflow;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approver routes, {@code GET|HEAD|POST /approvals/{token}} behind API Gateway without IAM auth: the token in
 * the path is the credential. Maps the event, lets {@link ApprovalDesk} answer, maps the page back. HEAD answers
 * GET's status and headers without the body. Nothing here logs the token or the form.
 */
public final class ApprovalFunction
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalFunction.class);
    private static final String PREFIX = "/approvals/";

    private final ApprovalDesk desk;
    private final Metrics metrics;

    /** Lambda's constructor: clients built once per container, configuration from the environment. */
    public ApprovalFunction() {
        this(JitaConfig.fromEnvironment(System.getenv()), Clock.systemUTC());
    }

    private ApprovalFunction(JitaConfig config, Clock clock) {
        this(config, NotifyFunction.signer(config), clock);
    }

    private ApprovalFunction(JitaConfig config, KmsMacSigner signer, Clock clock) {
        this(new RequestStore(AwsClients.dynamoDb(), new StoreConfig(config.requestsTable(), config.auditTable()),
                        clock),
                constant(RuleBook.load(config.rulesFile())), signer,
                // SendTaskSuccess/Failure need no state machine ARN.
                new SfnWorkflow(AwsClients.sfn(), config.stateMachineArn().orElse("")),
                new PowertoolsMetrics("approval"), clock);
    }

    /** For jita local and tests: the same function on other collaborators. */
    public ApprovalFunction(RequestStore store, Supplier<RuleBook> rules, MacSigner signer, Workflow workflow,
                            Metrics metrics, Clock clock) {
        this.desk = new ApprovalDesk(store, rules, new LinkTokens(signer, clock, new SecureRandom()),
                new CsrfTokens(signer), workflow, metrics, clock);
        this.metrics = metrics;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        // API Gateway's request id: the link's request id is not trusted until the link is checked.
        String correlationId = event.getRequestContext() == null ? null : event.getRequestContext().getRequestId();
        return LambdaInvocation.run(context, correlationId, metrics, () -> ApiGateway.response(handle(event)));
    }

    private HttpResponse handle(APIGatewayProxyRequestEvent event) {
        try {
            String body;
            ApiRequest request;
            try {
                request = ApiGateway.request(event);
                body = request.body();
            } catch (ProblemException notUtf8) {
                // A body the confirm page never sends: the desk refuses it like any foreign form.
                request = ApiGateway.request(event.clone().withBody(null).withIsBase64Encoded(false));
                body = null;
            }
            String token = token(request);
            Origin origin = new Origin(request.identity().sourceIp(), request.identity().userAgent());
            return switch (request.method()) {
                case "GET" -> desk.view(token, origin).page();
                case "HEAD" -> desk.view(token, origin).page().withoutBody();
                case "POST" -> desk.decide(token, body, false, origin).page();
                default -> ApprovalPages.notFound();
            };
        } catch (RuntimeException e) {
            LOG.error("approval route failed unexpectedly", e);
            return ApprovalPages.unavailable();
        }
    }

    private static String token(ApiRequest request) {
        return request.pathParameter("token").orElseGet(() -> request.path().startsWith(PREFIX)
                ? request.path().substring(PREFIX.length()) : null);
    }

    private static Supplier<RuleBook> constant(RuleBook rules) {
        return () -> rules;
    }
}
