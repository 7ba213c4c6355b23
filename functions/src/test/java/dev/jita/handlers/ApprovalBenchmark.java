package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.jita.app.InMemoryMetrics;
import dev.jita.approvals.ApprovalAudit;
import dev.jita.approvals.ApprovalWorld;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.links.CsrfTokens;
import dev.jita.links.LinkTokens;
import dev.jita.links.LocalHmacSigner;
import dev.jita.links.SignedLink;
import dev.jita.store.Approval;
import dev.jita.store.AuditDraft;
import dev.jita.store.Decision;
import dev.jita.store.DynamoLocal;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.Workflow;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Not a test: warm in-process latency of ApprovalFunction's POST /approvals/{token} (the deciding approval of a
 * 1-of-N request, the heaviest POST) on DynamoDB Local, against the bare DynamoDB calls that POST must make (read
 * the request, read the task token, the decision + status + two audit entries transaction), made through the store
 * in the same run, interleaved. Setting up each request (create, token) is outside both timings.
 * Run: {@code java -cp <test classpath> dev.jita.handlers.ApprovalBenchmark [warmup] [measured]} from functions/.
 */
public final class ApprovalBenchmark {

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        RuleBook rules = RuleBook.load(Path.of("..", "config", "rules.yaml"));
        Clock clock = Clock.systemUTC();
        StoreConfig tables = DynamoLocal.freshTables();
        RequestStore store = new RequestStore(DynamoLocal.client(), tables, clock);
        LocalHmacSigner signer = LocalHmacSigner.openOrCreate(
                Files.createTempDirectory("jita-bench").resolve("link.key"));
        LinkTokens links = new LinkTokens(signer, clock, new SecureRandom());
        CsrfTokens csrf = new CsrfTokens(signer);
        ApprovalFunction function = new ApprovalFunction(store, () -> rules, signer, new NoWorkflow(),
                new InMemoryMetrics(), clock);

        long[] postNanos = new long[measured];
        long[] bareNanos = new long[measured];
        for (int i = 0; i < warmup + measured; i++) {
            StoredRequest forFunction = pending(store, clock);
            SignedLink link = links.mint(forFunction.requestId(), "bob", forFunction.requestHash(), Duration.ofMinutes(45));
            APIGatewayProxyRequestEvent event = post(link.token(), csrf.issue(link.payload()));
            StoredRequest forBare = pending(store, clock);

            long t0 = System.nanoTime();
            int status = function.handleRequest(event, null).getStatusCode();
            long t1 = System.nanoTime();
            if (status != 200) {
                throw new IllegalStateException("the approval function answered " + status);
            }
            long t2 = System.nanoTime();
            bare(store, clock, forBare.requestId());
            long t3 = System.nanoTime();
            if (i >= warmup) {
                postNanos[i - warmup] = t1 - t0;
                bareNanos[i - warmup] = t3 - t2;
            }
        }
        Arrays.sort(postNanos);
        Arrays.sort(bareNanos);
        report("p50", postNanos, bareNanos, 0.50);
        report("p99", postNanos, bareNanos, 0.99);
        System.exit(0);
    }

    /** A notified EC2 request by dave, as the POST finds it. */
    private static StoredRequest pending(RequestStore store, Clock clock) {
        AccessRequest r = new AccessRequest(UUID.randomUUID().toString(), ApprovalWorld.engineer("dave"),
                List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Terminate the wedged batch host, INC-4711", "INC-4711", null, ApprovalWorld.EC2_RULE,
                clock.instant());
        StoredRequest created = store.create(r, RequestHash.of(r),
                AuditDraft.of(dev.jita.store.AuditType.REQUESTED, r.requester().arn(),
                        dev.jita.store.ActorKind.REQUESTER, dev.jita.store.Outcome.SUCCESS));
        return store.apply(created, RequestUpdate.taskTokenOnly(ApprovalWorld.taskToken()),
                ApprovalAudit.notified(List.of("alice", "bob", "carol"), List.of()));
    }

    /** The DynamoDB calls the deciding POST cannot avoid, with nothing around them. */
    private static void bare(RequestStore store, Clock clock, String requestId) {
        StoredRequest current = store.get(requestId);
        store.taskToken(requestId).orElseThrow();
        Instant now = clock.instant();
        GrantWindow window = GrantWindow.fixedAt(now, current.request());
        store.apply(current, RequestUpdate.decision("bob", new Approval(Decision.APPROVE, now, null))
                        .withTarget(Status.APPROVED).withWindow(window),
                List.of(ApprovalAudit.approvalRecorded("bob", null, ApprovalWorld.BROWSER),
                        ApprovalAudit.approved("bob", List.of("bob"), window, ApprovalWorld.BROWSER)));
    }

    private static APIGatewayProxyRequestEvent post(String token, String csrf) {
        APIGatewayProxyRequestEvent e = EventLoader.loadApiGatewayRestEvent("../events/approvals/post-approve.json");
        e.setPath("/approvals/" + token);
        e.setPathParameters(Map.of("token", token));
        e.setBody(e.getBody().replace("REPLACE_WITH_CSRF", URLEncoder.encode(csrf, StandardCharsets.UTF_8)));
        return e;
    }

    private static void report(String label, long[] post, long[] bare, double q) {
        double a = post[(int) Math.min(post.length - 1, Math.floor(q * post.length))] / 1e6;
        double b = bare[(int) Math.min(bare.length - 1, Math.floor(q * bare.length))] / 1e6;
        System.out.printf("%s approval POST /approvals/{token} %.3f ms, bare DynamoDB calls %.3f ms, ratio %.2f (n=%d)%n",
                label, a, b, a / b, post.length);
    }

    /** The workflow answers at once: the benchmark measures the function, not Step Functions. */
    private static final class NoWorkflow implements Workflow {
        @Override
        public void start(dev.jita.workflow.WorkflowInput input) {
        }

        @Override
        public void approved(String taskToken, GrantWindow window) {
        }

        @Override
        public void rejected(String taskToken, String error, String cause) {
        }
    }

    private ApprovalBenchmark() {
    }
}
