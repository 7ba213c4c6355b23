package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.grants.NotRevocableException;
import dev.jita.grants.RevokeNowCall;
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
 *
 * <p>And a revoke-now ({@link RevokeNowCall}: {@code {requestId, revokeNow: {actor, actorKind, ...}}}) from intake's
 * early revoke or the incident function's resolution, for a request in another account: only this function (with
 * grant and sweeper) may assume jita's target role there. It answers {@code {requestId, status}}, or
 * {@code notRevocable} for a request still pending; a failure is thrown, so the caller sees a function error.
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
        if (RevokeNowCall.isRevokeNow(payload)) {
            RevokeNowCall call = RevokeNowCall.from(payload);
            return LambdaInvocation.run(context, call.requestId(), metrics, () -> revokeNow(call));
        }
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

    /**
     * Authorization is the caller's: this function trusts whoever invokes it, and IAM lets only intake and the incident
     * function invoke it (the REVOKE_THROUGH_REVOKE_FUNCTION capability). Intake has already decided that the caller is
     * the requester or an admin (requests/Withdrawals); the incident function that the incident approved the request.
     */
    private Map<String, Object> revokeNow(RevokeNowCall call) {
        try {
            StoredRequest after = revokes.revokeNow(call.requestId(), call.actor(), call.actorKind(), call.origin(),
                    call.reason());
            LOG.info("revoke-now of request {} by {} ({}): now {}", call.requestId(), call.actor(), call.actorKind(),
                    after.status());
            return answer(new RevokeNowCall.Answer(call.requestId(), after.status(), false));
        } catch (NotRevocableException e) {
            return answer(new RevokeNowCall.Answer(call.requestId(), e.status(), true));
        } catch (RuntimeException e) {
            LOG.warn("revoke-now of request {} failed; the caller answers an error and may try again: {}",
                    call.requestId(), e.getMessage());
            throw e;
        }
    }

    private static Map<String, Object> answer(RevokeNowCall.Answer answer) {
        return JSON.convertValue(answer.toJson(), new com.fasterxml.jackson.core.type.TypeReference<>() { });
    }
}
