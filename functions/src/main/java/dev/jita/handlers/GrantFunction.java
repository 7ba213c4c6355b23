package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.grants.GrantRefused;
import dev.jita.grants.GrantResult;
import dev.jita.grants.GrantService;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import dev.jita.workflow.ProvisioningPending;
import dev.jita.workflow.TransientFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's Grant task: input {@code {requestId, window: {notBefore, notAfter}}}; and its AwaitProvisioning task,
 * the same with {@code phase: "confirm"} and the {@code provisioningRequestId} the Grant task answered (issue 14). A {@link GrantRefused} is
 * final (the workflow goes to GrantFailed); a {@link TransientFailure} is retried by the workflow.
 */
public final class GrantFunction
        implements RequestHandler<Map<String, Object>, Map<String, Object>>, SnapStartPrimed {
    private static final Logger LOG = LoggerFactory.getLogger(GrantFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The AwaitProvisioning state's phase: look whether Identity Center has provisioned the grant. */
    static final String CONFIRM = "confirm";

    private final GrantService grants;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public GrantFunction() {
        this(LambdaServices.forFunction("grant"));
        SnapStartPrimed.register(this);
    }

    /** On any composition root: jita local's, a test's, priming's. */
    public GrantFunction(JitaServices services) {
        this.grants = services.grants();
        this.metrics = services.metrics();
    }

    @Override
    public String function() {
        return "grant";
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        JsonNode payload = JSON.valueToTree(input);
        String requestId = TaskInputs.requestId(payload);
        return LambdaInvocation.run(context, requestId, metrics, () -> {
            try {
                GrantResult result = CONFIRM.equals(payload.path("phase").asText())
                        ? grants.confirmProvisioning(requestId, TaskInputs.window(payload.path("window")),
                                TaskInputs.required(payload, "provisioningRequestId"))
                        : grants.grant(requestId, TaskInputs.window(payload.path("window")));
                if (result.identityCenter()) {
                    LOG.info("grant of request {}: {} (permission set {} for the Identity Center user of role {},"
                            + " changed {}, provisioning {})", requestId, result.status(), result.policyName(),
                            result.roleName(), result.changed(),
                            result.pending() ? result.provisioningRequestId() : "done");
                } else {
                    LOG.info("grant of request {}: {} (policy {} on role {}, changed {})", requestId,
                            result.status(), result.policyName(), result.roleName(), result.changed());
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("requestId", requestId);
                out.put("status", result.status().name());
                out.put("roleName", result.roleName());
                out.put("policyName", result.policyName());
                out.put("changed", result.changed());
                // Read by the workflow's Provisioned? choice: an Identity Center grant is ACTIVE only once provisioned.
                out.put("pending", result.pending());
                out.put("provisioningRequestId", result.pending() ? result.provisioningRequestId() : "");
                return out;
            } catch (ProvisioningPending e) {
                LOG.info("grant of request {}: Identity Center is still provisioning; the workflow looks again",
                        requestId);
                throw e;
            } catch (GrantRefused e) {
                LOG.warn("grant of request {} refused ({}): {}", requestId, e.reason(), e.getMessage());
                throw e;
            } catch (TransientFailure e) {
                LOG.warn("grant of request {} failed for now, the workflow retries: {}", requestId, e.getMessage());
                throw e;
            }
        });
    }
}
