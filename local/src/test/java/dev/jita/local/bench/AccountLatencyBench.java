package dev.jita.local.bench;

import dev.jita.asl.EngineClock;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.Origin;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.grants.GrantService;
import dev.jita.iam.GrantPolicy;
import dev.jita.local.LocalJita;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Issue 13's measurement (not a test): the grant step into account B (through the STS stand-in and the cached
 * target-role credentials) against the same step in the jita account, in one jita local, interleaved request by
 * request so both see the same machine. Also the AssumeRole calls the STS stand-in answered. Run by hand with
 * {@code java -cp <local's test classpath> dev.jita.local.bench.AccountLatencyBench} from local/ (it reads
 * ../config/rules.yaml); {@code BENCH_ITERATIONS} and {@code BENCH_WARMUP} change the counts. The stand-in's
 * AssumeRole is in memory: this measures what jita adds per grant, not STS's own latency over the network.
 */
public final class AccountLatencyBench {
    private AccountLatencyBench() {
    }

    public static void main(String[] args) {
        int iterations = Integer.parseInt(System.getenv().getOrDefault("BENCH_ITERATIONS", "2000"));
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "500"));
        try (LocalJita jita = LocalJita.builder().clock(EngineClock.virtual(Instant.parse("2026-03-02T09:00:00Z")))
                .build()) {
            GrantService grants = jita.services().grants();
            // One grant at home first, so the first grant into B pays the AssumeRole, not the grant path's loading.
            long firstHome = grantOnce(jita, grants, LocalJita.ACCOUNT);
            long cold = grantOnce(jita, grants, LocalJita.ACCOUNT_B);
            int stsAfterFirst = jita.sts().calls();
            for (int i = 0; i < warmup; i++) {
                grantOnce(jita, grants, LocalJita.ACCOUNT);
                grantOnce(jita, grants, LocalJita.ACCOUNT_B);
            }
            long[] home = new long[iterations];
            long[] b = new long[iterations];
            int stsBefore = jita.sts().calls();
            for (int i = 0; i < iterations; i++) {
                // Alternate which goes first, so neither always follows the other's garbage.
                if (i % 2 == 0) {
                    home[i] = grantOnce(jita, grants, LocalJita.ACCOUNT);
                    b[i] = grantOnce(jita, grants, LocalJita.ACCOUNT_B);
                } else {
                    b[i] = grantOnce(jita, grants, LocalJita.ACCOUNT_B);
                    home[i] = grantOnce(jita, grants, LocalJita.ACCOUNT);
                }
            }
            int stsMeasured = jita.sts().calls() - stsBefore;
            System.out.printf("grant step, %d each, warm (after %d warm-up pairs), microseconds:%n", iterations,
                    warmup);
            System.out.printf("  jita account 111122223333: p50 %6.0f  p90 %6.0f  p99 %6.0f%n", p(home, 50),
                    p(home, 90), p(home, 99));
            System.out.printf("  account B    444455556666: p50 %6.0f  p90 %6.0f  p99 %6.0f%n", p(b, 50), p(b, 90),
                    p(b, 99));
            System.out.printf("  B / home at p50: %.2f; B - home at p50: %.0f us%n", p(b, 50) / p(home, 50),
                    p(b, 50) - p(home, 50));
            System.out.printf("first grant of the process (home): %d us; then the first grant into B (cold"
                    + " credentials cache, one AssumeRole): %d us%n", firstHome / 1000, cold / 1000);
            System.out.printf("AssumeRole calls: %d for the first grant, %d during %d warm grants into B%n",
                    stsAfterFirst, stsMeasured, iterations);
        }
    }

    /** One approved request of Engineer/bench in {@code account}, granted; returns the grant's nanoseconds. */
    private static long grantOnce(LocalJita jita, GrantService grants, String account) {
        RequestStore store = jita.store();
        Instant now = jita.clock().instant();
        String session = "bench";
        Requester requester = new Requester("arn:aws:sts::" + account + ":assumed-role/Engineer/" + session, account,
                "Engineer", session, jita.userId(account, "Engineer", session));
        boolean home = account.equals(LocalJita.ACCOUNT);
        AccessRequest request = new AccessRequest(UUID.randomUUID().toString(), requester,
                List.of(home ? "ec2:TerminateInstances" : "ec2:RebootInstances"),
                List.of("arn:aws:ec2:eu-west-1:" + account + ":instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Benchmark of the grant step across accounts", null, null,
                home ? "prod-ec2-terminate" : "prod-b-ec2-reboot", now);
        StoredRequest created = store.create(request, RequestHash.of(request),
                AuditEvents.requested(request, RequestHash.of(request), Origin.NONE));
        GrantWindow window = GrantWindow.fixedAt(now, request);
        store.apply(created, RequestUpdate.moveTo(Status.APPROVED).withWindow(window),
                AuditEvents.approved("bob", List.of("bob"), window, Origin.NONE));
        long start = System.nanoTime();
        grants.grant(request.requestId(), window);
        long took = System.nanoTime() - start;
        // Keep the role under IAM's 10,240 characters: take the policy off again (not measured).
        jita.localIam(account).deleteRolePolicy("Engineer", GrantPolicy.policyNameFor(request.requestId()));
        return took;
    }

    private static double p(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1000.0;
    }
}
