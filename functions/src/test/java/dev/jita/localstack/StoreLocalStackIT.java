package dev.jita.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.audit.Verification;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.standins.TestAuditKey;
import dev.jita.store.Approval;
import dev.jita.store.AuditLog;
import dev.jita.store.ConflictException;
import dev.jita.store.Fixtures;
import dev.jita.store.IdempotencyStore;
import dev.jita.store.MutableClock;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB store and the audit chain on LocalStack's DynamoDB: jita's tables as {@link Tables} declares them,
 * a request moved through its lifecycle by {@link RequestStore}'s transactions, the chain recomputed by
 * {@link AuditLog}, Idempotency-Key claims by {@link IdempotencyStore}. DynamoDB Local covers the same code in
 * RequestStoreIT and AuditLogIT; this runs it on a second implementation of the API.
 */
@Testcontainers(disabledWithoutDocker = true)
class StoreLocalStackIT {

    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackAws.container(Service.DYNAMODB);

    private static DynamoDbClient ddb;
    private static StoreConfig tables;
    private static String idempotencyTable;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:55:00Z"));
    private final RequestStore store = new RequestStore(ddb, tables, clock, TestAuditKey.SIGNER);
    private final AuditLog audit = new AuditLog(ddb, tables, TestAuditKey.SIGNER);

    @BeforeAll
    static void createTables() {
        ddb = LocalStackAws.dynamoDb(LOCALSTACK);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        tables = new StoreConfig("requests-" + suffix, "audit-" + suffix);
        idempotencyTable = "idempotency-" + suffix;
        for (TableDef def : List.of(Tables.requests(tables.requestsTable()), Tables.audit(tables.auditTable()),
                Tables.idempotency(idempotencyTable))) {
            ddb.createTable(Tables.createTableRequest(def));
            // CREATING until ACTIVE on AWS; the SDK's waiter polls DescribeTable with its own deadline.
            ddb.waiter().waitUntilTableExists(r -> r.tableName(def.name()));
        }
    }

    /** Pending, approved by alice, granted, revoked: audit seqs 1..5. */
    private StoredRequest throughTheLifecycle() {
        AccessRequest r = Fixtures.request(Fixtures.requester("alice"), clock.instant());
        StoredRequest s = store.create(r, Fixtures.hashOf(r), Fixtures.requested(r));
        clock.advance(Duration.ofMinutes(3));
        s = store.apply(s, RequestUpdate.decision("bob", new Approval(Decision.APPROVE, clock.instant(), "ok"))
                        .withTarget(Status.APPROVED)
                        .withWindow(new GrantWindow(clock.instant(), clock.instant().plus(Duration.ofMinutes(30)))),
                List.of(Fixtures.approver(AuditType.APPROVAL_RECORDED, "bob"),
                        Fixtures.approver(AuditType.APPROVED, "bob")));
        clock.advance(Duration.ofSeconds(2));
        s = store.apply(s, RequestUpdate.moveTo(Status.ACTIVE), Fixtures.system(AuditType.GRANTED));
        clock.advance(Duration.ofMinutes(10));
        return store.apply(s, RequestUpdate.moveTo(Status.REVOKED), Fixtures.system(AuditType.REVOKED));
    }

    @Test
    void lifecycle_shouldEndRevoked_withOneIntactAuditEntryPerStep() {
        StoredRequest revoked = throughTheLifecycle();

        StoredRequest read = store.get(revoked.requestId());
        assertEquals(Status.REVOKED, read.status());
        assertEquals(revoked.version(), read.version());
        List<AuditEntry> entries = audit.entries(revoked.requestId());
        assertEquals(List.of(AuditType.REQUESTED, AuditType.APPROVAL_RECORDED, AuditType.APPROVED, AuditType.GRANTED,
                AuditType.REVOKED), entries.stream().map(AuditEntry::type).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), entries.stream().map(AuditEntry::seq).toList());
        assertEquals("bob", entries.get(1).actor());
        assertEquals(intact(5), audit.verify(revoked.requestId()));
    }

    @Test
    void apply_shouldBeRefusedByTheConditionalWrite_whenTheTransitionIsIllegal() {
        AccessRequest r = Fixtures.request(Fixtures.requester("carol"), clock.instant());
        StoredRequest pending = store.create(r, Fixtures.hashOf(r), Fixtures.requested(r));

        // PENDING_APPROVAL -> EXPIRED is not in the lifecycle: the transaction's condition refuses it.
        ConflictException e = assertThrows(ConflictException.class, () -> store.apply(pending,
                RequestUpdate.moveTo(Status.EXPIRED), Fixtures.system(AuditType.EXPIRED)));

        assertEquals(ConflictException.Reason.ILLEGAL_TRANSITION, e.reason());
        assertEquals(Status.PENDING_APPROVAL, store.get(r.requestId()).status());
        assertEquals(intact(1), audit.verify(r.requestId()));
    }

    @Test
    void verify_shouldNameTheMissingSeq_whenAnEntryIsDeletedFromTheTable() {
        StoredRequest revoked = throughTheLifecycle();
        TableDef def = Tables.audit(tables.auditTable());
        String partitionKey = def.partitionKey().name();
        String sortKey = def.sortKeyIfAny().orElseThrow().name();
        List<Map<String, AttributeValue>> items = ddb.query(q -> q.tableName(def.name()).consistentRead(true)
                .keyConditionExpression("#pk = :id")
                .expressionAttributeNames(Map.of("#pk", partitionKey))
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(revoked.requestId())))).items();
        assertEquals(5, items.size());

        // What someone with DeleteItem on the table could do: the chain shows the gap at seq 4.
        Map<String, AttributeValue> fourth = items.get(3);
        ddb.deleteItem(d -> d.tableName(def.name())
                .key(Map.of(partitionKey, fourth.get(partitionKey), sortKey, fourth.get(sortKey))));

        assertEquals(new Verification(List.of(Verification.Chain.badAt(Verification.MAIN, 4, 4),
                Verification.Chain.ok(Verification.LINK_REJECTIONS, 0))), audit.verify(revoked.requestId()));
    }

    @Test
    void claim_shouldReplayTheSameBody_andRefuseAnother_underOneKey() {
        IdempotencyStore keys = new IdempotencyStore(ddb, idempotencyTable, clock, Duration.ofHours(24));

        assertEquals(new IdempotencyStore.Claim.Claimed("r1"), keys.claim(Fixtures.ALICE_ARN, "k-1", "body-a", "r1"));
        assertEquals(new IdempotencyStore.Claim.Replay("r1"), keys.claim(Fixtures.ALICE_ARN, "k-1", "body-a", "r2"));
        assertEquals(new IdempotencyStore.Claim.Mismatch("r1"), keys.claim(Fixtures.ALICE_ARN, "k-1", "body-b", "r3"));
    }

    private static Verification intact(int events) {
        return new Verification(List.of(Verification.Chain.ok(Verification.MAIN, events),
                Verification.Chain.ok(Verification.LINK_REJECTIONS, 0)));
    }
}
