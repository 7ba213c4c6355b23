package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

class TablesTest {

    @Test
    void requests_shouldDeclareRequesterAndSweeperIndexes() {
        CreateTableRequest create = Tables.createTableRequest(Tables.requests("req"));

        assertEquals("req", create.tableName());
        assertEquals(BillingMode.PAY_PER_REQUEST, create.billingMode());
        assertEquals(List.of("requestId:HASH"), keys(create.keySchema()));
        Map<String, List<String>> indexes = create.globalSecondaryIndexes().stream()
                .collect(Collectors.toMap(GlobalSecondaryIndex::indexName, i -> keys(i.keySchema())));
        assertEquals(Map.of(
                Tables.REQUESTS_BY_REQUESTER, List.of("requesterArn:HASH", "createdAt:RANGE"),
                Tables.REQUESTS_BY_STATUS, List.of("status:HASH", "notAfter:RANGE"),
                Tables.REQUESTS_BY_STATUS_CREATED, List.of("status:HASH", "createdAt:RANGE")), indexes);
        assertEquals(5, create.attributeDefinitions().size());
    }

    @Test
    void audit_shouldDeclareSeqSortKeyAndDayIndex() {
        CreateTableRequest create = Tables.createTableRequest(Tables.audit("aud"));

        assertEquals(List.of("requestId:HASH", "seq:RANGE"), keys(create.keySchema()));
        assertEquals(List.of("day:HASH", "dayKey:RANGE"), keys(create.globalSecondaryIndexes().get(0).keySchema()));
        assertEquals(Tables.AUDIT_BY_DAY, create.globalSecondaryIndexes().get(0).indexName());
    }

    @Test
    void idempotency_shouldHaveTimeToLive_andNoIndexes() {
        TableDef def = Tables.idempotency("idem");

        assertEquals("expiresAt", Tables.timeToLiveRequest(def).orElseThrow()
                .timeToLiveSpecification().attributeName());
        assertEquals(List.of(), Tables.createTableRequest(def).globalSecondaryIndexes());
    }

    private static List<String> keys(List<KeySchemaElement> schema) {
        return schema.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList();
    }
}
