package dev.jita.store;

import dev.jita.store.TableDef.Index;
import dev.jita.store.TableDef.Key;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/** The one declaration of jita's tables; attribute names used as keys live here too. */
public final class Tables {

    /** Requests by requester, newest first: requesterArn + createdAt. */
    public static final String REQUESTS_BY_REQUESTER = "byRequester";
    /** Requests by status and end of window: the sweeper's query. Sparse: only items with a window. */
    public static final String REQUESTS_BY_STATUS = "byStatusNotAfter";
    /**
     * Requests by status and creation time, oldest first: the sweeper's query for requests of any status, those
     * without a window (PENDING_APPROVAL) included.
     */
    public static final String REQUESTS_BY_STATUS_CREATED = "byStatusCreatedAt";
    /** Audit entries by UTC day of {@code at}, sorted by at#requestId#seq. */
    public static final String AUDIT_BY_DAY = "byDay";

    /** The incidents table's partition key and TTL attribute. */
    public static final String INCIDENT_KEY = "incidentKey";
    public static final String INCIDENT_EXPIRES_AT = "expiresAt";

    private Tables() {
    }

    public static TableDef requests(String name) {
        return new TableDef(name, Key.string(RequestItems.REQUEST_ID), null, List.of(
                new Index(REQUESTS_BY_REQUESTER,
                        Key.string(RequestItems.REQUESTER_ARN), Key.string(RequestItems.CREATED_AT)),
                new Index(REQUESTS_BY_STATUS,
                        Key.string(RequestItems.STATUS), Key.string(RequestItems.NOT_AFTER)),
                new Index(REQUESTS_BY_STATUS_CREATED,
                        Key.string(RequestItems.STATUS), Key.string(RequestItems.CREATED_AT))), null);
    }

    public static TableDef audit(String name) {
        return new TableDef(name, Key.string(AuditItems.REQUEST_ID), Key.string(AuditItems.SEQ), List.of(
                new Index(AUDIT_BY_DAY, Key.string(AuditItems.DAY), Key.string(AuditItems.DAY_KEY))), null);
    }

    /**
     * Incident records (dev.jita.incidents.IncidentRecords): one item per incident, keyed {@code <source>:<id>},
     * holding its last status and the event ids already handled. Expires 30 days after its last event.
     */
    public static TableDef incidents(String name) {
        return new TableDef(name, Key.string(INCIDENT_KEY), null, List.of(), INCIDENT_EXPIRES_AT);
    }

    public static TableDef idempotency(String name) {
        return new TableDef(name, Key.string(IdempotencyStore.KEY), null, List.of(), IdempotencyStore.EXPIRES_AT);
    }

    /**
     * On-demand table as the definition describes it; for tests and {@code jita local}. TTL is a separate call
     * ({@link #timeToLiveRequest}); DynamoDB Local accepts it but never deletes anything.
     */
    public static CreateTableRequest createTableRequest(TableDef def) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(def.partitionKey().name()).keyType(KeyType.HASH).build());
        def.sortKeyIfAny().ifPresent(sk ->
                keys.add(KeySchemaElement.builder().attributeName(sk.name()).keyType(KeyType.RANGE).build()));
        CreateTableRequest.Builder table = CreateTableRequest.builder()
                .tableName(def.name())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys)
                .attributeDefinitions(def.keyAttributes().stream()
                        .map(k -> AttributeDefinition.builder()
                                .attributeName(k.name()).attributeType(k.type().code()).build())
                        .toList());
        if (!def.indexes().isEmpty()) {
            table.globalSecondaryIndexes(def.indexes().stream().map(Tables::gsi).toList());
        }
        return table.build();
    }

    /**
     * The UpdateTable calls that add the indexes {@code def} declares and {@code existing} lacks, one index each (as
     * DynamoDB requires): a table kept by jita local's --data-dir from an older version, whose data is kept.
     */
    public static List<UpdateTableRequest> missingIndexes(TableDef def, TableDescription existing) {
        Set<String> present = new HashSet<>();
        if (existing.hasGlobalSecondaryIndexes()) {
            existing.globalSecondaryIndexes().forEach(i -> present.add(i.indexName()));
        }
        CreateTableRequest wanted = createTableRequest(def);
        List<UpdateTableRequest> updates = new ArrayList<>();
        for (GlobalSecondaryIndex index : wanted.globalSecondaryIndexes()) {
            if (present.contains(index.indexName())) {
                continue;
            }
            updates.add(UpdateTableRequest.builder()
                    .tableName(def.name())
                    .attributeDefinitions(wanted.attributeDefinitions())
                    .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder()
                            .create(CreateGlobalSecondaryIndexAction.builder()
                                    .indexName(index.indexName())
                                    .keySchema(index.keySchema())
                                    .projection(index.projection())
                                    .build())
                            .build())
                    .build());
        }
        return updates;
    }

    public static Optional<UpdateTimeToLiveRequest> timeToLiveRequest(TableDef def) {
        return def.timeToLiveIfAny().map(attribute -> UpdateTimeToLiveRequest.builder()
                .tableName(def.name())
                .timeToLiveSpecification(TimeToLiveSpecification.builder()
                        .attributeName(attribute).enabled(true).build())
                .build());
    }

    private static GlobalSecondaryIndex gsi(Index index) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder()
                .attributeName(index.partitionKey().name()).keyType(KeyType.HASH).build());
        if (index.sortKey() != null) {
            keys.add(KeySchemaElement.builder()
                    .attributeName(index.sortKey().name()).keyType(KeyType.RANGE).build());
        }
        return GlobalSecondaryIndex.builder()
                .indexName(index.name())
                .keySchema(keys)
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
