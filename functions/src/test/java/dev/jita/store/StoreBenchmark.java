package dev.jita.store;

import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditType;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.domain.Times;
import dev.jita.standins.TestAuditKey;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Cost of one status change with its audit entry ({@link RequestStore#apply}: one TransactWriteItems holding the
 * request's conditional update and the audit put) against one bare PutItem of the same total item size, in
 * one run, the operations interleaved so all see the same JIT, GC and machine load.
 *
 * <p>Run: {@code mvn -B -pl functions -Pbench verify} (the profile skips the tests and runs only this);
 * {@code -Dbench.warmup=2000 -Dbench.iterations=5000 -Dbench.httpIterations=2000} change the counts.
 *
 * <p>Two transports, both DynamoDB Local in this JVM: the embedded client (direct calls, the figure the target
 * is about) and the SDK over HTTP to a loopback ServerRunner (as a real client talks to DynamoDB). A third
 * operation, a TransactWriteItems holding only the bare put, shows what DynamoDB Local charges for any
 * transaction at all, whatever it holds. Not a test: it asserts nothing.
 */
public final class StoreBenchmark {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final double TARGET = 2.5;

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 2000);
        int iterations = Integer.getInteger("bench.iterations", 5000);
        int httpIterations = Integer.getInteger("bench.httpIterations", 2000);
        System.out.printf(Locale.ROOT, "%s %s, %d cores%n", System.getProperty("java.vm.name"),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        try {
            measure("embedded", DynamoLocal.client(), warmup, iterations);
            Loopback loopback = Loopback.start();
            try {
                measure("loopback HTTP", loopback.client(), warmup / 4, httpIterations);
            } finally {
                loopback.server().stop();
            }
        } finally {
            System.exit(0); // DynamoDB Local's threads would keep the JVM alive
        }
    }

    private static void measure(String transport, DynamoDbClient ddb, int warmup, int iterations) {
        StoreConfig config = DynamoLocal.freshTables(ddb);
        String bareTable = "bare-" + UUID.randomUUID().toString().substring(0, 8);
        ddb.createTable(Tables.createTableRequest(Tables.requests(bareTable)));
        RequestStore store = new RequestStore(ddb, config, CLOCK, TestAuditKey.SIGNER);
        int size = writtenSize(ddb, store, config);

        run(ddb, store, bareTable, size, warmup);
        long[][] t = run(ddb, store, bareTable, size, iterations);
        double changeP50 = percentileMs(t[0], 50);
        double changeP99 = percentileMs(t[0], 99);
        double putP50 = percentileMs(t[1], 50);
        double putP99 = percentileMs(t[1], 99);
        System.out.printf(Locale.ROOT, "%n[%s] %d iterations after %d warm-up; %d bytes written per operation%n",
                transport, iterations, warmup, size);
        System.out.printf(Locale.ROOT, "  status change + audit (TransactWriteItems) p50 %7.3f ms  p99 %7.3f ms%n",
                changeP50, changeP99);
        System.out.printf(Locale.ROOT, "  bare PutItem, same size                    p50 %7.3f ms  p99 %7.3f ms%n",
                putP50, putP99);
        System.out.printf(Locale.ROOT, "  TransactWriteItems of that one bare put    p50 %7.3f ms  p99 %7.3f ms%n",
                percentileMs(t[2], 50), percentileMs(t[2], 99));
        System.out.printf(Locale.ROOT, "  ratio change/put: p50 %.2f  p99 %.2f  (target p50 <= %.1f: %s)%n",
                changeP50 / putP50, changeP99 / putP99, TARGET, changeP50 / putP50 <= TARGET ? "met" : "NOT met");
    }

    /** Interleaves the operations so none gets a quieter stretch of the run. */
    private static long[][] run(DynamoDbClient ddb, RequestStore store, String bareTable, int size, int n) {
        long[] change = new long[n];
        long[] put = new long[n];
        long[] txPut = new long[n];
        for (int i = 0; i < n; i++) {
            StoredRequest pending = created(store);
            RequestUpdate approve = RequestUpdate.moveTo(Status.APPROVED).withWindow(window());
            AuditDraft approved = Fixtures.approver(AuditType.APPROVED, "bob").withDetail("comment", "approved");
            PutItemRequest bare = PutItemRequest.builder().tableName(bareTable).item(bareItem(size)).build();
            TransactWriteItemsRequest txOfBare = TransactWriteItemsRequest.builder().transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(bareTable).item(bareItem(size)).build())
                            .build()).build();

            long t0 = System.nanoTime();
            store.apply(pending, approve, approved);
            long t1 = System.nanoTime();
            ddb.putItem(bare);
            long t2 = System.nanoTime();
            ddb.transactWriteItems(txOfBare);
            long t3 = System.nanoTime();
            change[i] = t1 - t0;
            put[i] = t2 - t1;
            txPut[i] = t3 - t2;
        }
        return new long[][] {change, put, txPut};
    }

    private static StoredRequest created(RequestStore store) {
        AccessRequest r = Fixtures.request(Fixtures.requester("bench"), CLOCK.instant());
        return store.create(r, Fixtures.hashOf(r), Fixtures.requested(r));
    }

    private static GrantWindow window() {
        Instant now = CLOCK.instant();
        return new GrantWindow(now, now.plus(Duration.ofMinutes(30)));
    }

    /** What one status change leaves written: the updated request item plus the new audit entry. */
    private static int writtenSize(DynamoDbClient ddb, RequestStore store, StoreConfig config) {
        StoredRequest done = store.apply(created(store), RequestUpdate.moveTo(Status.APPROVED).withWindow(window()),
                Fixtures.approver(AuditType.APPROVED, "bob").withDetail("comment", "approved"));
        Map<String, AttributeValue> request = ddb.getItem(GetItemRequest.builder().tableName(config.requestsTable())
                .key(Map.of(RequestItems.REQUEST_ID, AttributeValue.fromS(done.requestId()))).build()).item();
        Map<String, AttributeValue> entry = ddb.getItem(GetItemRequest.builder().tableName(config.auditTable())
                .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(done.requestId()),
                        AuditItems.SEQ, AttributeValue.fromS(AuditItems.seqKey(2)))).build()).item();
        return size(request) + size(entry);
    }

    /** A request-shaped item padded to {@code bytes}, under a fresh key each time (a put, not an overwrite). */
    private static Map<String, AttributeValue> bareItem(int bytes) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(RequestItems.REQUEST_ID, AttributeValue.fromS(UUID.randomUUID().toString()));
        item.put(RequestItems.REQUESTER_ARN, AttributeValue.fromS(Fixtures.requester("bench").arn()));
        item.put(RequestItems.CREATED_AT, AttributeValue.fromS(Times.iso(CLOCK.instant())));
        int missing = bytes - size(item) - "padding".length();
        item.put("padding", AttributeValue.fromS("x".repeat(Math.max(0, missing))));
        return item;
    }

    /** DynamoDB's item size: attribute names plus values (strings by UTF-8 length, numbers roughly). */
    private static int size(Map<String, AttributeValue> item) {
        int total = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length + size(e.getValue());
        }
        return total;
    }

    private static int size(AttributeValue v) {
        return switch (v.type()) {
            case S -> v.s().getBytes(StandardCharsets.UTF_8).length;
            case N -> v.n().length() / 2 + 2;
            case BOOL, NUL -> 1;
            case M -> 3 + size(v.m());
            case L -> 3 + v.l().stream().mapToInt(StoreBenchmark::size).map(x -> x + 1).sum();
            default -> throw new IllegalArgumentException("unexpected attribute type " + v.type());
        };
    }

    private static double percentileMs(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1_000_000.0;
    }

    /** DynamoDB Local's HTTP server on a free loopback port, in this JVM. */
    private record Loopback(DynamoDBProxyServer server, int port) {
        static Loopback start() throws Exception {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = probe.getLocalPort();
            }
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
            server.start();
            return new Loopback(server, port);
        }

        DynamoDbClient client() {
            return DynamoDbClient.builder()
                    .endpointOverride(URI.create("http://127.0.0.1:" + port))
                    .region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
    }
}
