package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class AuditLogIT {

    private static final Instant DAY1_LATE = Instant.parse("2026-11-02T23:59:59.500Z");

    private final DynamoDbClient ddb = DynamoLocal.client();
    private final MutableClock clock = new MutableClock(DAY1_LATE);
    private StoreConfig config;
    private RequestStore store;
    private AuditLog audit;

    @BeforeEach
    void tables() {
        config = DynamoLocal.freshTables();
        store = new RequestStore(ddb, config, clock);
        audit = new AuditLog(ddb, config);
    }

    /** A request taken through four steps: audit seqs 1..5. */
    private StoredRequest throughFiveEntries() {
        AccessRequest r = Fixtures.request(Fixtures.requester("alice"), clock.instant());
        StoredRequest s = store.create(r, Fixtures.hashOf(r), Fixtures.requested(r));
        s = store.apply(s, RequestUpdate.decision("alice", new Approval(Decision.APPROVE, clock.instant(), "ok"))
                .withTarget(Status.APPROVED)
                .withWindow(new GrantWindow(clock.instant(), clock.instant().plus(Duration.ofMinutes(30)))),
                List.of(Fixtures.approver(AuditType.APPROVAL_RECORDED, "alice"),
                        Fixtures.approver(AuditType.APPROVED, "alice")));
        s = store.apply(s, RequestUpdate.moveTo(Status.ACTIVE), Fixtures.system(AuditType.GRANTED));
        return store.apply(s, RequestUpdate.moveTo(Status.REVOKED), Fixtures.system(AuditType.REVOKED));
    }

    @Test
    void auditPut_shouldRefuseSecondEntryWithSameSeq() {
        StoredRequest r = throughFiveEntries();
        Map<String, AttributeValue> forged = AuditItems.item(r.requestId(), 3, clock.instant(),
                AuditDraft.of(AuditType.GRANTED, "mallory", ActorKind.ANONYMOUS, Outcome.SUCCESS),
                AuditItems.GENESIS);

        // The store's own audit put, sent raw: attribute_not_exists refuses to overwrite seq 3.
        TransactionCanceledException e = assertThrows(TransactionCanceledException.class,
                () -> ddb.transactWriteItems(TransactWriteItemsRequest.builder()
                        .transactItems(Writes.auditPut(config, forged)).build()));

        assertEquals("ConditionalCheckFailed", e.cancellationReasons().get(0).code());
        AuditEntry third = audit.entries(r.requestId()).get(2);
        assertEquals(3, third.seq());
        assertEquals(AuditType.APPROVED, third.type());
        assertEquals("alice", third.actor());
        assertTrue(audit.verify(r.requestId()).valid());
    }

    @Test
    void verify_shouldNameTheAlteredSeq_whenOneEntryIsChangedRaw() {
        StoredRequest r = throughFiveEntries();
        assertEquals(new Verification(true, 5, OptionalLong.empty()), audit.verify(r.requestId()));

        ddb.updateItem(UpdateItemRequest.builder().tableName(config.auditTable())
                .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(r.requestId()),
                        AuditItems.SEQ, AttributeValue.fromS("0000000003")))
                .updateExpression("SET #actor = :actor")
                .expressionAttributeNames(Map.of("#actor", AuditItems.ACTOR))
                .expressionAttributeValues(Map.of(":actor", AttributeValue.fromS("someone-else")))
                .build());

        assertEquals(new Verification(false, 5, OptionalLong.of(3)), audit.verify(r.requestId()));
    }

    @Test
    void verify_shouldNameTheAlteredSeq_whenDetailsGainAField() {
        StoredRequest r = throughFiveEntries();

        ddb.updateItem(UpdateItemRequest.builder().tableName(config.auditTable())
                .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(r.requestId()),
                        AuditItems.SEQ, AttributeValue.fromS("0000000002")))
                .updateExpression("SET #details.#note = :note")
                .expressionAttributeNames(Map.of("#details", AuditItems.DETAILS, "#note", "note"))
                .expressionAttributeValues(Map.of(":note", AttributeValue.fromS("added later")))
                .build());

        assertEquals(OptionalLong.of(2), audit.verify(r.requestId()).firstBadSeq());
    }

    @Test
    void verify_shouldNameTheLastSeq_whenItIsReplacedWithARecomputedHash() {
        StoredRequest r = throughFiveEntries();
        Map<String, AttributeValue> last = new java.util.HashMap<>(ddb.getItem(b -> b.tableName(config.auditTable())
                .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(r.requestId()),
                        AuditItems.SEQ, AttributeValue.fromS("0000000005")))).item());
        last.put(AuditItems.ACTOR, AttributeValue.fromS("someone-else"));
        last.put(AuditItems.HASH, AttributeValue.fromS(AuditItems.hashOf(last)));

        // Consistent on its own; only the request's record of the chain head gives it away.
        ddb.putItem(b -> b.tableName(config.auditTable()).item(last));

        assertEquals(new Verification(false, 5, OptionalLong.of(5)), audit.verify(r.requestId()));
    }

    @Test
    void verify_shouldNameTheMissingSeq_whenAnEntryIsDeleted() {
        StoredRequest r = throughFiveEntries();

        delete(r.requestId(), "0000000004");

        assertEquals(new Verification(false, 4, OptionalLong.of(4)), audit.verify(r.requestId()));
    }

    @Test
    void verify_shouldNameTheFirstMissingSeq_whenTheTailIsDeleted() {
        StoredRequest r = throughFiveEntries();

        delete(r.requestId(), "0000000005");

        assertEquals(new Verification(false, 4, OptionalLong.of(5)), audit.verify(r.requestId()));
    }

    @Test
    void verify_shouldNameTheFirstSwappedSeq_whenTwoEntriesTradeContent() {
        StoredRequest r = throughFiveEntries();
        List<AuditEntry> entries = audit.entries(r.requestId());
        // Put entry 3's type into 4 and 4's into 3: each looks like a real entry, in the wrong place.
        setType(r.requestId(), "0000000003", entries.get(3).type());
        setType(r.requestId(), "0000000004", entries.get(2).type());

        assertEquals(OptionalLong.of(3), audit.verify(r.requestId()).firstBadSeq());
    }

    @Test
    void verify_shouldReportEmptyChainAsValidWithNoEvents() {
        assertEquals(new Verification(true, 0, OptionalLong.empty()), audit.verify("nothing-here"));
    }

    @Test
    void between_shouldReturnEntriesAcrossDaysOldestFirst_pagingThroughDayBoundaries() {
        // Entries at 23:59:59.500 on day 1, then 1 s, 2 days and 3 days later.
        StoredRequest a = created();
        clock.advance(Duration.ofSeconds(1));
        store.apply(a, RequestUpdate.moveTo(Status.CANCELLED), Fixtures.system(AuditType.CANCELLED));
        clock.advance(Duration.ofDays(2));
        StoredRequest b = created();
        clock.advance(Duration.ofDays(1));
        store.apply(b, RequestUpdate.moveTo(Status.TIMED_OUT), Fixtures.system(AuditType.TIMED_OUT));

        List<AuditEntry> all = collect(DAY1_LATE.minusSeconds(60), clock.instant().plusSeconds(1), 1);

        assertEquals(List.of(AuditType.REQUESTED, AuditType.CANCELLED, AuditType.REQUESTED, AuditType.TIMED_OUT),
                all.stream().map(AuditEntry::type).toList());
        assertEquals(List.of(a.requestId(), a.requestId(), b.requestId(), b.requestId()),
                all.stream().map(AuditEntry::requestId).toList());
        for (int i = 1; i < all.size(); i++) {
            assertFalse(all.get(i).at().isBefore(all.get(i - 1).at()));
        }
        assertEquals(all, collect(DAY1_LATE.minusSeconds(60), clock.instant().plusSeconds(1), 3));
    }

    @Test
    void between_shouldIncludeFrom_andExcludeTo() {
        StoredRequest a = created(); // at DAY1_LATE
        clock.advance(Duration.ofMillis(1));
        store.apply(a, RequestUpdate.moveTo(Status.CANCELLED), Fixtures.system(AuditType.CANCELLED));

        Page<AuditEntry> firstOnly = audit.between(DAY1_LATE, DAY1_LATE.plusMillis(1), 10, null);
        Page<AuditEntry> secondOnly = audit.between(DAY1_LATE.plusMillis(1), DAY1_LATE.plusSeconds(5), 10, null);

        assertEquals(List.of(AuditType.REQUESTED), firstOnly.items().stream().map(AuditEntry::type).toList());
        assertNull(firstOnly.nextCursor());
        assertEquals(List.of(AuditType.CANCELLED), secondOnly.items().stream().map(AuditEntry::type).toList());
    }

    @Test
    void between_shouldRefuseBackwardOrHugeRanges() {
        assertThrows(IllegalArgumentException.class, () -> audit.between(DAY1_LATE, DAY1_LATE, 10, null));
        assertThrows(IllegalArgumentException.class,
                () -> audit.between(DAY1_LATE, DAY1_LATE.plus(Duration.ofDays(400)), 10, null));
        assertThrows(IllegalArgumentException.class,
                () -> audit.between(DAY1_LATE, DAY1_LATE.plusSeconds(1), 10, "garbage"));
    }

    private List<AuditEntry> collect(Instant from, Instant to, int pageSize) {
        List<AuditEntry> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<AuditEntry> page = audit.between(from, to, pageSize, cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
            assertTrue(++pages < 50, "paging must end");
        } while (cursor != null);
        return all;
    }

    private StoredRequest created() {
        AccessRequest r = Fixtures.request(Fixtures.requester("alice"), clock.instant());
        return store.create(r, Fixtures.hashOf(r), Fixtures.requested(r));
    }

    private void delete(String requestId, String seq) {
        ddb.deleteItem(DeleteItemRequest.builder().tableName(config.auditTable())
                .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(requestId),
                        AuditItems.SEQ, AttributeValue.fromS(seq)))
                .build());
    }

    private void setType(String requestId, String seq, AuditType type) {
        ddb.updateItem(UpdateItemRequest.builder().tableName(config.auditTable())
                .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(requestId),
                        AuditItems.SEQ, AttributeValue.fromS(seq)))
                .updateExpression("SET #type = :type")
                .expressionAttributeNames(Map.of("#type", AuditItems.TYPE))
                .expressionAttributeValues(Map.of(":type", AttributeValue.fromS(type.name())))
                .build());
    }
}
