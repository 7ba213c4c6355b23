package dev.jita.infra.bench;

import com.sun.net.httpserver.HttpServer;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Cold start of the intake function from the shaded jar: a fresh JVM per run, from process start until its first
 * invocation (POST /requests, events/intake/create-ok.json) has answered, against DynamoDB Local on a loopback
 * port and a loopback stand-in for Step Functions' StartExecution. Median and spread of {@code bench.runs} runs
 * after one discarded run (file caches), without and then with the SnapStart priming hook (the handler's org.crac
 * {@code beforeCheckpoint}, called by the probe before the invocation as SnapStart would before the snapshot).
 * Reports the whole time and the first invocation alone: with SnapStart, construction and priming happen before
 * the snapshot, so the first invocation after a restore is what priming shortens. Not a test:
 * {@code mvn -B -pl infrastructure -Pbench verify}.
 */
public final class ColdStartBenchmark {
    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 10);
        Path root = Path.of("..").toAbsolutePath().normalize();
        Path jar = root.resolve("functions/target/lambda/jita-functions.jar");
        Path probeClasses = Path.of("target/test-classes").toAbsolutePath();
        Path event = root.resolve("events/intake/create-ok.json");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The functions jar " + jar + " is missing; build it with"
                    + " `mvn -B -pl functions -am package -DskipTests` first.");
        }

        int ddbPort = freePort();
        DynamoDBProxyServer ddb = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(ddbPort), "-disableTelemetry"});
        ddb.start();
        HttpServer sfn = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        sfn.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"executionArn\":\"arn:aws:states:eu-west-1:111122223333:execution:jita-approval:"
                    + UUID.randomUUID() + "\",\"startDate\":1.7E9}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        sfn.start();
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + ddbPort)).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            for (TableDef def : List.of(Tables.requests("requests"), Tables.audit("audit"),
                    Tables.idempotency("idempotency"))) {
                client.createTable(Tables.createTableRequest(def));
            }
        }

        Map<String, String> env = Map.ofEntries(
                Map.entry("AWS_REGION", "eu-west-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "local"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "local"),
                Map.entry("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:" + ddbPort),
                Map.entry("AWS_ENDPOINT_URL_SFN", "http://127.0.0.1:" + sfn.getAddress().getPort()),
                Map.entry("JITA_REQUESTS_TABLE", "requests"),
                Map.entry("JITA_AUDIT_TABLE", "audit"),
                Map.entry("JITA_IDEMPOTENCY_TABLE", "idempotency"),
                Map.entry("JITA_RULES_FILE", root.resolve("config/rules.yaml").toString()),
                Map.entry("JITA_ELIGIBLE_ROLE_PATH", "/jita/"),
                Map.entry("JITA_PUBLIC_BASE_URL", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"),
                Map.entry("JITA_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:111122223333:stateMachine:jita-approval"),
                Map.entry("JITA_MAX_PENDING", "1000"),
                Map.entry("POWERTOOLS_SERVICE_NAME", "intake"),
                Map.entry("POWERTOOLS_METRICS_NAMESPACE", "jita"),
                Map.entry("POWERTOOLS_LOG_LEVEL", "WARN"));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> report = new ArrayList<>();
        try {
            for (boolean prime : new boolean[] {false, true}) {
                String variant = prime ? "with priming" : "without priming";
                List<Double> totals = new ArrayList<>();
                List<Double> invokes = new ArrayList<>();
                List<Double> primes = new ArrayList<>();
                for (int run = 0; run <= runs; run++) {
                    String log = "target/cold-start-stderr-" + (prime ? "primed-" : "") + run + ".log";
                    List<String> command = new ArrayList<>(List.of(javaBin, "-XX:+UseSerialGC", "-Xshare:auto",
                            "-cp", jar + java.io.File.pathSeparator + probeClasses,
                            ColdStartProbe.class.getName(), event.toString(), UUID.randomUUID().toString()));
                    if (prime) {
                        command.add("prime");
                    }
                    ProcessBuilder pb = new ProcessBuilder(command)
                            .redirectError(ProcessBuilder.Redirect.to(Path.of(log).toFile()));
                    pb.environment().putAll(env);
                    long start = System.nanoTime();
                    Process process = pb.start();
                    String status;
                    String timings;
                    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        List<String> lines = out.lines().toList();
                        status = lines.stream().filter(l -> l.startsWith("status ")).findFirst().orElse("no answer");
                        timings = lines.stream().filter(l -> l.startsWith("timings ")).findFirst().orElse("");
                    }
                    double elapsed = (System.nanoTime() - start) / 1e6;
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly();
                        throw new IllegalStateException(variant + " run " + run + " did not end within 60 s");
                    }
                    if (!status.equals("status 202")) {
                        throw new IllegalStateException(variant + " run " + run + " answered '" + status + "', not 202;"
                                + " see " + log);
                    }
                    String[] t = timings.split(" ");
                    double primeMs = Double.parseDouble(t[4]);
                    double invokeMs = Double.parseDouble(t[6]);
                    if (run > 0) {
                        totals.add(elapsed);
                        invokes.add(invokeMs);
                        primes.add(primeMs);
                    }
                    System.out.printf("%s run %2d: %.0f ms to the answer (prime %.0f ms, first invocation %.0f ms)%s%n",
                            variant, run, elapsed, primeMs, invokeMs, run == 0 ? " (discarded)" : "");
                }
                report.add(String.format("%s: fresh JVM to first POST /requests answered %s; first invocation alone %s;"
                        + " priming %s (%d runs)", variant, summary(totals), summary(invokes), summary(primes),
                        totals.size()));
            }
        } finally {
            sfn.stop(0);
            ddb.stop();
        }
        report.forEach(System.out::println);
    }

    /** Median, min and max in ms. */
    private static String summary(List<Double> millis) {
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format("median %.0f ms (min %.0f, max %.0f) %s", median, sorted[0], sorted[sorted.length - 1],
                Arrays.toString(Arrays.stream(sorted).mapToLong(Math::round).toArray()));
    }

    private static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
