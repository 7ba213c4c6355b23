package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.AwsClients;
import dev.jita.app.Clients;
import dev.jita.app.InMemoryMetrics;
import dev.jita.app.JitaConfig;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.app.PowertoolsMetrics;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RuleBook;
import dev.jita.iam.AwsIamGateway;
import dev.jita.iam.EligibleRoles;
import dev.jita.iam.IamGateway;
import dev.jita.grants.GrantRefused;
import dev.jita.grants.GrantResult;
import dev.jita.grants.GrantService;
import dev.jita.rules.RulesFile;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.workflow.TransientFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's Grant task: input {@code {requestId, window: {notBefore, notAfter}}}. A {@link GrantRefused} is
 * final (the workflow goes to GrantFailed); a {@link TransientFailure} is retried by the workflow.
 */
public final class GrantFunction implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(GrantFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GrantService grants;
    private final Metrics metrics;

    /** Lambda's constructor: clients built once per container, configuration from the environment. */
    public GrantFunction() {
        this(JitaConfig.fromEnvironment(System.getenv()), Clock.systemUTC(), AwsClients.lambda(),
                new PowertoolsMetrics("grant"));
        Core.getGlobalContext().register(this);
    }

    /** The Lambda wiring, on AWS's clients or on {@link Priming.Offline} ones. */
    private GrantFunction(JitaConfig config, Clock clock, Clients clients, Metrics metrics) {
        this(new RequestStore(clients.dynamoDb(), new StoreConfig(config.requestsTable(), config.auditTable()),
                        clock),
                new AwsIamGateway(clients.iam()), constant(RulesFile.load(config.rulesFile())),
                new EligibleRoles(config.eligibleRolePath()), metrics, clock);
    }

    /** For jita local and tests: the same function on other collaborators. */
    public GrantFunction(RequestStore store, IamGateway iam, Supplier<RuleBook> rules, EligibleRoles eligibleRoles,
                         Metrics metrics, Clock clock) {
        this.grants = new GrantService(store, iam, rules, eligibleRoles, metrics, clock);
        this.metrics = metrics;
    }

    /**
     * SnapStart priming: a twin on offline clients grants a request that does not exist, which warms the task input
     * and window parsing, the rule book, the DynamoDB read and the IAM Query path. Nothing leaves the process.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime(System.getenv(), new Priming.Offline());
    }

    static void prime(Map<String, String> environment, Priming.Offline offline) {
        GrantFunction twin = new GrantFunction(JitaConfig.fromEnvironment(environment), Clock.systemUTC(),
                offline, new InMemoryMetrics());
        Priming.step("grant", () -> twin.handleRequest(Map.of("requestId", Priming.REQUEST_ID, "window",
                Map.of("notBefore", "2026-01-01T09:00:00Z", "notAfter", "2026-01-01T10:00:00Z")), null));
        // The request is not found, so the IAM calls of a grant are made directly (answered offline).
        AwsIamGateway iam = new AwsIamGateway(offline.iam());
        Priming.step("GetRole", () -> iam.getRole("priming"));
        Priming.step("PutRolePolicy", () -> iam.putRolePolicy("priming", "jita-priming", "{}"));
        Priming.step("ListRolePolicies", () -> iam.listRolePolicies("priming"));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: no connection or credentials were made before the snapshot.
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        JsonNode payload = JSON.valueToTree(input);
        String requestId = TaskInputs.requestId(payload);
        return LambdaInvocation.run(context, requestId, metrics, () -> {
            try {
                GrantResult result = grants.grant(requestId, window(payload.path("window")));
                LOG.info("grant of request {}: {} (policy {} on role {}, changed {})", requestId, result.status(),
                        result.policyName(), result.roleName(), result.changed());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("requestId", requestId);
                out.put("status", result.status().name());
                out.put("roleName", result.roleName());
                out.put("policyName", result.policyName());
                out.put("changed", result.changed());
                return out;
            } catch (GrantRefused e) {
                LOG.warn("grant of request {} refused ({}): {}", requestId, e.reason(), e.getMessage());
                throw e;
            } catch (TransientFailure e) {
                LOG.warn("grant of request {} failed for now, the workflow retries: {}", requestId, e.getMessage());
                throw e;
            }
        });
    }

    private static GrantWindow window(JsonNode window) {
        String notBefore = window.path("notBefore").asText(null);
        String notAfter = window.path("notAfter").asText(null);
        if (notBefore == null || notAfter == null) {
            throw new IllegalArgumentException("the grant task input needs window.notBefore and window.notAfter as"
                    + " ISO-8601 instants; check approval.asl.json's Grant payload");
        }
        try {
            return new GrantWindow(Instant.parse(notBefore), Instant.parse(notAfter));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("window.notBefore and window.notAfter must be ISO-8601 instants, like"
                    + " 2026-01-01T09:00:00Z; got " + notBefore + " and " + notAfter, e);
        }
    }

    private static Supplier<RuleBook> constant(RuleBook rules) {
        return () -> rules;
    }
}
