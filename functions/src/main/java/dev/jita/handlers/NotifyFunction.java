package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jita.app.AwsClients;
import dev.jita.app.Clients;
import dev.jita.app.InMemoryMetrics;
import dev.jita.aws.AwsCallException;
import dev.jita.aws.AwsJson;
import dev.jita.app.JitaConfig;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.app.PowertoolsMetrics;
import dev.jita.approvals.ApprovalsConfig;
import dev.jita.approvals.NotifyApprovers;
import dev.jita.approvals.Notifiers;
import dev.jita.domain.RuleBook;
import dev.jita.links.KmsMacSigner;
import dev.jita.links.LinkTokens;
import dev.jita.notifications.Notifier;
import dev.jita.rules.RulesFile;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.workflow.SfnWorkflow;
import dev.jita.workflow.Workflow;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.crac.Core;
import org.crac.Resource;

/**
 * The workflow's AwaitApproval task ({@code lambda:invoke.waitForTaskToken}): input {@code {requestId, taskToken}}.
 * Its answer is ignored by Step Functions (the approval function ends the wait); it says what was done, without
 * the token. A {@link dev.jita.approvals.NotifyFailedException} sends the workflow to NotifyFailed.
 */
public final class NotifyFunction implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifyApprovers notify;
    private final Metrics metrics;

    /** Lambda's constructor: clients built once per container, configuration from the environment. */
    public NotifyFunction() {
        this(System.getenv(), Clock.systemUTC(), AwsClients.lambda(), new PowertoolsMetrics("notify"));
        Core.getGlobalContext().register(this);
    }

    private NotifyFunction(Map<String, String> environment, Clock clock, Clients clients, Metrics metrics) {
        this(JitaConfig.fromEnvironment(environment), environment, clock, clients, metrics);
    }

    private NotifyFunction(JitaConfig config, Map<String, String> environment, Clock clock, Clients clients,
                           Metrics metrics) {
        this(config, ApprovalsConfig.fromEnvironment(config, environment), clock, clients, metrics);
    }

    /** The Lambda wiring, on AWS's clients or on {@link Priming.Offline} ones. */
    private NotifyFunction(JitaConfig config, ApprovalsConfig approvals, Clock clock, Clients clients,
                           Metrics metrics) {
        this(new RequestStore(clients.dynamoDb(), new StoreConfig(config.requestsTable(), config.auditTable()),
                        clock),
                constant(RulesFile.load(config.rulesFile())),
                new LinkTokens(signer(config, clients), clock, new SecureRandom()),
                Notifiers.forAws(approvals, clients::ses, id -> readSecret(clients.secretsManager(), id),
                        () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()),
                // Only SendTaskFailure(Cancelled) is used here, which needs no state machine ARN.
                new SfnWorkflow(clients.sfn(), config.stateMachineArn().orElse("")),
                approvals, metrics);
    }

    /** For jita local and tests: the same function on other collaborators. */
    public NotifyFunction(RequestStore store, Supplier<RuleBook> rules, LinkTokens links, Notifier notifier,
                          Workflow workflow, ApprovalsConfig config, Metrics metrics) {
        this.notify = new NotifyApprovers(store, rules, links, notifier, workflow, config);
        this.metrics = metrics;
    }

    /**
     * SnapStart priming: a twin on offline clients notifies for a request that does not exist, which warms the task
     * input parsing, the rule book, the DynamoDB read, KMS signing and the channels' construction. It sends
     * nothing: with no request found there is no one to notify. Nothing leaves the process.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        prime(System.getenv(), new Priming.Offline());
    }

    static void prime(Map<String, String> environment, Priming.Offline offline) {
        NotifyFunction twin = new NotifyFunction(environment, Clock.systemUTC(), offline, new InMemoryMetrics());
        Priming.step("notify", () -> twin.handleRequest(Map.of("requestId", Priming.REQUEST_ID,
                "taskToken", "priming"), null));
        // The request is not found, so mint one link directly (KMS GenerateMac, answered offline).
        Priming.step("GenerateMac", () -> new LinkTokens(signer(JitaConfig.fromEnvironment(environment), offline),
                Clock.systemUTC(), new SecureRandom()).mint(Priming.REQUEST_ID, "priming", "0".repeat(64),
                Duration.ofMinutes(5)));
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: no connection or credentials were made before the snapshot.
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        JsonNode payload = JSON.valueToTree(input);
        String requestId = TaskInputs.requestId(payload);
        String taskToken = payload.path("taskToken").asText(null);
        return LambdaInvocation.run(context, requestId, metrics, () -> answer(notify.notify(requestId, taskToken)));
    }

    private static Map<String, Object> answer(NotifyApprovers.Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestId", result.requestId());
        if (result instanceof NotifyApprovers.Notified n) {
            out.put("outcome", "NOTIFIED");
            out.put("approvers", n.approvers());
            out.put("unreached", n.unreached());
        } else if (result instanceof NotifyApprovers.NotPending p) {
            out.put("outcome", "NOT_PENDING");
            out.put("status", p.status().name());
        } else {
            out.put("outcome", result instanceof NotifyApprovers.AlreadyNotified ? "ALREADY_NOTIFIED" : "WAIT_RENEWED");
        }
        return out;
    }

    static KmsMacSigner signer(JitaConfig config, Clients clients) {
        return new KmsMacSigner(clients.kms(), config.linkKeyId().orElseThrow(() -> new IllegalStateException(
                "environment variable JITA_LINK_KEY_ID is not set; approval links are signed with that KMS HMAC key")),
                config.previousLinkKeyId());
    }

    /** Secrets Manager GetSecretValue: the secret's current string. Errors name the secret, never its value. */
    static String readSecret(AwsJson secrets, String secretId) {
        try {
            JsonNode answer = secrets.call("GetSecretValue",
                    JsonNodeFactory.instance.objectNode().put("SecretId", secretId));
            String value = answer.path("SecretString").asText(null);
            if (value == null) {
                throw new IllegalStateException("the secret " + secretId + " holds no string (a binary secret?);"
                        + " store the Slack webhooks as a JSON string");
            }
            return value;
        } catch (AwsCallException e) {
            throw new IllegalStateException("could not read the secret " + secretId + " (" + e.reason() + "); check"
                    + " that it exists and that the notify function may secretsmanager:GetSecretValue on it", e);
        }
    }

    private static Supplier<RuleBook> constant(RuleBook rules) {
        return () -> rules;
    }
}
