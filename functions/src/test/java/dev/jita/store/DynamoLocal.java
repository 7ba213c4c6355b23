package dev.jita.store;

import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * One in-process DynamoDB Local per test JVM (it takes seconds to start), and fresh tables, built from the
 * same {@link Tables} declarations production uses, for every test that asks.
 */
public final class DynamoLocal {

    private static final class Holder {
        static final AmazonDynamoDBLocal LOCAL = DynamoDBEmbedded.create();
        static final DynamoDbClient CLIENT = LOCAL.dynamoDbClient();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(LOCAL::shutdown, "dynamodb-local-shutdown"));
        }
    }

    private DynamoLocal() {
    }

    public static DynamoDbClient client() {
        return Holder.CLIENT;
    }

    /** New, empty requests and audit tables with names no other test uses. */
    public static StoreConfig freshTables() {
        return freshTables(client());
    }

    /** The same, on another DynamoDB (the benchmark's loopback server). */
    public static StoreConfig freshTables(DynamoDbClient ddb) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        StoreConfig config = new StoreConfig("requests-" + suffix, "audit-" + suffix);
        ddb.createTable(Tables.createTableRequest(Tables.requests(config.requestsTable())));
        ddb.createTable(Tables.createTableRequest(Tables.audit(config.auditTable())));
        return config;
    }

    public static String freshIdempotencyTable() {
        String name = "idempotency-" + UUID.randomUUID().toString().substring(0, 8);
        create(Tables.idempotency(name));
        return name;
    }

    private static void create(TableDef def) {
        // No TTL: DynamoDB Local deletes expired items by the real clock, and the tests' clocks stand still in the
        // past, so it would delete what a test just wrote. The stores check expiry themselves.
        client().createTable(Tables.createTableRequest(def));
    }
}
