package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.http.ApiGateway;
import dev.jita.http.ApiRequest;
import dev.jita.http.ProblemException;
import dev.jita.app.AwsClients;
import dev.jita.app.Clients;
import dev.jita.app.InMemoryMetrics;
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
import dev.jita.rules.RulesFile;
import dev.jita.audit.Origin;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.pages.ApprovalPages;
import dev.jita.http.HttpResponse;
import dev.jita.workflow.SfnWorkflow;
import dev.jita.workflow.Workflow;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The approver routes, {@code GET|HEAD|POST /approvals/{token}} behind API Gateway without IAM auth: the token in
 * the path is the credential. Maps the event, lets {@link ApprovalDesk} answer, maps the page back. HEAD answers
 * GET's status and headers without the body. Nothing here logs the token or the form.
 */
public final class ApprovalFunction
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(ApprovalFunction.class);
    private static final String PREFIX = "/approvals/";

    private final ApprovalDesk desk;
    private final Metrics metrics;

    /** Lambda's constructor: clients built once per container, configuration from the environment. */
    public ApprovalFunction() {
        this(JitaConfig.fromEnvironment(System.getenv()), Clock.systemUTC(), AwsClients.lambda(),
                new PowertoolsMetrics("approval"));
        Core.getGlobalContext().register(this);
    }

    private ApprovalFunction(JitaConfig config, Clock clock, Clients clients, Metrics metrics) {
        this(config, NotifyFunction.signer(config, clients), clock, clients, metrics);
    }

    /** The Lambda wiring, on AWS's clients or on {@link Priming.Offline} ones. */
    private ApprovalFunction(JitaConfig config, KmsMacSigner signer, Clock clock, Clients clients, Metrics metrics) {
        this(new RequestStore(clients.dynamoDb(), new StoreConfig(config.requestsTable(), config.auditTable()),
                        clock),
                constant(RulesFile.load(config.rulesFile())), signer,
                // SendTaskSuccess/Failure need no state machine ARN.
                new SfnWorkflow(clients.sfn(), config.stateMachineArn().orElse("")),
                metrics, clock);
    }

    /** For jita local and tests: the same function on other collaborators. */
    public ApprovalFunction(RequestStore store, Supplier<RuleBook> rules, MacSigner signer, Workflow workflow,
                            Metrics metrics, Clock clock) {
        this.desk = new ApprovalDesk(store, rules, new LinkTokens(signer, clock, new SecureRandom()),
                new CsrfTokens(signer), workflow, metrics, clock);
        this.metrics = metrics;
    }

    /**
     * SnapStart priming: a twin on offline clients (whose KMS answers with a fixed MAC) opens and answers a link
     * for a request that does not exist, which warms the event mapping, link parsing and KMS verification, the
     * DynamoDB read, the form parsing and the HTML pages. Nothing leaves the process.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime(System.getenv(), new Priming.Offline());
    }

    static void prime(Map<String, String> environment, Priming.Offline offline) {
        JitaConfig config = JitaConfig.fromEnvironment(environment);
        KmsMacSigner signer = NotifyFunction.signer(config, offline);
        ApprovalFunction twin = new ApprovalFunction(config, signer, Clock.systemUTC(), offline, new InMemoryMetrics());
        Priming.step("GET/HEAD/POST /approvals/{token}", () -> {
            String token = new LinkTokens(signer, Clock.systemUTC(), new SecureRandom())
                    .mint(Priming.REQUEST_ID, "priming", "0".repeat(64), Duration.ofMinutes(5)).token();
            for (String method : new String[] {"GET", "HEAD", "POST"}) {
                Priming.step(method + " /approvals/{token}", () -> twin.handleRequest(Priming.apiEvent(method,
                        "/approvals/{token}", PREFIX + token, Map.of("token", token),
                        "POST".equals(method) ? "decision=approve&csrf=priming" : null), null));
            }
        });
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: no connection or credentials were made before the snapshot.
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
