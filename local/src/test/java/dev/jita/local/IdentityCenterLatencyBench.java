package dev.jita.local;

import dev.jita.asl.EngineClock;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.domain.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 14's measurement (not a test): how much later an Identity Center user's request turns ACTIVE than an IAM
 * role's, through the real approval.asl.json and handlers on jita local's virtual clock, for several provisioning
 * delays of the Identity Center stand-in. Both kinds are auto-approved (rules of its own), so the window starts at
 * the request. Reports, per kind and delay, the jita time from REQUESTED to GRANTED (what the user waits: the
 * stand-in's delay plus the workflow's polling), the state transitions of the whole execution, and the wall-clock
 * time the machine spends running the workflow from the stored request to ACTIVE (what jita itself adds). IAM and Identity Center requests alternate, so both see the same machine. Run by hand from local/
 * (it reads ../config/rules.yaml): {@code java -cp <local's test classpath> dev.jita.local.IdentityCenterLatencyBench};
 * {@code BENCH_ITERATIONS} (default 40) changes the count.
 */
public final class IdentityCenterLatencyBench {
    private static final String BODY = """
            {"actions": ["ec2:RebootInstances"],
             "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"],
             "durationMinutes": 30, "justification": "Reboot the wedged batch host"}""";

    private IdentityCenterLatencyBench() {
    }

    /** Both kinds auto-approved, so the measurement starts at the request and has no approval page in it. */
    private static final String RULES = """
            version: 1
            defaults: { maxDuration: PT1H, approvalTimeout: PT30M }
            rules:
              - id: bench-iam
                actions: [ec2:RebootInstances]
                resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                autoApprove: { always: true }
              - id: bench-identity-center
                actions: [ec2:RebootInstances]
                resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                requesters: ["identity-center:permission-set/Developer"]
                accounts: ["111122223333"]
                autoApprove: { always: true }
            """;

    public static void main(String[] args) throws IOException {
        Path rules = Files.createTempFile("jita-bench-rules", ".yaml");
        Files.writeString(rules, RULES);
        int iterations = Integer.parseInt(System.getenv().getOrDefault("BENCH_ITERATIONS", "40"));
        for (Duration delay : List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30),
                Duration.ofSeconds(60))) {
            try (Desk desk = new Desk(LocalJita.builder().clock(EngineClock.virtual(Desk.T0)).rulesFile(rules)
                    .build())) {
                desk.jita.identityCenter().setProvisioningDelay(delay);
                long[] iamWall = new long[iterations];
                long[] ssoWall = new long[iterations];
                double[] iamJita = new double[iterations];
                double[] ssoJita = new double[iterations];
                long iamTransitions = 0;
                long ssoTransitions = 0;
                long ssoLooks = 0;
                for (int i = -5; i < iterations; i++) { // five warm-up pairs
                    Run iam = run(desk, false);
                    Run sso = run(desk, true);
                    if (i >= 0) {
                        iamWall[i] = iam.wallNanos;
                        ssoWall[i] = sso.wallNanos;
                        iamJita[i] = iam.jitaSeconds;
                        ssoJita[i] = sso.jitaSeconds;
                        iamTransitions = iam.transitions;
                        ssoTransitions = sso.transitions;
                        ssoLooks = sso.statusLooks;
                    }
                }
                System.out.printf("provisioning delay %s, %d requests each:%n", delay, iterations);
                System.out.printf("  request -> GRANTED, jita time: IAM %.2f s, Identity Center %.2f s (median)%n",
                        median(iamJita), median(ssoJita));
                System.out.printf("  states entered by the execution: IAM %d, Identity Center %d, of which"
                        + " AwaitProvisioning looked %d times (each retry is one more transition on AWS's bill)%n",
                        iamTransitions, ssoTransitions, ssoLooks);
                System.out.printf("  wall clock request stored -> ACTIVE: IAM p50 %.1f ms p90 %.1f ms, Identity Center p50"
                                + " %.1f ms p90 %.1f ms (%.2fx at p50)%n", p(iamWall, 50), p(iamWall, 90),
                        p(ssoWall, 50), p(ssoWall, 90), p(ssoWall, 50) / p(iamWall, 50));
            }
        }
    }

    private record Run(long wallNanos, double jitaSeconds, long transitions, long statusLooks) {
    }

    private static Run run(Desk desk, boolean identityCenter) {
        Api.Answer answer = identityCenter
                ? desk.api.send("create-ok", LocalJita.ACCOUNT, LocalJita.ssoRoleName("Developer"), LocalJita.SSO_USER,
                        null, BODY, true)
                : desk.api.send("create-ok", LocalJita.ACCOUNT, "Engineer", "bench", null, BODY, true);
        if (answer.status() != 202) {
            throw new IllegalStateException(answer.body().toString());
        }
        String id = answer.body().get("requestId").asText();
        long looksBefore = looks(desk);
        long start = System.nanoTime();
        desk.runUntil(id, Status.ACTIVE);
        long wall = System.nanoTime() - start;
        desk.finish(id);
        List<AuditEntry> trail = desk.jita.auditLog().entries(id);
        Instant approved = at(trail, AuditType.REQUESTED);
        Instant granted = at(trail, AuditType.GRANTED);
        return new Run(wall, Duration.between(approved, granted).toMillis() / 1000.0, desk.stateTransitions(id),
                looks(desk) - looksBefore);
    }

    /** AwaitProvisioning's looks at Identity Center so far: each is one attempt of that state (a retry after the first). */
    private static long looks(Desk desk) {
        return desk.jita.identityCenter().calls().stream()
                .filter("DescribeAccountAssignmentCreationStatus"::equals).count();
    }

    private static Instant at(List<AuditEntry> trail, AuditType type) {
        return trail.stream().filter(e -> e.type() == type).findFirst().orElseThrow().at();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static double p(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(percentile / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
