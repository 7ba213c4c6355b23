package dev.jita.infra.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jita.app.Clients;
import dev.jita.app.InMemoryMetrics;
import dev.jita.domain.GrantWindow;
import dev.jita.handlers.IntakeFunction;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import dev.jita.wiring.LambdaServices;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Cold start of the intake and grant functions from shaded jars: a fresh JVM per run, from process start until its
 * first invocation has answered, against DynamoDB Local on a loopback port and a loopback stand-in for Step
 * Functions (StartExecution) and IAM (GetRole, ListRolePolicies, PutRolePolicy). Intake answers
 * {@code POST /requests} (events/intake/create-ok.json, 202); grant grants a request that this process created
 * auto-approved just before (events/intake/create-auto-approved.json), so the grant does its real work: read the
 * request, GetRole, the size check, PutRolePolicy, ACTIVE in DynamoDB.
 *
 * <p>Each function is run {@code bench.runs} times after one discarded run (file caches), without and then with the
 * SnapStart priming hook (the handler's org.crac {@code beforeCheckpoint}, called by the probe before the invocation
 * as SnapStart would before the snapshot). Several jars ({@code bench.jars}: {@code label=path,...}) are compared
 * in one sitting: their runs alternate, so load on the machine falls on each alike. Reports the whole time and the
 * first invocation alone: with SnapStart, construction and priming happen before the snapshot, so the first
 * invocation after a restore is what priming shortens. Not a test: {@code mvn -B -pl infrastructure -Pbench verify}.
 */
public final class ColdStartBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "111122223333";
    private static final String AUDIT_KEY = "arn:aws:kms:eu-west-1:" + ACCOUNT + ":key/bench-audit";

    private ColdStartBenchmark() {
    }

    /** One jar under test. */
    private record Jar(String label, Path path) {
    }

    /** Figures of one function, priming mode and jar. */
    private record Series(List<Double> totals, List<Double> invokes, List<Double> primes) {
        Series() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 10);
        Path root = Path.of("..").toAbsolutePath().normalize();
        List<Jar> jars = jars(System.getProperty("bench.jars",
                "this=" + root.resolve("functions/target/lambda/jita-functions.jar")));
        List<String> functions = List.of(System.getProperty("bench.functions", "intake,grant").split(","));
        Path probeClasses = Path.of("target/test-classes").toAbsolutePath();
        Path work = Files.createDirectories(Path.of("target/cold-start"));

        int ddbPort = freePort();
        DynamoDBProxyServer ddb = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(ddbPort), "-disableTelemetry"});
        ddb.start();
        HttpServer aws = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        aws.createContext("/", ColdStartBenchmark::answer);
        aws.start();
        URI ddbUri = URI.create("http://127.0.0.1:" + ddbPort);
        URI awsUri = URI.create("http://127.0.0.1:" + aws.getAddress().getPort());

        Map<String, String> env = new LinkedHashMap<>(Map.ofEntries(
                Map.entry("AWS_REGION", "eu-west-1"),
                Map.entry("AWS_ACCESS_KEY_ID", "local"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "local"),
                Map.entry("AWS_ENDPOINT_URL_DYNAMODB", ddbUri.toString()),
                Map.entry("AWS_ENDPOINT_URL_SFN", awsUri.toString()),
                Map.entry("AWS_ENDPOINT_URL_IAM", awsUri.toString()),
                // Every audit entry is signed (issue 16): GenerateMac on the audit key, answered by the stand-in.
                Map.entry("AWS_ENDPOINT_URL_KMS", awsUri.toString()),
                Map.entry("JITA_AUDIT_KEY_ID", AUDIT_KEY),
                Map.entry("JITA_REQUESTS_TABLE", "requests"),
                Map.entry("JITA_AUDIT_TABLE", "audit"),
                Map.entry("JITA_IDEMPOTENCY_TABLE", "idempotency"),
                // A jar from before a rules-file change cannot read today's file: -Dbench.rules names another.
                Map.entry("JITA_RULES_FILE", System.getProperty("bench.rules",
                        root.resolve("config/rules.yaml").toString())),
                Map.entry("JITA_ELIGIBLE_ROLE_PATH", "/jita/"),
                Map.entry("JITA_HOME_ACCOUNT", ACCOUNT),
                Map.entry("JITA_PUBLIC_BASE_URL", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"),
                Map.entry("JITA_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:" + ACCOUNT + ":stateMachine:jita-approval"),
                Map.entry("JITA_MAX_PENDING", "100000"),
                Map.entry("JITA_MAX_GRANTS", "100000"),
                Map.entry("POWERTOOLS_METRICS_NAMESPACE", "jita"),
                Map.entry("POWERTOOLS_LOG_LEVEL", "WARN")));
        try (BenchClients clients = new BenchClients(ddbUri, awsUri)) {
            for (TableDef def : List.of(Tables.requests("requests"), Tables.audit("audit"),
                    Tables.idempotency("idempotency"))) {
                clients.dynamoDb().createTable(Tables.createTableRequest(def));
            }
            // Grant runs need an approved request each; this process's own intake creates them, auto-approved.
            IntakeFunction seeder = new IntakeFunction(LambdaServices.of(env, clients, new InMemoryMetrics(),
                    Clock.systemUTC()));
            String autoApproved = Files.readString(root.resolve("events/intake/create-auto-approved.json"));
            String create = root.resolve("events/intake/create-ok.json").toString();

            List<String> report = new ArrayList<>();
            for (String function : functions) {
                Map<String, String> functionEnv = new LinkedHashMap<>(env);
                functionEnv.put("POWERTOOLS_SERVICE_NAME", function);
                for (boolean prime : new boolean[] {false, true}) {
                    String variant = function + (prime ? " with priming" : " without priming");
                    Map<Jar, Series> series = new LinkedHashMap<>();
                    jars.forEach(jar -> series.put(jar, new Series()));
                    for (int run = 0; run <= runs; run++) {
                        for (Jar jar : jars) {
                            String id = UUID.randomUUID().toString();
                            String event = function.equals("intake") ? create
                                    : grantEvent(seeder, autoApproved, id, work).toString();
                            Path log = work.resolve(function + "-" + jar.label() + (prime ? "-primed-" : "-") + run
                                    + ".log");
                            double[] t = runOnce(jar, probeClasses, function, event, id, prime, functionEnv, log);
                            if (run > 0) {
                                series.get(jar).totals().add(t[0]);
                                series.get(jar).primes().add(t[1]);
                                series.get(jar).invokes().add(t[2]);
                            }
                            System.out.printf("%s, %s, run %2d: %.0f ms to the answer (prime %.0f ms, first"
                                    + " invocation %.0f ms)%s%n", variant, jar.label(), run, t[0], t[1], t[2],
                                    run == 0 ? " (discarded)" : "");
                        }
                    }
                    series.forEach((jar, s) -> report.add(String.format("%s, %s: fresh JVM to the answer %s;"
                            + " first invocation alone %s; priming %s (%d runs)", variant, jar.label(),
                            summary(s.totals()), summary(s.invokes()), summary(s.primes()), s.totals().size())));
                }
            }
            jars.forEach(jar -> report.add(String.format("%s: %s, %,d bytes", jar.label(), jar.path(),
                    jar.path().toFile().length())));
            report.forEach(System.out::println);
        } finally {
            aws.stop(0);
            ddb.stop();
        }
    }

    private static List<Jar> jars(String spec) {
        List<Jar> jars = new ArrayList<>();
        for (String entry : spec.split(",")) {
            int eq = entry.indexOf('=');
            Path path = Path.of(entry.substring(eq + 1)).toAbsolutePath().normalize();
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException("The functions jar " + path + " is missing; build it with"
                        + " `mvn -B -pl functions -am package -DskipTests` first.");
            }
            jars.add(new Jar(entry.substring(0, eq), path));
        }
        return jars;
    }

    /** Creates an auto-approved request through intake and writes the grant task's input for it. */
    private static Path grantEvent(IntakeFunction seeder, String autoApproved, String key, Path work)
            throws Exception {
        var response = seeder.handleRequest(ColdStartProbe.intakeEvent(autoApproved, key),
                new ColdStartProbe.ProbeContext(key, "jita-intake"));
        JsonNode body = JSON.readTree(response.getBody());
        String requestId = body.path("requestId").asText();
        if (response.getStatusCode() != 202
                || !Set.of("APPROVED", "SCHEDULED").contains(body.path("status").asText())) {
            throw new IllegalStateException("seeding a request for the grant answered " + response.getStatusCode()
                    + ": " + response.getBody());
        }
        GrantWindow window = new GrantWindow(Instant.parse(body.path("window").path("notBefore").asText()),
                Instant.parse(body.path("window").path("notAfter").asText()));
        Path event = work.resolve("grant-" + key + ".json");
        Files.writeString(event, JSON.writeValueAsString(Map.of("requestId", requestId, "window",
                Map.of("notBefore", window.notBefore().toString(), "notAfter", window.notAfter().toString()))));
        return event;
    }

    /** One fresh JVM: {total, prime, invoke} in ms. */
    private static double[] runOnce(Jar jar, Path probeClasses, String function, String event, String id,
                                    boolean prime, Map<String, String> env, Path log) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(javaBin, "-XX:+UseSerialGC", "-Xshare:auto",
                "-cp", jar.path() + java.io.File.pathSeparator + probeClasses,
                ColdStartProbe.class.getName(), function, event, id));
        if (prime) {
            command.add("prime");
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
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
            throw new IllegalStateException(function + " on " + jar.label() + " did not end within 60 s");
        }
        String expected = function.equals("intake") ? "status 202" : "status ACTIVE";
        if (!status.equals(expected)) {
            throw new IllegalStateException(function + " on " + jar.label() + " answered '" + status + "', not '"
                    + expected + "'; see " + log);
        }
        String[] t = timings.split(" ");
        return new double[] {elapsed, Double.parseDouble(t[4]), Double.parseDouble(t[6])};
    }

    /**
     * The loopback stand-in: Step Functions' StartExecution (JSON), KMS GenerateMac for the audit entries' MACs, and the
     * IAM calls a grant makes (Query/XML, in IAM's documented response shapes): the requester's role Engineer under
     * /jita/, with no inline policy yet.
     */
    private static void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String reply;
            if (target != null && target.startsWith("TrentService.")) {
                // KMS GenerateMac: a MAC of the right size; nothing verifies it here.
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                reply = "{\"KeyId\":\"" + AUDIT_KEY + "\",\"MacAlgorithm\":\"HMAC_SHA_256\",\"Mac\":\""
                        + java.util.Base64.getEncoder().encodeToString(new byte[32]) + "\"}";
            } else if (target != null) {
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
                reply = "{\"executionArn\":\"arn:aws:states:eu-west-1:" + ACCOUNT + ":execution:jita-approval:"
                        + UUID.randomUUID() + "\",\"startDate\":1.7E9}";
            } else {
                String action = body.replaceAll("^.*?Action=([A-Za-z]+).*$", "$1");
                String result = switch (action) {
                    case "GetRole" -> "<Role><Path>/jita/</Path><RoleName>Engineer</RoleName><RoleId>"
                            + "AROAEXAMPLEENGINEER1</RoleId><Arn>arn:aws:iam::" + ACCOUNT + ":role/jita/Engineer</Arn>"
                            + "<CreateDate>2026-01-01T00:00:00Z</CreateDate><AssumeRolePolicyDocument>%7B%7D"
                            + "</AssumeRolePolicyDocument></Role>";
                    case "ListRolePolicies" -> "<PolicyNames/><IsTruncated>false</IsTruncated>";
                    default -> "";
                };
                exchange.getResponseHeaders().add("Content-Type", "text/xml");
                reply = "<" + action + "Response xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><" + action
                        + "Result>" + result + "</" + action + "Result><ResponseMetadata><RequestId>bench</RequestId>"
                        + "</ResponseMetadata></" + action + "Response>";
            }
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
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

    /** The benchmark's own clients, for creating the tables and seeding requests through intake. */
    private static final class BenchClients implements Clients, AutoCloseable {
        private final URI aws;
        private final DynamoDbClient dynamoDb;
        private final SfnClient sfn;

        BenchClients(URI ddb, URI aws) {
            this.aws = aws;
            this.dynamoDb = build(DynamoDbClient.builder(), ddb);
            this.sfn = build(SfnClient.builder(), aws);
        }

        private static <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C build(B builder,
                                                                                                  URI endpoint) {
            return builder.endpointOverride(endpoint).region(Region.EU_WEST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create()).build();
        }

        @Override
        public DynamoDbClient dynamoDb() {
            return dynamoDb;
        }

        @Override
        public SfnClient sfn() {
            return sfn;
        }

        @Override
        public IamClient iam() {
            return build(IamClient.builder(), aws);
        }

        @Override
        public IamClient iam(software.amazon.awssdk.auth.credentials.AwsCredentialsProvider credentials) {
            throw new UnsupportedOperationException("intake assumes no target role");
        }

        @Override
        public KmsClient kms() {
            // The audit key's GenerateMac for the seeded requests' entries.
            return build(KmsClient.builder(), aws);
        }

        @Override
        public SesV2Client ses() {
            throw new UnsupportedOperationException("intake sends no e-mail");
        }

        @Override
        public SecretsManagerClient secretsManager() {
            throw new UnsupportedOperationException("intake reads no secret");
        }

        @Override
        public StsClient sts() {
            // Built with the wiring, never called: the seeded requests are all in the jita account.
            return build(StsClient.builder(), aws);
        }

        @Override
        public LambdaClient lambda() {
            throw new UnsupportedOperationException("the seeded requests are never revoked in another account");
        }

        @Override
        public software.amazon.awssdk.services.s3.S3Client s3() {
            throw new UnsupportedOperationException("intake's benchmark never verifies from the export");
        }

        @Override
        public void close() {
            dynamoDb.close();
            sfn.close();
        }
    }
}
