package dev.jita.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.jita.asl.EngineClock;
import dev.jita.local.LocalJita;
import dev.jita.store.Caps;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Issue 4's benchmark (not a test): warm in-process latency of the POST handlers against DynamoDB Local in process,
 * p50 and p99, each next to the bare DynamoDB calls the handler must make, measured in the same run, interleaved
 * call by call so both see the same machine. Run with {@code mvn -B -pl local -Pbench verify} (after installing
 * statemachine and functions); {@code BENCH_ITERATIONS} and {@code BENCH_WARMUP} change the counts.
 *
 * <p>POST /requests (IntakeFunction, a rule with approvers, no Idempotency-Key) must make two DynamoDB calls: the
 * pending-cap Query on the byRequester index (newest first, one page) and the TransactWriteItems that stores the request with its REQUESTED
 * entry. The bare side sends those two calls with items of the same shape and size as intake's (copied from a request
 * intake stored, with fresh keys). Each iteration is a new requester session, so both Queries read an empty
 * partition, as a requester without pending requests would.
 */
public final class PostLatencyBench {
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private PostLatencyBench() {
    }

    public static void main(String[] args) {
        int warmup = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "1000"));
        int iterations = Integer.parseInt(System.getenv().getOrDefault("BENCH_ITERATIONS", "3000"));
        // Thousands of pending requests of one role: counted as intake counts them, never refused.
        try (LocalJita jita = LocalJita.builder().clock(EngineClock.virtual(T0)).caps(Caps.NONE).build()) {
            List<String> report = new ArrayList<>();
            report.add(intake(jita, warmup, iterations));
            report.add(approval(jita, warmup, iterations));
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
                    .keyConditionExpression("#r = :r")
                    .expressionAttributeNames(Map.of("#r", requesterKey))
                    .expressionAttributeValues(Map.of(":r", AttributeValue.fromS(requester)))
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

    /**
     * POST /approvals/{token}, the deciding approval of a 1-of-N rule: ApprovalFunction must read the request (consistent GetItem), read the task token (GetItem) and
     * write the decision, the status and the window with APPROVAL_RECORDED + APPROVED (TransactWriteItems: one
     * conditional update, two puts). SendTaskSuccess goes to the in-process interpreter, not to DynamoDB.
     */
    private static String approval(LocalJita jita, int warmup, int iterations) {
        DynamoDbClient ddb = jita.dynamoDb();
        TableDef requests = Tables.requests(jita.storeConfig().requestsTable());
        TableDef audit = Tables.audit(jita.storeConfig().auditTable());
        String idKey = requests.partitionKey().name();
        int[] sessions = {0};
        java.util.function.Supplier<String> pending = () -> {
            String id = post(jita, createEvent(jita, "approve-" + sessions[0]++));
            jita.stepFunctions().runUntilIdle(); // the notify step: task token, links into the outbox
            return id;
        };
        java.util.function.Function<String, APIGatewayProxyRequestEvent> open = id -> {
            String token = jita.outbox().snapshot().stream()
                    .filter(e -> e.requestId().equals(id) && e.recipientId().equals("bob") && e.link().isPresent())
                    .findFirst().orElseThrow().link().orElseThrow().getPath().replaceAll(".*/", "");
            String page = jita.approvals().handleRequest(approvalEvent("get-confirm", token, null), null).getBody();
            Matcher csrf = CSRF_FIELD.matcher(page);
            if (!csrf.find()) {
                throw new IllegalStateException("no confirm page for request " + id);
            }
            return approvalEvent("post-approve", token, "decision=approve&comment=ok&csrf="
                    + URLEncoder.encode(csrf.group(1).replace("&amp;", "&"), StandardCharsets.UTF_8));
        };
        java.util.function.Consumer<APIGatewayProxyRequestEvent> decide = event -> {
            APIGatewayProxyResponseEvent response = jita.approvals().handleRequest(event, null);
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("the approval answered " + response.getStatusCode());
            }
        };

        String sample = pending.get();
        decide.accept(open.apply(sample));
        List<Map<String, AttributeValue>> sampleEntries = ddb.query(b -> b.tableName(audit.name())
                .keyConditionExpression("#id = :id").expressionAttributeNames(Map.of("#id", idKey))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(sample))).consistentRead(true)).items();
        List<Map<String, AttributeValue>> decisionEntries = sampleEntries.subList(sampleEntries.size() - 2,
                sampleEntries.size());
        Map<String, AttributeValue> sampleItem = ddb.getItem(b -> b.tableName(requests.name())
                .key(Map.of(idKey, AttributeValue.fromS(sample))).consistentRead(true)).item();

        String[] bareId = new String[1];
        Runnable bare = () -> {
            Map<String, AttributeValue> key = Map.of(idKey, AttributeValue.fromS(bareId[0]));
            Map<String, AttributeValue> item = ddb.getItem(b -> b.tableName(requests.name()).key(key)
                    .consistentRead(true).projectionExpression(VISIBLE_PROJECTION)
                    .expressionAttributeNames(VISIBLE_NAMES)).item();
            ddb.getItem(b -> b.tableName(requests.name()).key(key).consistentRead(true)
                    .projectionExpression("taskToken"));
            long version = Long.parseLong(item.get("version").n());
            long seq = Long.parseLong(item.get("auditSeq").n());
            Map<String, String> names = Map.of("#version", "version", "#auditSeq", "auditSeq", "#auditHead",
                    "auditHead", "#status", "status", "#approvals", "approvals", "#approver", "bob",
                    "#notBefore", "notBefore", "#notAfter", "notAfter");
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":expectedVersion", AttributeValue.fromN(Long.toString(version)));
            values.put(":nextVersion", AttributeValue.fromN(Long.toString(version + 1)));
            values.put(":expectedAuditSeq", AttributeValue.fromN(Long.toString(seq)));
            values.put(":auditSeq", AttributeValue.fromN(Long.toString(seq + 2)));
            values.put(":auditHead", sampleItem.get("auditHead"));
            values.put(":target", AttributeValue.fromS("APPROVED"));
            values.put(":from0", AttributeValue.fromS("PENDING_APPROVAL"));
            values.put(":pending", AttributeValue.fromS("PENDING_APPROVAL"));
            values.put(":approval", sampleItem.get("approvals").m().get("bob"));
            values.put(":notBefore", sampleItem.get("notBefore"));
            values.put(":notAfter", sampleItem.get("notAfter"));
            List<TransactWriteItem> writes = new ArrayList<>();
            writes.add(TransactWriteItem.builder().update(Update.builder().tableName(requests.name()).key(key)
                    .updateExpression("SET #version = :nextVersion, #auditSeq = :auditSeq, #auditHead = :auditHead,"
                            + " #status = :target, #approvals.#approver = :approval, #notBefore = :notBefore,"
                            + " #notAfter = :notAfter")
                    .conditionExpression("#version = :expectedVersion AND #auditSeq = :expectedAuditSeq AND #status"
                            + " IN (:from0) AND #status = :pending AND attribute_not_exists(#approvals.#approver)")
                    .expressionAttributeNames(names).expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build())
                    .build());
            for (Map<String, AttributeValue> entry : decisionEntries) {
                Map<String, AttributeValue> copy = new HashMap<>(entry);
                copy.put(idKey, AttributeValue.fromS(bareId[0]));
                writes.add(put(audit.name(), copy, idKey));
            }
            ddb.transactWriteItems(TransactWriteItemsRequest.builder().transactItems(writes).build());
        };

        long[][] times = measure(warmup, iterations, () -> {
            bareId[0] = pending.get();
            return open.apply(pending.get());
        }, decide, bare);
        return line("ApprovalFunction POST /approvals", "2 GetItem + TransactWriteItems (update + 2 puts)", times);
    }

    /** The attributes every API-facing read asks for: all but the task token (RequestItems.VISIBLE). */
    private static final List<String> VISIBLE = List.of("requestId", "requesterArn", "requesterAccountId",
            "requesterRoleName", "requesterSessionName", "requesterUserId", "actions", "resources", "duration",
            "justification", "ticket", "startAt", "ruleId", "createdAt", "requestHash", "status", "version",
            "approvals", "notBefore", "notAfter", "grant", "incidentId", "auditSeq", "auditHead");
    private static final Map<String, String> VISIBLE_NAMES = new HashMap<>();
    private static final String VISIBLE_PROJECTION;

    static {
        List<String> placeholders = new ArrayList<>();
        for (int i = 0; i < VISIBLE.size(); i++) {
            VISIBLE_NAMES.put("#p" + i, VISIBLE.get(i));
            placeholders.add("#p" + i);
        }
        VISIBLE_PROJECTION = String.join(", ", placeholders);
    }

    private static APIGatewayProxyRequestEvent approvalEvent(String sample, String token, String body) {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("../events/approvals/" + sample
                + ".json");
        event.setPathParameters(Map.of("token", token));
        event.setPath("/approvals/" + token);
        if (body != null) {
            event.setBody(body);
            event.setIsBase64Encoded(false);
        }
        return event;
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
