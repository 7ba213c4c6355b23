package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import dev.jita.app.Clients;
import dev.jita.app.InMemoryMetrics;
import dev.jita.audit.ActorKind;
import dev.jita.audit.Origin;
import dev.jita.grants.RevokeNowCall;
import dev.jita.iam.AssumedTargets;
import dev.jita.iam.AwsIamGateway;
import dev.jita.iam.StsRoleAssumer;
import dev.jita.iam.TargetAccounts;
import dev.jita.iam.TargetConfig;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import dev.jita.workflow.WorkflowInput;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SnapStart priming (the handlers' org.crac {@code beforeCheckpoint}): the composition root is built through the
 * Lambda wiring on {@link OfflineClients}, the function's handler on it, and the handler answers the sample events
 * of {@link #TABLE}, so that the snapshot holds loaded and initialised classes (Jackson, the SDK's DynamoDB
 * marshalling and SigV4 signing, jita's routes, pages and policies) and JIT profiles of the hot path. The samples
 * name a request that does not exist, so each function also makes directly the AWS calls its hot path would make
 * next, in the home account, and the path into a target account (STS AssumeRole, then IAM on the assumed
 * credentials, the second ask served from the cache). Offline clients answer in-process: no connection is opened, no credentials are resolved, no AWS resource
 * is touched, and the metrics stay in memory.
 */
final class Priming {
    private static final Logger LOG = LoggerFactory.getLogger(Priming.class);
    /** Well-formed (RequestIds) but never issued: r- and 26 base32 characters. */
    static final String REQUEST_ID = "r-primingprimingprimingpri";
    private static final String WINDOW_START = "2026-01-01T09:00:00Z";
    private static final String WINDOW_END = "2026-01-01T10:00:00Z";
    /** A well-formed create request; whether a rule allows it does not matter for priming. */
    private static final String CREATE = "{\"actions\": [\"ec2:RebootInstances\"], \"resources\":"
            + " [\"arn:aws:ec2:us-east-1:000000000000:instance/i-0123456789abcdef0\"], \"durationMinutes\": 30,"
            + " \"justification\": \"SnapStart priming, never stored\"}";

    /** One function's priming: how to build its handler, its sample events, the AWS calls beyond them. */
    private record Samples(Function<JitaServices, RequestHandler<?, ?>> handler,
                           Function<JitaServices, List<Object>> events, List<Step> calls) {
    }

    /** One direct call on the root's services, by name (for the log). */
    private record Step(String name, java.util.function.Consumer<JitaServices> call) {
    }

    /** A target account of priming's own, so the STS path is primed whatever the function's configuration. */
    private static final String PRIMING_TARGET = "000000000001";

    private static final Map<String, Samples> TABLE = Map.of(
            "intake", new Samples(IntakeFunction::new, s -> List.of(
                    apiEvent("POST", "/requests", "/requests", null, CREATE),
                    apiEvent("GET", "/requests/{id}", "/requests/" + REQUEST_ID, Map.of("id", REQUEST_ID), null),
                    apiEvent("GET", "/requests", "/requests", null, null)),
                    // The sample create is refused by the rules (no rule names the priming role): start directly.
                    List.of(new Step("StartExecution", s -> s.adapters().workflow().start(
                                    new WorkflowInput(REQUEST_ID, false, Duration.ofHours(1), null))),
                            // Early revoke in another account: Invoke of the revoke function, where it is configured.
                            new Step("Invoke", s -> s.adapters().revokeFunction().ifPresent(revoker ->
                                    revoker.revokeNow(new RevokeNowCall(REQUEST_ID, "priming", ActorKind.REQUESTER,
                                            Origin.NONE, null)))))),
            "approval", new Samples(ApprovalFunction::new, s -> {
                String token = s.links().mint(REQUEST_ID, "priming", "0".repeat(64), Duration.ofMinutes(5)).token();
                Map<String, String> path = Map.of("token", token);
                return List.of(apiEvent("GET", "/approvals/{token}", "/approvals/" + token, path, null),
                        apiEvent("HEAD", "/approvals/{token}", "/approvals/" + token, path, null),
                        apiEvent("POST", "/approvals/{token}", "/approvals/" + token, path,
                                "decision=approve&csrf=priming"));
            }, List.of()),
            "notify", new Samples(NotifyFunction::new,
                    s -> List.of(Map.of("requestId", REQUEST_ID, "taskToken", "priming")),
                    // The request is not found, so mint one link directly (KMS GenerateMac).
                    List.of(new Step("GenerateMac", s -> s.links().mint(REQUEST_ID, "priming", "0".repeat(64),
                            Duration.ofMinutes(5))))),
            "grant", new Samples(GrantFunction::new, s -> List.of(Map.of("requestId", REQUEST_ID,
                    "window", Map.of("notBefore", WINDOW_START, "notAfter", WINDOW_END))),
                    List.of(new Step("GetRole", s -> s.adapters().targets().home().getRole("priming")),
                            new Step("PutRolePolicy", s -> s.adapters().targets().home().putRolePolicy("priming",
                                    "jita-priming", "{}")),
                            new Step("ListRolePolicies", s -> s.adapters().targets().home()
                                    .listRolePolicies("priming")))),
            "revoke", new Samples(RevokeFunction::new,
                    s -> List.of(Map.of("requestId", REQUEST_ID, "outcome", "EXPIRED")),
                    List.of(new Step("DeleteRolePolicy", s -> s.adapters().targets().home()
                            .deleteRolePolicyIfPresent("priming", "jita-priming")))));

    /** The functions that reach target accounts, and so prime the STS path. */
    private static final java.util.Set<String> ASSUMING = java.util.Set.of("grant", "revoke");

    /** The functions that serve GET /audit/verify, and so prime VerifyMac on the audit key. */
    private static final java.util.Set<String> VERIFYING = java.util.Set.of("intake");

    private Priming() {
    }


    /** Primes {@code function} as its beforeCheckpoint does, on this environment and these offline clients. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void prime(String function, Map<String, String> environment, OfflineClients offline) {
        Samples samples = TABLE.get(function);
        if (samples == null) {
            throw new IllegalArgumentException("no priming samples for function " + function + "; add them to the"
                    + " table in Priming");
        }
        JitaServices services = LambdaServices.of(environment, offline, new InMemoryMetrics(), Clock.systemUTC());
        RequestHandler handler = samples.handler().apply(services);
        step(function + " events", () -> {
            for (Object event : samples.events().apply(services)) {
                step(function + " event", () -> handler.handleRequest(event, null));
            }
        });
        for (Step call : samples.calls()) {
            step(call.name(), () -> call.call().accept(services));
        }
        if (ASSUMING.contains(function)) {
            step("AssumeRole", () -> primeTargetAccount(offline));
        }
        // Every function here appends audit entries, each signed with the audit key; intake also verifies them.
        byte[] sample = "0".repeat(64).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        step("GenerateMac on the audit key", () -> services.adapters().auditSigner()
                .sign(services.adapters().auditSigner().currentKid(), sample));
        if (VERIFYING.contains(function)) {
            step("VerifyMac on the audit key", () -> services.adapters().auditSigner()
                    .verify(services.adapters().auditSigner().currentKid(), sample, new byte[32]));
        }
    }

    /**
     * The target-account path as the Lambda wiring builds it (LambdaServices), on priming's own accounts: one
     * AssumeRole, an IAM client on its credentials, one IAM call there, then the cache answering the second ask.
     */
    private static void primeTargetAccount(Clients offline) {
        TargetConfig accounts = new TargetConfig("000000000000", List.of(PRIMING_TARGET), "jita-target",
                "/jita-system/", "aws");
        TargetAccounts targets = new AssumedTargets(accounts, new AwsIamGateway(offline.iam()),
                new StsRoleAssumer(offline.sts(), offline::iam, accounts), Clock.systemUTC());
        targets.in(PRIMING_TARGET, REQUEST_ID);
        step("GetRole in a target account", () -> targets.in(PRIMING_TARGET, REQUEST_ID).getRole("priming"));
    }

    /** Runs one priming step; its failure is expected (offline answers are empty) and must not fail the snapshot. */
    private static void step(String what, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException | LinkageError expected) {
            LOG.debug("priming step {} ended with {}", what, expected.toString());
        }
    }

    /** An API Gateway proxy event as the REST API sends it, with an IAM-authenticated caller. */
    static APIGatewayProxyRequestEvent apiEvent(String method, String resource, String path,
                                                Map<String, String> pathParameters, String body) {
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method).withResource(resource).withPath(path)
                .withPathParameters(pathParameters)
                .withHeaders(Map.of("Content-Type", body == null || body.startsWith("{") ? "application/json"
                                : "application/x-www-form-urlencoded",
                        "Accept", "application/json", "User-Agent", "jita-priming"))
                .withMultiValueHeaders(Map.of())
                .withBody(body).withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("priming").withAccountId("000000000000").withStage("prime")
                        .withHttpMethod(method).withResourcePath(resource)
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity()
                                .withAccountId("000000000000").withSourceIp("192.0.2.1").withUserAgent("jita-priming")
                                .withCaller("AROAPRIMINGPRIMING0000:priming")
                                .withUser("AROAPRIMINGPRIMING0000:priming")
                                .withUserArn("arn:aws:sts::000000000000:assumed-role/priming/priming")));
    }
}
