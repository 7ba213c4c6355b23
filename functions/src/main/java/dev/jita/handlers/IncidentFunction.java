package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.AwsClients;
import dev.jita.app.JitaConfig;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.app.PowertoolsMetrics;
import dev.jita.approvals.ApprovalsConfig;
import dev.jita.approvals.Notifiers;
import dev.jita.approvals.WorkflowHandoff;
import dev.jita.domain.RuleBook;
import dev.jita.iam.AwsIamGateway;
import dev.jita.iam.IamGateway;
import dev.jita.incidents.Delivery;
import dev.jita.incidents.Incident;
import dev.jita.incidents.IncidentConfig;
import dev.jita.incidents.IncidentEventException;
import dev.jita.incidents.IncidentEvents;
import dev.jita.incidents.IncidentRecords;
import dev.jita.incidents.IncidentResponse;
import dev.jita.grants.RevokeService;
import dev.jita.notifications.Notifier;
import dev.jita.rules.RulesFile;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.workflow.SfnWorkflow;
import dev.jita.workflow.Workflow;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
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

    /** Lambda's constructor: clients built once per container, configuration from the environment. */
    public IncidentFunction() {
        this(JitaConfig.fromEnvironment(System.getenv()), IncidentConfig.fromEnvironment(System.getenv()),
                Clock.systemUTC());
    }

    private IncidentFunction(JitaConfig config, IncidentConfig incidentConfig, Clock clock) {
        this(new RequestStore(AwsClients.dynamoDb(), new StoreConfig(config.requestsTable(), config.auditTable()),
                        clock),
                new IncidentRecords(AwsClients.dynamoDb(), incidentConfig.incidentsTable(), clock),
                constant(RulesFile.load(config.rulesFile())),
                // Only SendTaskSuccess is used here, which needs no state machine ARN.
                new SfnWorkflow(AwsClients.sfn(), config.stateMachineArn().orElse("")),
                new AwsIamGateway(AwsClients.iam()),
                Notifiers.forAws(ApprovalsConfig.fromEnvironment(config, System.getenv()), AwsClients::ses,
                        id -> NotifyFunction.readSecret(AwsClients.secretsManager(), id),
                        () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()),
                incidentConfig, new PowertoolsMetrics("incident"), clock);
    }

    /**
     * For jita local and tests: the same function on other collaborators.
     *
     * @param notifier tells a break-glass rule's approvers (jita local: the outbox)
     */
    public IncidentFunction(RequestStore store, IncidentRecords records, Supplier<RuleBook> rules, Workflow workflow,
                            IamGateway iam, Notifier notifier, IncidentConfig config, Metrics metrics, Clock clock) {
        this.incidents = new IncidentResponse(records, store, rules, new WorkflowHandoff(store, workflow, metrics),
                new RevokeService(store, iam, metrics), notifier, config, clock);
        this.metrics = metrics;
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
        IncidentResponse.Result result = incidents.handle(incident.get(), delivery);
        if (result instanceof IncidentResponse.Refused r) {
            out.put("outcome", "STALE");
            out.put("reason", r.reason());
        } else if (result instanceof IncidentResponse.OutOfOrder o) {
            out.put("outcome", "OUT_OF_ORDER");
            out.put("recorded", o.recorded().name());
        } else if (result instanceof IncidentResponse.Applied a) {
            out.put("outcome", "APPLIED");
            out.put("approved", a.approved());
            out.put("revoked", a.revoked());
            out.put("tooLate", a.tooLate());
        } else {
            out.put("outcome", "DUPLICATE");
        }
        return out;
    }

    private static Supplier<RuleBook> constant(RuleBook rules) {
        return () -> rules;
    }
}
