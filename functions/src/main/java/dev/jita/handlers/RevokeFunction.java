package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.grants.RevokeOutcome;
import dev.jita.grants.RevokeService;
import dev.jita.grants.TaskError;
import dev.jita.store.StoredRequest;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's Revoke, TimedOut, GrantFailed, NotifyFailed and RevokeFailed tasks: input
 * {@code {requestId, outcome: EXPIRED|TIMED_OUT|FAILED|REVOKE_FAILED, error?}}. Deletes the request's policy if any
 * and records the outcome; an already-ended request is left as it is. IAM failures propagate so the workflow retries.
 */
public final class RevokeFunction
        implements RequestHandler<Map<String, Object>, Map<String, Object>>, SnapStartPrimed {
    private static final Logger LOG = LoggerFactory.getLogger(RevokeFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RevokeService revokes;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public RevokeFunction() {
        this(LambdaServices.forFunction("revoke"));
        SnapStartPrimed.register(this);
    }

    /** On any composition root: jita local's, a test's, priming's. */
    public RevokeFunction(JitaServices services) {
        this.revokes = services.revokes();
        this.metrics = services.metrics();
    }

    @Override
    public String function() {
        return "revoke";
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
