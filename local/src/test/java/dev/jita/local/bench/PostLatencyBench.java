package dev.jita.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.jita.asl.EngineClock;
import dev.jita.local.LocalJita;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Issue 4's benchmark (not a test): warm in-process latency of the POST handlers against DynamoDB Local in process,
 * p50 and p99, each next to the bare DynamoDB calls the handler must make, measured in the same run, interleaved
 * call by call so both see the same machine. Run with {@code mvn -B -pl local -Pbench verify} (after installing
 * statemachine and functions); {@code BENCH_ITERATIONS} and {@code BENCH_WARMUP} change the counts.
 *
 * <p>POST /requests (IntakeFunction, a rule with approvers, no Idempotency-Key) must make two DynamoDB calls: the
 * pending-cap Query on the byRequester index and the TransactWriteItems that stores the request with its REQUESTED
 * entry. The bare side sends those two calls with items of the same shape and size as intake's (copied from a request
 * intake stored, with fresh keys). Each iteration is a new requester session, so both Queries read an empty
 * partition, as a requester without pending requests would.
 */
public final class PostLatencyBench {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private PostLatencyBench() {
    }

    public static void main(String[] args) {
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "1000"));
        int iterations = Integer.parseInt(System.getenv().getOrDefault("BENCH_ITERATIONS", "3000"));
        try (LocalJita jita = LocalJita.builder().clock(EngineClock.virtual(T0)).build()) {
            List<String> report = new ArrayList<>();
            report.add(intake(jita, warmup, iterations));
            System.out.println();
            System.out.println("jita POST latency, in process, DynamoDB Local in process, " + iterations
                    + " measured calls each after " + warmup + " warm-up calls (" + Runtime.getRuntime()
                    .availableProcessors() + " CPUs)");
            report.forEach(System.out::println);
        }
    }

    private static String intake(LocalJita jita, int warmup, int iterations) {
        DynamoDbClient ddb = jita.dynamoDb();
        TableDef requests = Tables.requests(jita.storeConfig().requestsTable());
        TableDef audit = Tables.audit(jita.storeConfig().auditTable());
        String idKey = requests.partitionKey().name();
        String requesterKey = requests.indexes().stream()
                .filter(i -> i.name().equals(Tables.REQUESTS_BY_REQUESTER)).findFirst().orElseThrow()
                .partitionKey().name();

        IntFunction<APIGatewayProxyRequestEvent> event = i -> createEvent(jita, "bench-" + i);
        String sampleId = post(jita, event.apply(-1));
        Map<String, AttributeValue> requestItem = ddb.getItem(b -> b.tableName(requests.name())
                .key(Map.of(idKey, AttributeValue.fromS(sampleId))).consistentRead(true)).item();
        Map<String, AttributeValue> auditItem = ddb.query(b -> b.tableName(audit.name())
                .keyConditionExpression("#id = :id").expressionAttributeNames(Map.of("#id", idKey))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(sampleId)))).items().get(0);

        Runnable[] bare = new Runnable[1];
        int[] n = {0};
        bare[0] = () -> {
            int i = n[0]++;
            String id = "r-bare" + String.format(Locale.ROOT, "%020d", i);
            String requester = "arn:aws:sts::111122223333:assumed-role/Engineer/bare-" + i;
            ddb.query(QueryRequest.builder().tableName(requests.name()).indexName(Tables.REQUESTS_BY_REQUESTER)
                    .keyConditionExpression("#r = :r").filterExpression("#s = :s")
                    .expressionAttributeNames(Map.of("#r", requesterKey, "#s", "status"))
                    .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(requester),
                            ":s", AttributeValue.fromS("PENDING_APPROVAL")))
                    .scanIndexForward(false).limit(100).build());
            Map<String, AttributeValue> item = new HashMap<>(requestItem);
            item.put(idKey, AttributeValue.fromS(id));
            item.put(requesterKey, AttributeValue.fromS(requester));
            Map<String, AttributeValue> entry = new HashMap<>(auditItem);
            entry.put(idKey, AttributeValue.fromS(id));
            ddb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(
                    put(requests.name(), item, idKey), put(audit.name(), entry, idKey)).build());
        };

        int[] m = {0};
        long[][] times = measure(warmup, iterations, () -> event.apply(m[0]++), e -> post(jita, e), bare[0]);
        return line("IntakeFunction POST /requests", "Query byRequester + TransactWriteItems (2 puts)", times);
    }

    private static TransactWriteItem put(String table, Map<String, AttributeValue> item, String idKey) {
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                .conditionExpression("attribute_not_exists(#id)").expressionAttributeNames(Map.of("#id", idKey))
                .build()).build();
    }

    /** Interleaved: prepare (untimed), the handler call (timed), the bare calls (timed). */
    private static <E> long[][] measure(int warmup, int iterations, java.util.function.Supplier<E> prepare,
                                        java.util.function.Consumer<E> call, Runnable bare) {
        long[] handler = new long[iterations];
        long[] raw = new long[iterations];
        for (int i = 0; i < warmup + iterations; i++) {
            E input = prepare.get();
            long t0 = System.nanoTime();
            call.accept(input);
            long t1 = System.nanoTime();
            bare.run();
            long t2 = System.nanoTime();
            if (i >= warmup) {
                handler[i - warmup] = t1 - t0;
                raw[i - warmup] = t2 - t1;
            }
        }
        return new long[][] {handler, raw};
    }

    private static String line(String what, String bareWhat, long[][] times) {
        double hp50 = percentile(times[0], 50);
        double hp99 = percentile(times[0], 99);
        double bp50 = percentile(times[1], 50);
        double bp99 = percentile(times[1], 99);
        return String.format(Locale.ROOT, "%-32s p50 %6.3f ms  p99 %6.3f ms | bare (%s) p50 %6.3f ms  p99 %6.3f ms"
                        + " | ratio p50 %.2f  p99 %.2f",
                what, hp50, hp99, bareWhat, bp50, bp99, hp50 / bp50, hp99 / bp99);
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static APIGatewayProxyRequestEvent createEvent(LocalJita jita, String session) {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("../events/intake/create-ok.json");
        APIGatewayProxyRequestEvent.RequestIdentity identity = event.getRequestContext().getIdentity();
        identity.setUserArn("arn:aws:sts::" + LocalJita.ACCOUNT + ":assumed-role/Engineer/" + session);
        identity.setCaller(jita.userId("Engineer", session));
        identity.setUser(jita.userId("Engineer", session));
        return event;
    }

    private static String post(LocalJita jita, APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = jita.intake().handleRequest(event, null);
        if (response.getStatusCode() != 202) {
            throw new IllegalStateException("POST /requests answered " + response.getStatusCode() + ": "
                    + response.getBody());
        }
        String body = response.getBody();
        int at = body.indexOf("\"requestId\":\"") + 13;
        return body.substring(at, body.indexOf('"', at));
    }
}
