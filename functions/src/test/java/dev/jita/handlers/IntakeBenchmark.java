package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.jita.app.InMemoryMetrics;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.grant.LocalIam;
import dev.jita.lifecycle.RevokeService;
import dev.jita.requests.Pause;
import dev.jita.requests.RequestAudit;
import dev.jita.store.AuditLog;
import dev.jita.store.IdempotencyStore;
import dev.jita.store.Origin;
import dev.jita.store.RequestStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * Not a test: warm in-process latency of IntakeFunction's POST /requests (with an Idempotency-Key) on DynamoDB Local,
 * against the bare DynamoDB calls that route must make (idempotency claim, pending-count query on the requester
 * index, request + audit transaction), made through the store classes in the same run, interleaved.
 * Run: {@code java -cp <test classpath> dev.jita.handlers.IntakeBenchmark [warmup] [measured]}.
 */
public final class IntakeBenchmark {

    public static void main(String[] args) {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int measured = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
        RuleBook rules = RuleBook.load(Path.of("..", "config", "rules.yaml"));
        Clock clock = Clock.systemUTC();
        LocalTables tables = LocalTables.fresh();
        RequestStore store = new RequestStore(LocalTables.client(), tables.store, clock);
        IdempotencyStore idempotency =
                new IdempotencyStore(LocalTables.client(), tables.idempotency, clock, Duration.ofHours(24));
        InMemoryMetrics metrics = new InMemoryMetrics();
        IntakeFunction intake = new IntakeFunction(rules, store, new AuditLog(LocalTables.client(), tables.store),
                idempotency, new RecordingWorkflowNoRecord(),
                IntakeFunction.revoker(new RevokeService(store, new LocalIam("111122223333", new Random(1)), metrics)),
                metrics, clock, 5, Pause.NONE);
        APIGatewayProxyRequestEvent template = EventLoader.loadApiGatewayRestEvent("../events/intake/create-ok.json");

        long[] intakeNanos = new long[measured];
        long[] bareNanos = new long[measured];
        for (int i = 0; i < warmup + measured; i++) {
            String session = "u" + i;
            APIGatewayProxyRequestEvent e = as(template, session, UUID.randomUUID().toString());
            long t0 = System.nanoTime();
            int status = intake.handleRequest(e, null).getStatusCode();
            long t1 = System.nanoTime();
            if (status != 202) {
                throw new IllegalStateException("intake answered " + status);
            }
            long t2 = System.nanoTime();
            bare(store, idempotency, clock, "b" + i);
            long t3 = System.nanoTime();
            if (i >= warmup) {
                intakeNanos[i - warmup] = t1 - t0;
                bareNanos[i - warmup] = t3 - t2;
            }
        }
        Arrays.sort(intakeNanos);
        Arrays.sort(bareNanos);
        report("p50", intakeNanos, bareNanos, 0.50);
        report("p99", intakeNanos, bareNanos, 0.99);
        System.exit(0);
    }

    /** The DynamoDB calls POST /requests cannot avoid, with nothing around them. */
    private static void bare(RequestStore store, IdempotencyStore idempotency, Clock clock, String session) {
        Requester who = new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/" + session, "111122223333",
                "Engineer", session, "AROAEXAMPLEENGINEER1:" + session);
        String id = "r-" + UUID.randomUUID().toString().replace("-", "").substring(0, 26);
        idempotency.claim(who.arn(), UUID.randomUUID().toString(), "0".repeat(64), id);
        store.byRequester(who.arn(), Optional.empty(), 100, null);
        AccessRequest r = new AccessRequest(id, who, List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Terminate the wedged batch host, see OPS-1234", "OPS-1234", null, "prod-ec2-terminate",
                clock.instant());
        store.create(r, RequestHash.of(r), RequestAudit.requested(r, new Origin("203.0.113.7", "bench")));
    }

    private static APIGatewayProxyRequestEvent as(APIGatewayProxyRequestEvent template, String session, String key) {
        APIGatewayProxyRequestEvent e = EventLoader.loadApiGatewayRestEvent("../events/intake/create-ok.json");
        e.getRequestContext().getIdentity().setUserArn("arn:aws:sts::111122223333:assumed-role/Engineer/" + session);
        e.getRequestContext().getIdentity().setCaller("AROAEXAMPLEENGINEER1:" + session);
        Map<String, List<String>> headers = new HashMap<>(template.getMultiValueHeaders());
        headers.put("Idempotency-Key", List.of(key));
        return e.withMultiValueHeaders(headers);
    }

    private static void report(String label, long[] intake, long[] bare, double q) {
        double a = intake[(int) Math.min(intake.length - 1, Math.floor(q * intake.length))] / 1e6;
        double b = bare[(int) Math.min(bare.length - 1, Math.floor(q * bare.length))] / 1e6;
        System.out.printf("%s intake POST /requests %.3f ms, bare DynamoDB calls %.3f ms, ratio %.2f (n=%d)%n",
                label, a, b, a / b, intake.length);
    }

    /** Starts succeed and nothing is kept: the benchmark measures intake, not a growing map. */
    private static final class RecordingWorkflowNoRecord implements dev.jita.workflow.Workflow {
        @Override
        public void start(dev.jita.workflow.WorkflowInput input) {
            input.toJson();
        }

        @Override
        public void approved(String taskToken, dev.jita.domain.GrantWindow window) {
        }

        @Override
        public void rejected(String taskToken, String error, String cause) {
        }
    }

    private IntakeBenchmark() {
    }
}
