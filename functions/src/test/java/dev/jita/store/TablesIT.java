package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jita.domain.AccessRequest;
import dev.jita.domain.Status;
import dev.jita.standins.TestAuditKey;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Tables on DynamoDB Local: a requests table kept from an older jita (jita local's --data-dir) gains its new index. */
class TablesIT {

    @Test
    void missingIndexes_shouldAddTheIndexAnOlderRequestsTableLacks_overTheItemsItHolds() {
        DynamoDbClient ddb = DynamoLocal.client();
        StoreConfig config = new StoreConfig("requests-" + UUID.randomUUID().toString().substring(0, 8),
                "audit-" + UUID.randomUUID().toString().substring(0, 8));
        TableDef current = Tables.requests(config.requestsTable());
        TableDef older = new TableDef(current.name(), current.partitionKey(), current.sortKey(),
                current.indexes().stream().filter(i -> !i.name().equals(Tables.REQUESTS_BY_STATUS_CREATED)).toList(),
                null);
        ddb.createTable(Tables.createTableRequest(older));
        ddb.createTable(Tables.createTableRequest(Tables.audit(config.auditTable())));
        Instant createdAt = Instant.parse("2026-03-02T09:00:00Z");
        RequestStore store = new RequestStore(ddb, config, new MutableClock(createdAt), TestAuditKey.SIGNER);
        AccessRequest request = Fixtures.request(Fixtures.requester("alice"), createdAt);
        store.create(request, Fixtures.hashOf(request), Fixtures.requested(request));

        var updates = Tables.missingIndexes(current, ddb.describeTable(d -> d.tableName(current.name())).table());
        updates.forEach(ddb::updateTable);

        assertEquals(1, updates.size());
        assertEquals(List.of(request.requestId()), store.createdBefore(Status.PENDING_APPROVAL,
                createdAt.plusSeconds(1), 10, null).items().stream().map(StoredRequest::requestId).toList());
        assertEquals(List.of(), Tables.missingIndexes(current,
                ddb.describeTable(d -> d.tableName(current.name())).table()));
    }
}
