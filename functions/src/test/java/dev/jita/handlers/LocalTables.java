package dev.jita.handlers;

import dev.jita.store.StoreConfig;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * In-process DynamoDB Local, started once per test JVM, and fresh tables built from the production declarations
 * ({@link Tables}), as the store's own tests do (their helper is package-private to dev.jita.store).
 */
final class LocalTables {
    private static final class Holder {
        static final AmazonDynamoDBLocal LOCAL = DynamoDBEmbedded.create();
        static final DynamoDbClient CLIENT = LOCAL.dynamoDbClient();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(LOCAL::shutdown, "dynamodb-local-shutdown"));
        }
    }

    final StoreConfig store;
    final String idempotency;

    private LocalTables(StoreConfig store, String idempotency) {
        this.store = store;
        this.idempotency = idempotency;
    }

    static DynamoDbClient client() {
        return Holder.CLIENT;
    }

    static LocalTables fresh() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        StoreConfig store = new StoreConfig("requests-" + suffix, "audit-" + suffix);
        create(Tables.requests(store.requestsTable()));
        create(Tables.audit(store.auditTable()));
        create(Tables.idempotency("idempotency-" + suffix));
        return new LocalTables(store, "idempotency-" + suffix);
    }

    private static void create(TableDef def) {
        client().createTable(Tables.createTableRequest(def));
        Tables.timeToLiveRequest(def).ifPresent(client()::updateTimeToLive);
    }
}
