package dev.jita.store;

import dev.jita.audit.AuditEvents;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.standins.TestAuditKey;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The storage floor under issue 5's load target: only the DynamoDB calls that one auto-approved request makes in
 * its whole life under {@code jita local} (the same embedded DynamoDB Local), through jita's own RequestStore, with
 * no HTTP, no workflow, no IAM and no handler code around them. Each thread runs lifecycles back to back:
 *
 * <ol>
 *   <li>intake: create it approved (request SCHEDULED + REQUESTED + APPROVED, one transaction);</li>
 *   <li>grant: read the request, move it to ACTIVE + GRANTED;</li>
 *   <li>revoke when the window ends: read it, move it to EXPIRED + EXPIRED entry.</li>
 * </ol>
 *
 * <p>That is also the least any design can do that audits each step in the write that makes it: three writes
 * (created, granted, ended) and the two reads that grant and revoke need to act on the stored request rather than
 * on what the workflow passes them.
 *
 * <p>Reports lifecycles per second and the CPU one lifecycle costs this process. Whatever the rest of jita does,
 * the whole system cannot serve more requests per second than this, nor spend less CPU on each.
 *
 * <p>Run: {@code mvn -B -pl functions -Pbench verify} (after StoreBenchmark); {@code -Dbench.threads=2,4,16}
 * and {@code -Dbench.seconds=15} change the load. Not a test: it asserts nothing.
 */
public final class LifecycleStorageBench {

    private static final Clock CLOCK = Clock.systemUTC();

    private LifecycleStorageBench() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 15);
        String threadCounts = System.getProperty("bench.threads", "2,16");
        System.out.printf(Locale.ROOT, "%s %s, %d cores; embedded DynamoDB Local as jita local runs it%n",
                System.getProperty("java.vm.name"), System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        try {
            DynamoDbClient ddb = DynamoLocal.client();
            RequestStore store = new RequestStore(ddb, DynamoLocal.freshTables(ddb), CLOCK, TestAuditKey.SIGNER);
            run(store, 2, 5, "warm-up");
            for (String t : threadCounts.split(",")) {
                run(store, Integer.parseInt(t.trim()), seconds, "measured");
            }
        } finally {
            System.exit(0); // DynamoDB Local's threads would keep the JVM alive
        }
    }

    private static void run(RequestStore store, int threads, int seconds, String phase) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long cpu0 = processCpuNanos();
        long wall0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                int done = 0;
                while (System.nanoTime() < end) {
                    lifecycle(store, "bench-" + phase + "-" + thread + "-" + done);
                    done++;
                }
                return done;
            }));
        }
        int lifecycles = 0;
        for (Future<Integer> f : futures) {
            lifecycles += f.get();
        }
        pool.shutdown();
        double wall = (System.nanoTime() - wall0) / 1e9;
        double cpuMs = (processCpuNanos() - cpu0) / 1e6;
        System.out.printf(Locale.ROOT, "%s, %2d threads: %d lifecycles in %.1f s = %.1f per second; CPU %.2f ms per"
                        + " lifecycle (%.2f of %d cores busy)%n", phase, threads, lifecycles, wall, lifecycles / wall,
                cpuMs / lifecycles, cpuMs / 1000 / wall, Runtime.getRuntime().availableProcessors());
    }

    /** The storage calls of one auto-approved request, in the order jita makes them. */
    private static void lifecycle(RequestStore store, String session) {
        AccessRequest r = Fixtures.request(Fixtures.requester(session), CLOCK.instant().truncatedTo(ChronoUnit.MILLIS));
        GrantWindow window = GrantWindow.fixedAt(r.createdAt(), r);
        String policy = "jita-" + r.requestId();
        store.createApproved(r, Fixtures.hashOf(r), Fixtures.requested(r), window,
                AuditEvents.autoApproved(r, window));

        StoredRequest scheduled = store.get(r.requestId());
        store.apply(scheduled, RequestUpdate.moveTo(Status.ACTIVE).withGrant(Map.of(
                        StoredRequest.GRANT_ROLE, "Bench", StoredRequest.GRANT_POLICY_NAME, policy)),
                AuditEvents.granted("Bench", policy, window));

        StoredRequest active = store.get(r.requestId());
        store.apply(active, RequestUpdate.moveTo(Status.EXPIRED), AuditEvents.expired("Bench", policy, true));
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }
}
