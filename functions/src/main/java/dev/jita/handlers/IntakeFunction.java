package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.http.ApiGateway;
import dev.jita.http.ApiRequest;
import dev.jita.http.ApiResponses;
import dev.jita.http.ProblemException;
import dev.jita.app.AwsClients;
import dev.jita.app.Clients;
import dev.jita.app.InMemoryMetrics;
import dev.jita.app.JitaConfig;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.app.PowertoolsMetrics;
import dev.jita.domain.RuleBook;
import dev.jita.iam.AwsIamGateway;
import dev.jita.grants.RevokeService;
import dev.jita.requests.AuditReads;
import dev.jita.requests.CreateRequests;
import dev.jita.requests.EarlyRevoker;
import dev.jita.requests.EngineerRoutes;
import dev.jita.requests.GrantRevoker;
import dev.jita.requests.Pause;
import dev.jita.requests.RequestIds;
import dev.jita.requests.RequestReads;
import dev.jita.requests.Withdrawals;
import dev.jita.rules.RulesFile;
import dev.jita.store.AuditLog;
import dev.jita.store.Caps;
import dev.jita.store.IdempotencyStore;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.http.HttpResponse;
import dev.jita.http.Problem;
import dev.jita.workflow.SfnWorkflow;
import dev.jita.workflow.Workflow;
import dev.jita.workflow.WorkflowInput;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engineer routes of design.md's HTTP API behind API Gateway (REST, proxy integration, IAM auth): maps the
 * event, lets {@link EngineerRoutes} answer, maps the answer back. Every failure a person sees is
 * application/problem+json with a one-sentence detail; an unexpected one is a 500 that names nothing internal,
 * logged with the correlation id (never a token: none passes through here).
 */
public final class IntakeFunction
        implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(IntakeFunction.class);
    /** How long an Idempotency-Key is remembered. */
    static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    /** A well-formed create request; whether a rule allows it does not matter for priming. */
    private static final String PRIMING_BODY = "{\"actions\": [\"ec2:RebootInstances\"], \"resources\":"
            + " [\"arn:aws:ec2:us-east-1:000000000000:instance/i-0123456789abcdef0\"], \"durationMinutes\": 30,"
            + " \"justification\": \"SnapStart priming, never stored\"}";

    private final EngineerRoutes routes;
    private final Metrics metrics;

    /** Lambda's constructor: clients built once per container, configuration from the environment. */
    public IntakeFunction() {
        this(JitaConfig.fromEnvironment(System.getenv()), Clock.systemUTC(), AwsClients.lambda(),
                new PowertoolsMetrics("intake"));
        Core.getGlobalContext().register(this);
    }

    /** The Lambda wiring, on AWS's clients or on {@link Priming.Offline} ones. */
    private IntakeFunction(JitaConfig config, Clock clock, Clients clients, Metrics metrics) {
        this(RulesFile.load(config.rulesFile()), config, clock, clients, metrics);
    }

    private IntakeFunction(RuleBook rules, JitaConfig config, Clock clock, Clients clients, Metrics metrics) {
        this(rules, new RequestStore(clients.dynamoDb(), storeConfig(config), clock), config, clock, clients, metrics);
    }

    private IntakeFunction(RuleBook rules, RequestStore store, JitaConfig config, Clock clock, Clients clients,
                           Metrics metrics) {
        this(rules, store,
                new AuditLog(clients.dynamoDb(), storeConfig(config)),
                new IdempotencyStore(clients.dynamoDb(), config.idempotencyTable(), clock, IDEMPOTENCY_WINDOW),
                new SfnWorkflow(clients.sfn(), config.stateMachineArn().orElseThrow(() -> new IllegalStateException(
                        "environment variable JITA_STATE_MACHINE_ARN is not set; the intake function starts the"
                                + " workflow and needs it"))),
                new GrantRevoker(new RevokeService(store, new AwsIamGateway(clients.iam()), metrics)),
                metrics, clock, new Caps(config.maxPendingPerRequester(), config.maxGrantsPerRole()), Pause.SLEEP);
    }

    /**
     * For jita local and tests: the same function on other collaborators.
     *
     * @param caps  how many requests one role may have pending, and pending or granted, at once
     * @param pause waits between workflow start attempts
     */
    public IntakeFunction(RuleBook rules, RequestStore store, AuditLog audit, IdempotencyStore idempotency,
                          Workflow workflow, EarlyRevoker revoker, Metrics metrics, Clock clock, Caps caps,
                          Pause pause) {
        this.metrics = metrics;
        this.routes = new EngineerRoutes(rules,
                new CreateRequests(rules, store, idempotency, workflow, metrics, clock,
                        new RequestIds(new SecureRandom()), caps, pause),
                new RequestReads(rules, store, audit),
                new Withdrawals(rules, store, workflow, revoker),
                new AuditReads(rules, audit),
                IntakeFunction::logUnexpected);
    }

    /**
     * SnapStart priming: a twin on offline clients answers a create, a read and a list, which loads and warms the
     * event mapping, JSON body parsing, eligibility against the rule book, DynamoDB marshalling, SigV4 signing of
     * StartExecution and the problem answers. Nothing leaves the process.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime(System.getenv(), new Priming.Offline());
    }

    static void prime(Map<String, String> environment, Priming.Offline offline) {
        IntakeFunction twin = new IntakeFunction(JitaConfig.fromEnvironment(environment), Clock.systemUTC(), offline,
                new InMemoryMetrics());
        Priming.step("POST /requests", () -> twin.handleRequest(Priming.apiEvent("POST", "/requests", "/requests",
                null, PRIMING_BODY), null));
        Priming.step("GET /requests/{id}", () -> twin.handleRequest(Priming.apiEvent("GET", "/requests/{id}",
                "/requests/" + Priming.REQUEST_ID, Map.of("id", Priming.REQUEST_ID), null), null));
        Priming.step("GET /requests", () -> twin.handleRequest(Priming.apiEvent("GET", "/requests", "/requests",
                null, null), null));
        // The sample create is refused by the rules (no rule names the priming role), so sign a start directly.
        Priming.step("StartExecution", () -> new SfnWorkflow(offline.sfn(), "arn:aws:states:us-east-1:000000000000"
                + ":stateMachine:priming").start(new WorkflowInput(Priming.REQUEST_ID, false, Duration.ofHours(1), null)));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: no connection or credentials were made before the snapshot.
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        return LambdaInvocation.run(context, correlationId(event), metrics,
                () -> ApiGateway.response(handle(event)));
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

    private static void logUnexpected(ApiRequest request, RuntimeException e) {
        LOG.error("{} {} failed unexpectedly (API Gateway request {})", request.method(), request.resource(),
                request.correlationId(), e);
    }

    private static StoreConfig storeConfig(JitaConfig config) {
        return new StoreConfig(config.requestsTable(), config.auditTable());
    }
}
