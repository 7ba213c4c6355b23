package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.activity.ActivityOutcome;
import dev.jita.activity.CloudTrailCall;
import dev.jita.activity.CloudTrailCalls;
import dev.jita.activity.CloudTrailEventException;
import dev.jita.activity.GrantActivity;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CloudTrail API calls from the target accounts, forwarded to jita's event bus ("AWS API Call via CloudTrail"): the
 * whole EventBridge event is the input. An event jita cannot read is logged and answered without error, as is one
 * made by no assumed role; a DynamoDB failure throws, so EventBridge retries, which the event id makes safe.
 */
public final class ActivityFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(ActivityFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GrantActivity activity;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public ActivityFunction() {
        this(LambdaServices.forFunction("activity"));
    }

    /** On any composition root: jita local's, a test's. */
    public ActivityFunction(JitaServices services) {
        this.activity = services.activity();
        this.metrics = services.metrics();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        JsonNode event = JSON.valueToTree(input);
        return LambdaInvocation.run(context, null, metrics, () -> handle(event));
    }

    private Map<String, Object> handle(JsonNode event) {
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<CloudTrailCall> call;
        try {
            call = CloudTrailCalls.parse(event);
        } catch (CloudTrailEventException e) {
            LOG.warn("event {} refused: {}", event.path("id").asText("-"), e.getMessage());
            out.put("outcome", "UNREADABLE");
            out.put("reason", e.getMessage());
            return out;
        }
        if (call.isEmpty()) {
            LOG.debug("event {} was not made by an assumed role's session; ignored", event.path("id").asText("-"));
            out.put("outcome", ActivityOutcome.Kind.UNMATCHED.name());
            return out;
        }
        ActivityOutcome outcome = activity.record(call.get());
        out.put("outcome", outcome.kind().name());
        out.put("eventId", call.get().eventId());
        if (outcome.requestId() != null) {
            out.put("requestId", outcome.requestId());
        }
        if (outcome.recorded() != null) {
            out.put("recorded", outcome.recorded().name());
        }
        return out;
    }
}
