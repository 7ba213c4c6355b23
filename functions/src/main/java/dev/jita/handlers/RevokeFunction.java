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
import dev.jita.iam.AwsIamGateway;
import dev.jita.iam.IamGateway;
import dev.jita.grants.RevokeOutcome;
import dev.jita.grants.RevokeService;
import dev.jita.grants.TaskError;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's Revoke, TimedOut, GrantFailed, NotifyFailed and RevokeFailed tasks: input
 * {@code {requestId, outcome: EXPIRED|TIMED_OUT|FAILED|REVOKE_FAILED, error?}}. Deletes the request's policy if any
 * and records the outcome; an already-ended request is left as it is. IAM failures propagate so the workflow retries.
 */
public final class RevokeFunction implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    private static final Logger LOG = LoggerFactory.getLogger(RevokeFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RevokeService revokes;
    private final Metrics metrics;

    /** Lambda's constructor: clients built once per container, configuration from the environment. */
    public RevokeFunction() {
        this(JitaConfig.fromEnvironment(System.getenv()), AwsClients.lambda(), new PowertoolsMetrics("revoke"));
        Core.getGlobalContext().register(this);
    }

    /** The Lambda wiring, on AWS's clients or on {@link Priming.Offline} ones. */
    private RevokeFunction(JitaConfig config, Clients clients, Metrics metrics) {
        this(new RequestStore(clients.dynamoDb(), new StoreConfig(config.requestsTable(), config.auditTable()),
                Clock.systemUTC()), new AwsIamGateway(clients.iam()), metrics);
    }

    /** For jita local and tests: the same function on other collaborators. */
    public RevokeFunction(RequestStore store, IamGateway iam, Metrics metrics) {
        this.revokes = new RevokeService(store, iam, metrics);
        this.metrics = metrics;
    }

    /**
     * SnapStart priming: a twin on offline clients closes a request that does not exist, which warms the task
     * input parsing, the DynamoDB read and the IAM Query path. Nothing leaves the process.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime(System.getenv(), new Priming.Offline());
    }

    static void prime(Map<String, String> environment, Priming.Offline offline) {
        RevokeFunction twin = new RevokeFunction(JitaConfig.fromEnvironment(environment), offline,
                new InMemoryMetrics());
        Priming.step("revoke", () -> twin.handleRequest(Map.of("requestId", Priming.REQUEST_ID, "outcome", "EXPIRED"),
                null));
        // The request is not found, so the IAM call of a revoke is made directly (answered offline).
        Priming.step("DeleteRolePolicy", () -> new AwsIamGateway(offline.iam())
                .deleteRolePolicyIfPresent("priming", "jita-priming"));
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
            RevokeOutcome outcome = RevokeOutcome.parse(payload.path("outcome").asText(null));
            TaskError error = TaskError.from(payload.get("error"));
            try {
                StoredRequest after = revokes.close(requestId, outcome, error);
                LOG.info("{} for request {}: now {}", outcome, requestId, after.status());
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("requestId", requestId);
                out.put("status", after.status().name());
                return out;
            } catch (RuntimeException e) {
                LOG.warn("{} for request {} failed, the workflow retries: {}", outcome, requestId, e.getMessage());
                throw e;
            }
        });
    }
}
