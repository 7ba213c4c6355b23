package dev.jita.local.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.local.JitaProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The load benchmark of issue 5 (not a test): {@code ./jita local} started as a process, concurrent clients (each request
 * from a session of its own, so the pending cap never interferes) creating auto-approved requests over HTTP for a
 * while. Reports POST /requests per second and its p50/p99, and p50/p99 of the time from sending the POST to the
 * grant (GRANTED in the request's audit timeline, which is when it became ACTIVE).
 *
 * <p>Time runs {@code BENCH_TIME_SCALE} (60) times faster so that each 1-minute grant ends after a second: IAM allows
 * 10,240 characters of inline policies per role (about 27 grants at once), so at 200 grants a second over the 16
 * roles of load-bench-rules.yaml, real-time windows would fill every role within seconds. Audit times are then in jita's scaled time; they are mapped back to the wall clock by
 * the offset that every request's REQUESTED time pins down (it lies between that POST's send and its answer), and
 * the report gives that mapping's uncertainty.
 *
 * <p>Run: {@code mvn -B -pl local -am -Ploadbench -DskipTests verify}. Environment: BENCH_CLIENTS (16),
 * BENCH_SECONDS (20, measured), BENCH_WARMUP_SECONDS (10), BENCH_TIME_SCALE (60).
 */
public final class LoadBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ROLE = "arn:aws:sts::111122223333:assumed-role/Bench";
    /** The roles of load-bench-rules.yaml. */
    private static final int ROLES = 16;

    private LoadBench() {
    }

    /** One POST /requests as the client saw it; wall-clock instants in microseconds. */
    record Sample(String principal, String requestId, int status, long sentMicros, long answeredMicros, long nanos) {
    }

    /**
     * The principal of client {@code client}'s {@code n}-th request: a fresh session each time, a crowd of
     * engineers rather than one session with thousands of recent requests (whose pending-cap read, its recent
     * requests page by page, would grow with every request and measure that instead); the roles taken in turn, so
     * that no role holds more grants at once than IAM's inline policy size allows.
     */
    static String principal(int client, String phase, int n) {
        return ROLE + ((client + n) % ROLES) + "/c" + client + "-" + phase + n;
    }

    public static void main(String[] args) throws Exception {
        int clients = env("BENCH_CLIENTS", 16);
        int seconds = env("BENCH_SECONDS", 20);
        int warmup = env("BENCH_WARMUP_SECONDS", 10);
        int scale = env("BENCH_TIME_SCALE", 60);
        Path rules = Path.of("src/test/resources/load-bench-rules.yaml").toAbsolutePath();
        try (JitaProcess jita = JitaProcess.start("load-bench", "--port", "0", "--time-scale",
                String.valueOf(scale), "--rules", rules.toString())) {
            URI base = jita.awaitReady(Duration.ofSeconds(120));
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            System.out.printf("jita local at %s (pid %d), %d clients, %d s warm-up, %d s measured, time x%d, %d CPUs%n",
                    base, jita.pid(), clients, warmup, seconds, scale, Runtime.getRuntime().availableProcessors());

            run(http, base, clients, warmup, "w");
            ProcessHandle server = ProcessHandle.of(jita.pid()).orElseThrow();
            Duration serverCpu0 = server.info().totalCpuDuration().orElse(Duration.ZERO);
            long clientCpu0 = clientCpuNanos();
            List<Sample> samples = run(http, base, clients, seconds, "m");
            Duration serverCpu = server.info().totalCpuDuration().orElse(Duration.ZERO).minus(serverCpu0);
            long clientCpu = clientCpuNanos() - clientCpu0;

            List<Sample> ok = samples.stream().filter(s -> s.status() == 202).toList();
            Map<Integer, Integer> statuses = new TreeMap<>();
            samples.forEach(s -> statuses.merge(s.status(), 1, Integer::sum));
            List<Long> latencies = new ArrayList<>(ok.stream().map(Sample::nanos).toList());
            Collections.sort(latencies);
            System.out.printf("POST /requests: %d sent, answers %s, %.1f per second%n", samples.size(), statuses,
                    ok.size() / (double) seconds);
            System.out.printf("POST /requests latency: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    ms(pct(latencies, 50)), ms(pct(latencies, 90)), ms(pct(latencies, 99)),
                    ms(latencies.get(latencies.size() - 1)));
            System.out.printf(Locale.ROOT, "CPU while measured: jita local %.1f s (%.1f ms per request), this load"
                            + " client %.1f s, of %d s x %d CPUs%n", serverCpu.toMillis() / 1000.0,
                    serverCpu.toMillis() / (double) Math.max(1, samples.size()), clientCpu / 1e9, seconds,
                    Runtime.getRuntime().availableProcessors());
            toActive(http, base, ok, scale);
            System.out.println("jita local's own log: local/target/process-logs/load-bench.out");
        }
    }

    /** Every client POSTs one request after another for {@code seconds}. */
    private static List<Sample> run(HttpClient http, URI base, int clients, int seconds, String phase)
            throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Future<List<Sample>>> futures = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            futures.add(pool.submit(() -> {
                List<Sample> mine = new ArrayList<>();
                for (int n = 0; System.nanoTime() < end; n++) {
                    mine.add(post(http, base, client, phase, n));
                }
                return mine;
            }));
        }
        List<Sample> all = new ArrayList<>();
        for (Future<List<Sample>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        return all;
    }

    private static Sample post(HttpClient http, URI base, int client, String phase, int n) throws IOException,
            InterruptedException {
        String body = "{\"actions\":[\"s3:GetObject\"],\"resources\":[\"arn:aws:s3:::example-prod-reports/c" + client
                + "-" + phase + n + ".csv\"],\"durationMinutes\":1,\"justification\":\"load benchmark request\"}";
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/requests"))
                .header("X-Jita-Principal", principal(client, phase, n))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long sent = micros(Instant.now());
        long t0 = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - t0;
        long answered = micros(Instant.now());
        String id = response.statusCode() == 202 ? JSON.readTree(response.body()).get("requestId").asText() : null;
        return new Sample(principal(client, phase, n), id, response.statusCode(), sent, answered, nanos);
    }

    /**
     * Reads each request's timeline once the load is over and reports the time from sending its POST to GRANTED.
     * jita's clock runs {@code scale} times faster from an origin this side does not know: wall = offset +
     * jitaTime / scale, and each request's REQUESTED time bounds the offset by its POST's send and answer.
     */
    private static void toActive(HttpClient http, URI base, List<Sample> ok, int scale) throws Exception {
        record Timeline(Sample sample, String status, long requestedMicros, long grantedMicros) {
        }
        List<Timeline> timelines = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(120);
        for (Sample s : ok) {
            while (true) {
                HttpRequest get = HttpRequest.newBuilder(base.resolve("/requests/" + s.requestId()))
                        .header("X-Jita-Principal", s.principal()).GET().build();
                JsonNode detail = JSON.readTree(http.send(get, HttpResponse.BodyHandlers.ofString()).body());
                long requested = -1;
                long granted = -1;
                for (JsonNode e : detail.get("timeline")) {
                    long at = micros(Instant.parse(e.get("at").asText()));
                    switch (e.get("type").asText()) {
                        case "REQUESTED" -> requested = at;
                        case "GRANTED" -> granted = at;
                        default -> { }
                    }
                }
                String status = detail.get("status").asText();
                boolean settled = granted >= 0 || status.equals("FAILED");
                if (settled || Instant.now().isAfter(deadline)) {
                    timelines.add(new Timeline(s, status, requested, granted));
                    break;
                }
                Thread.sleep(20);
            }
        }
        double low = Double.NEGATIVE_INFINITY;
        double high = Double.POSITIVE_INFINITY;
        for (Timeline t : timelines) {
            double jitaWall = t.requestedMicros() / (double) scale;
            low = Math.max(low, t.sample().sentMicros() - jitaWall);
            high = Math.min(high, t.sample().answeredMicros() - jitaWall);
        }
        double offset = (low + high) / 2;
        List<Long> toActive = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (Timeline t : timelines) {
            statuses.merge(t.status(), 1, Integer::sum);
            if (t.grantedMicros() >= 0) {
                double grantedWall = offset + t.grantedMicros() / (double) scale;
                toActive.add(Math.round((grantedWall - t.sample().sentMicros()) * 1000));
            }
        }
        Collections.sort(toActive);
        System.out.printf("statuses after the run: %s (%d of %d granted)%n", statuses, toActive.size(),
                timelines.size());
        if (!toActive.isEmpty()) {
            System.out.printf(Locale.ROOT, "POST sent -> ACTIVE (GRANTED): p50 %.1f ms, p90 %.1f ms, p99 %.1f ms,"
                            + " max %.1f ms (clock mapping uncertain by ±%.2f ms)%n", ms(pct(toActive, 50)),
                    ms(pct(toActive, 90)), ms(pct(toActive, 99)), ms(toActive.get(toActive.size() - 1)),
                    (high - low) / 2000);
        }
    }

    private static long clientCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    private static long pct(List<Long> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    private static int env(String name, int fallback) {
        return Integer.parseInt(System.getenv().getOrDefault(name, String.valueOf(fallback)));
    }
}
