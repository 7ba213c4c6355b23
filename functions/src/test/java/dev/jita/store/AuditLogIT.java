package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.audit.Verification;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.domain.Times;
import dev.jita.links.MacSigner;
import dev.jita.standins.LocalHmacSigner;
import dev.jita.standins.TestAuditKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

class AuditLogIT {

    private static final Instant DAY1_LATE = Instant.parse("2026-11-02T23:59:59.500Z");

    @TempDir
    Path tempDir;

    private final DynamoDbClient ddb = DynamoLocal.client();
    private final MutableClock clock = new MutableClock(DAY1_LATE);
    private StoreConfig config;
    private RequestStore store;
    private AuditLog audit;

    @BeforeEach
    void tables() {
        config = DynamoLocal.freshTables();
        store = new RequestStore(ddb, config, clock, TestAuditKey.SIGNER);
        audit = new AuditLog(ddb, config, TestAuditKey.SIGNER);
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
        assertEquals(intact(5), audit.verify(r.requestId()));

        ddb.updateItem(UpdateItemRequest.builder().tableName(config.auditTable())
                .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(r.requestId()),
                        AuditItems.SEQ, AttributeValue.fromS("0000000003")))
                .updateExpression("SET #actor = :actor")
                .expressionAttributeNames(Map.of("#actor", AuditItems.ACTOR))
                .expressionAttributeValues(Map.of(":actor", AttributeValue.fromS("someone-else")))
                .build());

        assertEquals(mainBadAt(5, 3), audit.verify(r.requestId()));
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

        assertEquals(mainBadAt(5, 5), audit.verify(r.requestId()));
    }

    @Test
    void verify_shouldNameTheMissingSeq_whenAnEntryIsDeleted() {
        StoredRequest r = throughFiveEntries();

        delete(r.requestId(), "0000000004");

        assertEquals(mainBadAt(4, 4), audit.verify(r.requestId()));
    }

    @Test
    void verify_shouldNameTheFirstMissingSeq_whenTheTailIsDeleted() {
        StoredRequest r = throughFiveEntries();

        delete(r.requestId(), "0000000005");

        assertEquals(mainBadAt(4, 5), audit.verify(r.requestId()));
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
        assertEquals(intact(0), audit.verify("nothing-here"));
    }

    @Test
    void verify_shouldCoverTheLinkRejectionsChain_whenBothChainsAreIntact() {
        StoredRequest r = throughFiveEntries();
        rejectLinks(r.requestId(), 3);

        Verification v = audit.verify(r.requestId());

        assertEquals(new Verification(List.of(Verification.Chain.ok(Verification.MAIN, 5),
                Verification.Chain.ok(Verification.LINK_REJECTIONS, 3))), v);
        assertTrue(v.valid());
        assertEquals(8, v.events());
        assertEquals(audit.timeline(r.requestId()).size(), v.events());
    }

    @Test
    void verify_shouldNameTheSideChainAndSeq_whenALinkRejectionIsDeleted() {
        StoredRequest r = throughFiveEntries();
        rejectLinks(r.requestId(), 3);

        delete(AuditLog.linkRejectionsOf(r.requestId()), "0000000002");

        Verification v = audit.verify(r.requestId());
        assertFalse(v.valid());
        assertEquals(Optional.of(Verification.LINK_REJECTIONS), v.firstBadChain());
        assertEquals(OptionalLong.of(2), v.firstBadSeq());
        assertEquals(Verification.Chain.badAt(Verification.LINK_REJECTIONS, 2, 2),
                v.chain(Verification.LINK_REJECTIONS));
        assertEquals(Verification.Chain.ok(Verification.MAIN, 5), v.chain(Verification.MAIN));
    }

    @Test
    void verify_shouldNameTheSideChain_whenItsLastEntriesAreDeleted() {
        StoredRequest r = throughFiveEntries();
        rejectLinks(r.requestId(), 3);

        delete(AuditLog.linkRejectionsOf(r.requestId()), "0000000003");

        Verification v = audit.verify(r.requestId());
        assertFalse(v.valid());
        assertEquals(Optional.of(Verification.LINK_REJECTIONS), v.firstBadChain());
        assertEquals(OptionalLong.of(3), v.firstBadSeq());
        assertEquals(Verification.Chain.ok(Verification.MAIN, 5), v.chain(Verification.MAIN));
    }

    @Test
    void verify_shouldNameTheSideChainAndSeq_whenALinkRejectionIsAltered() {
        StoredRequest r = throughFiveEntries();
        rejectLinks(r.requestId(), 3);

        ddb.updateItem(UpdateItemRequest.builder().tableName(config.auditTable())
                .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(AuditLog.linkRejectionsOf(r.requestId())),
                        AuditItems.SEQ, AttributeValue.fromS("0000000001")))
                .updateExpression("SET #actor = :actor")
                .expressionAttributeNames(Map.of("#actor", AuditItems.ACTOR))
                .expressionAttributeValues(Map.of(":actor", AttributeValue.fromS("someone-else")))
                .build());

        Verification v = audit.verify(r.requestId());
        assertFalse(v.valid());
        assertEquals(Optional.of(Verification.LINK_REJECTIONS), v.firstBadChain());
        assertEquals(OptionalLong.of(1), v.firstBadSeq());
    }

    @Test
    void verify_shouldNameTheRequestsOwnChainFirst_whenBothChainsAreBad() {
        StoredRequest r = throughFiveEntries();
        rejectLinks(r.requestId(), 3);

        delete(AuditLog.linkRejectionsOf(r.requestId()), "0000000001");
        delete(r.requestId(), "0000000004");

        Verification v = audit.verify(r.requestId());
        assertEquals(Optional.of(Verification.MAIN), v.firstBadChain());
        assertEquals(OptionalLong.of(4), v.firstBadSeq());
        assertEquals(List.of(Verification.Chain.badAt(Verification.MAIN, 4, 4),
                Verification.Chain.badAt(Verification.LINK_REJECTIONS, 2, 1)), v.chains());
    }

    @Test
    void verify_shouldNameTheBackdatedSeq_evenWhenEveryHashAfterItIsRecomputed() {
        StoredRequest r = throughFiveEntries();
        Instant second = audit.entries(r.requestId()).get(1).at();

        // Without the time check only the request's recorded head would give this away, and at seq 5.
        rewriteFrom(r.requestId(), 3, second.minusSeconds(1));

        assertEquals(mainBadAt(5, 3), audit.verify(r.requestId()));
    }

    @Test
    void verify_shouldNameTheBackdatedSeq_ofTheSideChain_whoseHashesAllAgree() {
        StoredRequest r = throughFiveEntries();
        rejectLinks(r.requestId(), 3);
        String side = AuditLog.linkRejectionsOf(r.requestId());
        Instant second = audit.entries(side).get(1).at();

        // The side chain has no recorded head: with every hash recomputed, only the dates can tell.
        rewriteFrom(side, 3, second.minusMillis(1));

        Verification v = audit.verify(r.requestId());
        assertEquals(Optional.of(Verification.LINK_REJECTIONS), v.firstBadChain());
        assertEquals(OptionalLong.of(3), v.firstBadSeq());
    }

    @Test
    void verify_shouldNameTheFirstRewrittenSeqAsMacInvalid_whenTheChainAndItsHeadAreRewrittenConsistently() {
        StoredRequest r = throughFiveEntries();
        // Someone who can write both tables but not use the audit key: entry 3 changed, every hash from there on
        // recomputed, the request's head moved to the new last hash, MACs made with a key of their own under the
        // audit key's kid.
        MacSigner theirs = LocalHmacSigner.openOrCreate(tempDir.resolve("their-key.json"));
        rewriteConsistently(r.requestId(), 3, item -> AuditItems.signed(item, new SameKid(theirs)));

        Verification v = audit.verify(r.requestId());

        assertFalse(v.valid());
        assertEquals(Optional.of(Verification.MAIN), v.firstBadChain());
        assertEquals(OptionalLong.of(3), v.firstBadSeq());
        assertEquals(Optional.of(Verification.Flaw.MAC_INVALID), v.firstBadFlaw());
    }

    @Test
    void verify_shouldNameTheFirstRewrittenSeqAsMacMissing_whenTheRewriteStripsTheMacs() {
        StoredRequest r = throughFiveEntries();
        rewriteConsistently(r.requestId(), 4, item -> {
            item.remove(AuditItems.MAC);
            item.remove(AuditItems.MAC_KID);
            return item;
        });

        Verification v = audit.verify(r.requestId());

        assertEquals(OptionalLong.of(4), v.firstBadSeq());
        assertEquals(Optional.of(Verification.Flaw.MAC_MISSING), v.firstBadFlaw());
    }

    @Test
    void verify_shouldReportMacInvalid_whenAnEntryKeepsItsMacButAnotherEntrysMacIsCopiedIn() {
        StoredRequest r = throughFiveEntries();
        Map<String, AttributeValue> second = rawItem(r.requestId(), 2);
        Map<String, AttributeValue> fourth = new java.util.HashMap<>(rawItem(r.requestId(), 4));
        fourth.put(AuditItems.MAC, second.get(AuditItems.MAC));
        ddb.putItem(b -> b.tableName(config.auditTable()).item(fourth));

        assertEquals(Optional.of(Verification.Flaw.MAC_INVALID), audit.verify(r.requestId()).firstBadFlaw());
        assertEquals(OptionalLong.of(4), audit.verify(r.requestId()).firstBadSeq());
    }

    @Test
    void verify_shouldReportMacMissing_forAChainWrittenBeforeEntriesWereSigned() {
        // Entries as jita wrote them before audit MACs: hash-chained, no mac or macKid.
        String prev = AuditItems.GENESIS;
        for (long seq = 1; seq <= 2; seq++) {
            Map<String, AttributeValue> item = AuditItems.item("r-unsigned", seq, clock.instant(),
                    Fixtures.system(AuditType.NOTIFIED), prev);
            prev = item.get(AuditItems.HASH).s();
            ddb.putItem(b -> b.tableName(config.auditTable()).item(item));
        }

        Verification v = audit.verify("r-unsigned");

        assertFalse(v.valid());
        assertEquals(OptionalLong.of(1), v.firstBadSeq());
        assertEquals(Optional.of(Verification.Flaw.MAC_MISSING), v.firstBadFlaw());
    }

    @Test
    void verify_shouldAcceptEveryEntry_signedByAnotherInstanceOnTheSameAuditKey() {
        StoredRequest r = throughFiveEntries();
        AuditLog elsewhere = new AuditLog(ddb, config, TestAuditKey.SIGNER);

        assertEquals(intact(5), elsewhere.verify(r.requestId()));
        assertTrue(rawItem(r.requestId(), 1).containsKey(AuditItems.MAC));
        assertEquals(TestAuditKey.SIGNER.currentKid(), rawItem(r.requestId(), 5).get(AuditItems.MAC_KID).s());
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

    /** {@code n} refused forged links on the request's side chain, a second apart. */
    private void rejectLinks(String requestId, int n) {
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            store.appendEvent(AuditLog.linkRejectionsOf(requestId),
                    AuditEvents.linkRejected("BAD_MAC", "POST", "bob", Origin.NONE));
        }
    }

    /**
     * What someone with write access to the table could do: redate entry {@code seq} of a chain, and recompute its
     * hash and every later entry's prevHash and hash, so that the hashes alone agree.
     */
    private void rewriteFrom(String chainKey, long seq, Instant at) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (AuditEntry e : audit.entries(chainKey)) {
            items.add(new java.util.HashMap<>(ddb.getItem(b -> b.tableName(config.auditTable())
                    .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(chainKey),
                            AuditItems.SEQ, AttributeValue.fromS(AuditItems.seqKey(e.seq()))))).item()));
        }
        String prev = items.get((int) seq - 2).get(AuditItems.HASH).s();
        for (Map<String, AttributeValue> item : items.subList((int) seq - 1, items.size())) {
            if (item.get(AuditItems.SEQ).s().equals(AuditItems.seqKey(seq))) {
                item.put(AuditItems.AT, AttributeValue.fromS(Times.iso(at)));
                item.put(AuditItems.DAY, AttributeValue.fromS(Times.day(at)));
                item.put(AuditItems.DAY_KEY, AttributeValue.fromS(Times.iso(at) + "#" + chainKey + "#"
                        + AuditItems.seqKey(seq)));
            }
            item.put(AuditItems.PREV_HASH, AttributeValue.fromS(prev));
            prev = AuditItems.hashOf(item);
            item.put(AuditItems.HASH, AttributeValue.fromS(prev));
            ddb.putItem(b -> b.tableName(config.auditTable()).item(item));
        }
    }

    private Map<String, AttributeValue> rawItem(String chainKey, long seq) {
        return ddb.getItem(b -> b.tableName(config.auditTable())
                .key(Map.of(AuditItems.REQUEST_ID, AttributeValue.fromS(chainKey),
                        AuditItems.SEQ, AttributeValue.fromS(AuditItems.seqKey(seq))))).item();
    }

    /**
     * What someone with write access to both tables could do: change entry {@code seq}'s actor, recompute its hash
     * and every later entry's prevHash and hash, pass each through {@code remac}, and move the request's record of
     * the chain head to the new last hash, so that every hash check agrees.
     */
    private void rewriteConsistently(String requestId, long seq,
                                     UnaryOperator<Map<String, AttributeValue>> remac) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (AuditEntry e : audit.entries(requestId)) {
            items.add(new java.util.HashMap<>(rawItem(requestId, e.seq())));
        }
        String prev = items.get((int) seq - 2).get(AuditItems.HASH).s();
        for (Map<String, AttributeValue> item : items.subList((int) seq - 1, items.size())) {
            if (item.get(AuditItems.SEQ).s().equals(AuditItems.seqKey(seq))) {
                item.put(AuditItems.ACTOR, AttributeValue.fromS("someone-else"));
            }
            item.put(AuditItems.PREV_HASH, AttributeValue.fromS(prev));
            prev = AuditItems.hashOf(item);
            item.put(AuditItems.HASH, AttributeValue.fromS(prev));
            Map<String, AttributeValue> written = remac.apply(item);
            ddb.putItem(b -> b.tableName(config.auditTable()).item(written));
        }
        String head = prev;
        ddb.updateItem(UpdateItemRequest.builder().tableName(config.requestsTable())
                .key(Map.of(RequestItems.REQUEST_ID, AttributeValue.fromS(requestId)))
                .updateExpression("SET #head = :head")
                .expressionAttributeNames(Map.of("#head", RequestItems.AUDIT_HEAD))
                .expressionAttributeValues(Map.of(":head", AttributeValue.fromS(head)))
                .build());
    }

    /** A signer with someone else's key that claims the audit key's kid. */
    private record SameKid(MacSigner theirs) implements MacSigner {
        @Override
        public String currentKid() {
            return TestAuditKey.SIGNER.currentKid();
        }

        @Override
        public List<String> acceptedKids() {
            return List.of(currentKid());
        }

        @Override
        public byte[] sign(String kid, byte[] message) {
            return theirs.sign(theirs.currentKid(), message);
        }

        @Override
        public boolean verify(String kid, byte[] message, byte[] mac) {
            return theirs.verify(theirs.currentKid(), message, mac);
        }
    }

    /** Both chains intact, the side chain empty. */
    private static Verification intact(int events) {
        return new Verification(List.of(Verification.Chain.ok(Verification.MAIN, events),
                Verification.Chain.ok(Verification.LINK_REJECTIONS, 0)));
    }

    /** The request's own chain bad at {@code seq}, the side chain empty. */
    private static Verification mainBadAt(int events, long seq) {
        return new Verification(List.of(Verification.Chain.badAt(Verification.MAIN, events, seq),
                Verification.Chain.ok(Verification.LINK_REJECTIONS, 0)));
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
