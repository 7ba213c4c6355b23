package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.incidents.Delivery;
import dev.jita.incidents.Incident;
import dev.jita.incidents.IncidentEventException;
import dev.jita.incidents.IncidentEvents;
import dev.jita.incidents.IncidentResponse;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Incident events from EventBridge (PagerDuty, Opsgenie, incident.io, {@code jita.incident}): the whole EventBridge
 * event is the input. An event jita cannot read, or one too old, is logged and answered without error: retrying
 * would not help. Anything else that fails (DynamoDB, IAM, a request whose workflow is not waiting yet) throws, so
 * EventBridge retries the event, which the incident record makes safe.
 */
public final class IncidentFunction implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IncidentResponse incidents;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public IncidentFunction() {
        this(LambdaServices.forFunction("incident"));
    }

    /** On any composition root: jita local's, a test's, priming's. */
    public IncidentFunction(JitaServices services) {
        this.incidents = services.incidents();
        this.metrics = services.metrics();
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        JsonNode event = JSON.valueToTree(input);
        Delivery delivery = context == null ? Delivery.unnamed()
                : new Delivery(context.getAwsRequestId(), Duration.ofMillis(context.getRemainingTimeInMillis()));
        return LambdaInvocation.run(context, null, metrics, () -> handle(event, delivery));
    }

    private Map<String, Object> handle(JsonNode event, Delivery delivery) {
        Map<String, Object> out = new LinkedHashMap<>();
        Optional<Incident> incident;
        try {
            incident = IncidentEvents.parse(event);
        } catch (IncidentEventException e) {
            LOG.warn("incident event {} refused: {}", event.path("id").asText("-"), e.getMessage());
            out.put("outcome", "UNREADABLE");
            out.put("reason", e.getMessage());
            return out;
        }
        if (incident.isEmpty()) {
            LOG.info("event {} from {} is not about an incident's status; ignored", event.path("id").asText("-"),
                    event.path("source").asText("-"));
            out.put("outcome", "IGNORED");
            return out;
        }
        out.put("incident", incident.get().key());
        out.put("status", incident.get().status().name());
        out.putAll(IncidentAnswers.of(incidents.handle(incident.get(), delivery)));
        return out;
    }
}
