package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.audit.Outcome;
import dev.jita.audit.Verification;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.standins.TestAuditKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

class RequestStoreIT {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00.123Z");

    private final DynamoDbClient ddb = DynamoLocal.client();
    private final MutableClock clock = new MutableClock(T0);
    private StoreConfig config;
    private RequestStore store;
    private AuditLog audit;

    @BeforeEach
    void tables() {
        config = DynamoLocal.freshTables();
        store = new RequestStore(ddb, config, clock, TestAuditKey.SIGNER);
        audit = new AuditLog(ddb, config, TestAuditKey.SIGNER);
    }

    private StoredRequest created() {
        AccessRequest r = Fixtures.request(Fixtures.requester("alice"), clock.instant());
        return store.create(r, Fixtures.hashOf(r), Fixtures.requested(r));
    }

    private GrantWindow window() {
        return new GrantWindow(clock.instant(), clock.instant().plus(Duration.ofMinutes(30)));
    }

    @Test
    void create_shouldStorePendingVersionOneWithRequestedEntry() {
        AccessRequest r = Fixtures.request(Fixtures.requester("alice"), T0);

        StoredRequest stored = store.create(r, "hash-1", Fixtures.requested(r));

        StoredRequest read = store.get(r.requestId());
        assertEquals(stored, read);
        assertEquals(Status.PENDING_APPROVAL, read.status());
        assertEquals(1, read.version());
        assertEquals(r, read.request());
        assertEquals("hash-1", read.requestHash());
        List<AuditEntry> entries = audit.entries(r.requestId());
        assertEquals(1, entries.size());
        assertEquals(AuditType.REQUESTED, entries.get(0).type());
        assertEquals(AuditItems.GENESIS, entries.get(0).prevHash());
        assertEquals("203.0.113.7", entries.get(0).origin().sourceIp());
        assertTrue(audit.verify(r.requestId()).valid());
    }

    @Test
    void create_shouldRefuseSecondRequestWithSameId() {
        StoredRequest first = created();

        ConflictException e = assertThrows(ConflictException.class,
                () -> store.create(first.request(), "other", Fixtures.requested(first.request())));

        assertEquals(ConflictException.Reason.ALREADY_EXISTS, e.reason());
        assertEquals(1, audit.entries(first.requestId()).size());
    }

    @Test
    void createApproved_shouldStoreScheduledVersionOne_withRequestedThenApprovedEntries_inOneWrite() {
        AccessRequest r = Fixtures.request(Fixtures.requester("alice"), T0);
        GrantWindow window = window();
        AuditDraft approved = AuditDraft.of(AuditType.APPROVED, "rule:auto", ActorKind.SYSTEM, Outcome.SUCCESS);

        StoredRequest stored = store.createApproved(r, "hash-1", Fixtures.requested(r), window, approved);

        StoredRequest read = store.get(r.requestId());
        assertEquals(stored, read);
        assertEquals(Status.SCHEDULED, read.status());
        assertEquals(1, read.version());
        assertEquals(window, read.window());
        assertEquals(List.of(AuditType.REQUESTED, AuditType.APPROVED),
                audit.entries(r.requestId()).stream().map(AuditEntry::type).toList());
        assertEquals(2, read.auditHead().seq());
        assertEquals(audit.entries(r.requestId()).get(1).hash(), read.auditHead().hash());
        assertTrue(audit.verify(r.requestId()).valid());
        // The next change continues the chain from seq 2.
        StoredRequest active = store.apply(read, RequestUpdate.moveTo(Status.ACTIVE),
                AuditDraft.of(AuditType.GRANTED, "grant", ActorKind.SYSTEM, Outcome.SUCCESS));
        assertEquals(3, active.auditHead().seq());
        assertTrue(audit.verify(r.requestId()).valid());
    }

    @Test
    void createApproved_shouldRefuseTakenId_andWriteNoEntry() {
        StoredRequest first = created();
        AuditDraft approved = AuditDraft.of(AuditType.APPROVED, "rule:auto", ActorKind.SYSTEM, Outcome.SUCCESS);

        ConflictException e = assertThrows(ConflictException.class, () -> store.createApproved(first.request(),
                "other", Fixtures.requested(first.request()), window(), approved));

        assertEquals(ConflictException.Reason.ALREADY_EXISTS, e.reason());
        assertEquals(Status.PENDING_APPROVAL, store.get(first.requestId()).status());
        assertEquals(1, audit.entries(first.requestId()).size());
    }

    @Test
    void apply_shouldWalkTheHappyPathWithOneAuditEntryPerStep() {
        StoredRequest r = created();
        r = store.apply(r, RequestUpdate.moveTo(Status.APPROVED).withWindow(window()),
                Fixtures.approver(AuditType.APPROVED, "bob"));
        r = store.apply(r, RequestUpdate.moveTo(Status.SCHEDULED), Fixtures.system(AuditType.NOTIFIED));
        r = store.apply(r, RequestUpdate.moveTo(Status.ACTIVE)
                        .withGrant(Map.of("policyName", "jita-" + r.requestId(), "roleName", "Engineer")),
                Fixtures.system(AuditType.GRANTED));
        r = store.apply(r, RequestUpdate.moveTo(Status.EXPIRED), Fixtures.system(AuditType.EXPIRED));

        StoredRequest read = store.get(r.requestId());
        assertEquals(r, read);
        assertEquals(Status.EXPIRED, read.status());
        assertEquals(5, read.version());
        assertEquals("Engineer", read.grant().get("roleName"));
        assertEquals(window(), read.window());
        assertEquals(List.of(AuditType.REQUESTED, AuditType.APPROVED, AuditType.NOTIFIED, AuditType.GRANTED,
                AuditType.EXPIRED), audit.entries(r.requestId()).stream().map(AuditEntry::type).toList());
        assertEquals(Verification.Chain.ok(Verification.MAIN, 5), audit.verify(r.requestId()).chain(Verification.MAIN));
    }

    @Test
    void apply_shouldRefuseIllegalTransition_andLeaveRequestUnchanged() {
        StoredRequest pending = created();

        // PENDING_APPROVAL -> EXPIRED is not in the lifecycle; the store has no Java check, DynamoDB refuses.
        ConflictException e = assertThrows(ConflictException.class, () -> store.apply(pending,
                RequestUpdate.moveTo(Status.EXPIRED), Fixtures.system(AuditType.EXPIRED)));

        assertEquals(ConflictException.Reason.ILLEGAL_TRANSITION, e.reason());
        assertEquals(Status.PENDING_APPROVAL, e.actualStatus());
        assertEquals(Status.EXPIRED, e.target());
        assertEquals(pending, store.get(pending.requestId()));
        assertEquals(1, audit.entries(pending.requestId()).size());
    }

    @Test
    void apply_shouldRefuseMoveOutOfFinalStatus() {
        StoredRequest denied = store.apply(created(), RequestUpdate.moveTo(Status.DENIED),
                Fixtures.approver(AuditType.DENIED, "bob"));

        // Nothing may become PENDING_APPROVAL again: the condition can never hold.
        ConflictException e = assertThrows(ConflictException.class, () -> store.apply(denied,
                RequestUpdate.moveTo(Status.PENDING_APPROVAL), Fixtures.system(AuditType.REQUESTED)));

        assertEquals(ConflictException.Reason.ILLEGAL_TRANSITION, e.reason());
        assertEquals(Status.DENIED, store.get(denied.requestId()).status());
    }

    @Test
    void conditionExpression_shouldRefuseIllegalTransition_whenSentRaw() {
        StoredRequest pending = created();
        List<Map<String, AttributeValue>> entry = List.of(AuditItems.item(pending.requestId(), 2, T0,
                Fixtures.system(AuditType.REVOKED), pending.auditHead().hash()));

        // The store's own write, sent straight to DynamoDB: no Java code between it and the table.
        TransactionCanceledException e = assertThrows(TransactionCanceledException.class,
                () -> ddb.transactWriteItems(Writes.update(config, pending.requestId(), pending.version(),
                        pending.auditHead().seq(), RequestUpdate.moveTo(Status.REVOKED), java.util.Map.of(), entry)));

        assertEquals("ConditionalCheckFailed", e.cancellationReasons().get(0).code());
        // ALL_OLD: the refusal carries the item as it stood, which is how the store names the conflict.
        assertEquals("PENDING_APPROVAL", e.cancellationReasons().get(0).item().get(RequestItems.STATUS).s());
        assertEquals(Status.PENDING_APPROVAL, store.get(pending.requestId()).status());
        assertEquals(1, audit.entries(pending.requestId()).size());

        // The same write with a legal target goes through: the refusal was the status condition, not the rest.
        ddb.transactWriteItems(Writes.update(config, pending.requestId(), pending.version(),
                pending.auditHead().seq(), RequestUpdate.moveTo(Status.CANCELLED), java.util.Map.of(), entry));
        assertEquals(Status.CANCELLED, store.get(pending.requestId()).status());
    }

    @Test
    void apply_shouldRefuseStaleVersion() {
        StoredRequest v1 = created();
        store.apply(v1, RequestUpdate.decision("alice", new Approval(Decision.APPROVE, T0, "ok")),
                Fixtures.approver(AuditType.APPROVAL_RECORDED, "alice"));

        ConflictException e = assertThrows(ConflictException.class, () -> store.apply(v1,
                RequestUpdate.moveTo(Status.CANCELLED), Fixtures.system(AuditType.CANCELLED)));

        assertEquals(ConflictException.Reason.STALE_VERSION, e.reason());
        assertEquals(1, e.expectedVersion());
        assertEquals(2, e.actualVersion());
        assertEquals(Status.PENDING_APPROVAL, store.get(v1.requestId()).status());
    }

    @Test
    void apply_shouldRecordTwoOfThreeApprovals_keepingPendingUntilTheSecond() {
        StoredRequest r = created();
        Approval yes = new Approval(Decision.APPROVE, T0, "looks right");

        r = store.apply(r, RequestUpdate.decision("alice", yes),
                Fixtures.approver(AuditType.APPROVAL_RECORDED, "alice"));
        assertEquals(Status.PENDING_APPROVAL, r.status());
        assertEquals(2, r.version());

        StoredRequest afterAlice = r;
        ConflictException again = assertThrows(ConflictException.class, () -> store.apply(afterAlice,
                RequestUpdate.decision("alice", yes), Fixtures.approver(AuditType.APPROVAL_RECORDED, "alice")));
        assertEquals(ConflictException.Reason.ALREADY_DECIDED, again.reason());

        // The second approval and the move it causes: one write, two audit entries.
        r = store.apply(r, RequestUpdate.decision("carol", yes).withTarget(Status.APPROVED).withWindow(window()),
                List.of(Fixtures.approver(AuditType.APPROVAL_RECORDED, "carol"),
                        Fixtures.approver(AuditType.APPROVED, "carol")));

        StoredRequest read = store.get(r.requestId());
        assertEquals(r, read);
        assertEquals(Status.APPROVED, read.status());
        assertEquals(3, read.version());
        assertEquals(Map.of("alice", yes, "carol", yes), read.approvals());
        assertEquals(4, audit.entries(r.requestId()).size());
        assertTrue(audit.verify(r.requestId()).valid());
    }

    @Test
    void apply_shouldRefuseDecision_whenNoLongerPending() {
        StoredRequest cancelled = store.apply(created(), RequestUpdate.moveTo(Status.CANCELLED),
                Fixtures.system(AuditType.CANCELLED));

        ConflictException e = assertThrows(ConflictException.class, () -> store.apply(cancelled,
                RequestUpdate.decision("bob", new Approval(Decision.APPROVE, T0, null)),
                Fixtures.approver(AuditType.APPROVAL_RECORDED, "bob")));

        assertEquals(ConflictException.Reason.NOT_PENDING, e.reason());
    }

    @Test
    void race_approveVersusDeny_shouldLetExactlyOneWin() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 40; round++) {
                StoredRequest pending = created();
                CountDownLatch start = new CountDownLatch(1);
                Future<StoredRequest> approve = pool.submit(() -> {
                    start.await();
                    return store.apply(pending, RequestUpdate.moveTo(Status.APPROVED).withWindow(window()),
                            Fixtures.approver(AuditType.APPROVED, "bob"));
                });
                Future<StoredRequest> deny = pool.submit(() -> {
                    start.await();
                    return store.apply(pending, RequestUpdate.moveTo(Status.DENIED),
                            Fixtures.approver(AuditType.DENIED, "carol"));
                });
                start.countDown();

                List<StoredRequest> won = new ArrayList<>();
                List<ConflictException> lost = new ArrayList<>();
                for (Future<StoredRequest> f : List.of(approve, deny)) {
                    try {
                        won.add(f.get(30, TimeUnit.SECONDS));
                    } catch (java.util.concurrent.ExecutionException e) {
                        lost.add(assertInstanceOfConflict(e.getCause()));
                    }
                }
                assertEquals(1, won.size(), "round " + round + ": exactly one writer wins");
                assertEquals(1, lost.size(), "round " + round + ": the other gets a conflict");
                ConflictException conflict = lost.get(0);
                assertEquals(ConflictException.Reason.STALE_VERSION, conflict.reason());
                assertEquals(won.get(0).status(), conflict.actualStatus());
                StoredRequest stored = store.get(pending.requestId());
                assertEquals(won.get(0), stored);
                assertEquals(2, stored.version());
                assertEquals(2, audit.entries(pending.requestId()).size());
                assertTrue(audit.verify(pending.requestId()).valid());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static ConflictException assertInstanceOfConflict(Throwable t) {
        if (t instanceof ConflictException c) {
            return c;
        }
        throw new AssertionError("expected a ConflictException, got " + t, t);
    }

    @Test
    void apply_shouldLeaveRequestUnchanged_whenItsAuditPutFails() {
        StoredRequest pending = created();
        // Occupy the seq the next write will take, behind the store's back.
        ddb.putItem(PutItemRequest.builder().tableName(config.auditTable())
                .item(AuditItems.item(pending.requestId(), 2, T0, Fixtures.system(AuditType.NOTIFIED),
                        pending.auditHead().hash()))
                .build());

        ConflictException e = assertThrows(ConflictException.class, () -> store.apply(pending,
                RequestUpdate.moveTo(Status.APPROVED).withWindow(window()),
                Fixtures.approver(AuditType.APPROVED, "bob")));

        assertEquals(ConflictException.Reason.AUDIT_SEQ_TAKEN, e.reason());
        StoredRequest after = store.get(pending.requestId());
        assertEquals(pending, after);
        assertEquals(AuditType.NOTIFIED, audit.entries(pending.requestId()).get(1).type());
    }

    @Test
    void taskToken_shouldBeStoredButNeverInWhatTheApiReads() {
        StoredRequest r = created();
        String token = "AQCEAAAAKgAAAAMAAAAAAAAAAXsecret-task-token";

        r = store.apply(r, RequestUpdate.taskTokenOnly(token), Fixtures.system(AuditType.NOTIFIED));

        assertEquals(Optional.of(token), store.taskToken(r.requestId()));
        assertFalse(store.get(r.requestId()).toString().contains(token));
        Page<StoredRequest> listed = store.byRequester(r.request().requester().arn(), Optional.empty(), 10, null);
        assertFalse(listed.toString().contains(token));
        assertEquals(1, listed.items().size());
        assertEquals(Optional.empty(), store.taskToken("no-such-request"));
    }

    @Test
    void appendEvent_shouldContinueChainWithoutBumpingVersion_andLaterChangesStillLand() {
        StoredRequest r = created();

        AuditEntry rejected = store.appendEvent(r.requestId(), AuditDraft.of(AuditType.LINK_REJECTED,
                "unknown", ActorKind.ANONYMOUS, Outcome.REFUSED).withDetail("reason", "bad-mac"));

        assertEquals(2, rejected.seq());
        assertEquals(1, store.get(r.requestId()).version());
        // r still names seq 1 as the head: the store continues the chain from where it really is.
        StoredRequest cancelled = store.apply(r, RequestUpdate.moveTo(Status.CANCELLED),
                Fixtures.system(AuditType.CANCELLED));
        assertEquals(3, cancelled.auditHead().seq());
        assertEquals(List.of(AuditType.REQUESTED, AuditType.LINK_REJECTED, AuditType.CANCELLED),
                audit.entries(r.requestId()).stream().map(AuditEntry::type).toList());
        assertTrue(audit.verify(r.requestId()).valid());
    }

    @Test
    void writes_shouldNeverStampAnEntryBeforeItsPredecessor_whenAWritersClockRunsBehind() {
        StoredRequest r = created();
        MutableClock behind = new MutableClock(T0.minusMillis(40));
        RequestStore lagging = new RequestStore(ddb, config, behind, TestAuditKey.SIGNER);

        lagging.appendEvent(r.requestId(), Fixtures.system(AuditType.NOTIFIED));
        lagging.apply(store.get(r.requestId()), RequestUpdate.moveTo(Status.CANCELLED),
                Fixtures.system(AuditType.CANCELLED));

        List<AuditEntry> entries = audit.entries(r.requestId());
        assertEquals(List.of(T0, T0, T0), entries.stream().map(AuditEntry::at).toList());
        assertTrue(audit.verify(r.requestId()).valid());
    }

    @Test
    void appendEvent_shouldGiveConcurrentWritersDistinctSeqs() throws Exception {
        StoredRequest r = created();
        int writers = 4;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String actor = "holder-" + w;
                results.add(pool.submit(() -> {
                    start.await();
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        seqs.add(store.appendEvent(r.requestId(), AuditDraft.of(AuditType.LINK_REJECTED, actor,
                                ActorKind.ANONYMOUS, Outcome.REFUSED)).seq());
                    }
                    return seqs;
                }));
            }
            start.countDown();
            java.util.Set<Long> all = new java.util.TreeSet<>();
            for (Future<List<Long>> f : results) {
                all.addAll(f.get(60, TimeUnit.SECONDS));
            }

            assertEquals(writers * each, all.size(), "no two appends share a seq");
            assertEquals(java.util.stream.LongStream.rangeClosed(2, 1 + writers * each).boxed().toList(),
                    new ArrayList<>(all));
            assertEquals(Verification.Chain.ok(Verification.MAIN, 1 + writers * each),
                    audit.verify(r.requestId()).chain(Verification.MAIN));
            assertEquals(1, store.get(r.requestId()).version());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void appendEvent_shouldKeepChainOfItsOwn_forIdNoRequestHolds() {
        AuditDraft rejected = AuditDraft.of(AuditType.REJECTED, Fixtures.ALICE_ARN, ActorKind.REQUESTER,
                Outcome.REFUSED).withDetail("reasonCode", "FORBIDDEN_ACTION");

        store.appendEvent("rejected-1", rejected);
        AuditEntry second = store.appendEvent("rejected-1", rejected);

        assertEquals(2, second.seq());
        assertEquals(Verification.Chain.ok(Verification.MAIN, 2), audit.verify("rejected-1").chain(Verification.MAIN));
        assertTrue(store.find("rejected-1").isEmpty());
    }

    @Test
    void byRequester_shouldPageNewestFirst() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            AccessRequest r = Fixtures.request(Fixtures.requester("alice"), T0.plusSeconds(i * 60L));
            store.create(r, Fixtures.hashOf(r), Fixtures.requested(r));
            ids.add(0, r.requestId());
            AccessRequest other = Fixtures.request(Fixtures.requester("mallory"), T0.plusSeconds(i * 60L));
            store.create(other, Fixtures.hashOf(other), Fixtures.requested(other));
        }

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            Page<StoredRequest> page = store.byRequester(Fixtures.requester("alice").arn(), Optional.empty(), 3,
                    cursor);
            page.items().forEach(r -> seen.add(r.requestId()));
            sizes.add(page.items().size());
            cursor = page.nextCursor();
        } while (cursor != null);

        assertEquals(ids, seen);
        assertEquals(List.of(3, 3, 1), sizes.subList(0, 3));
    }

    @Test
    void byRequester_shouldRefuseCursorFromAnotherRequestersListing() {
        for (int i = 0; i < 3; i++) {
            AccessRequest other = Fixtures.request(Fixtures.requester("mallory"), T0.plusSeconds(i));
            store.create(other, Fixtures.hashOf(other), Fixtures.requested(other));
        }
        String malloryCursor = store.byRequester(Fixtures.requester("mallory").arn(), Optional.empty(), 1, null)
                .nextCursor();
        assertNotNull(malloryCursor);

        assertThrows(IllegalArgumentException.class, () ->
                store.byRequester(Fixtures.requester("alice").arn(), Optional.empty(), 1, malloryCursor));
        assertThrows(IllegalArgumentException.class, () ->
                store.byRequester(Fixtures.requester("alice").arn(), Optional.empty(), 1, "not-a-cursor"));
    }

    @Test
    void byRequester_shouldFilterByStatus() {
        StoredRequest cancelled = store.apply(created(), RequestUpdate.moveTo(Status.CANCELLED),
                Fixtures.system(AuditType.CANCELLED));
        clock.advance(Duration.ofSeconds(1));
        StoredRequest pending = created();

        List<String> cancelledIds = new ArrayList<>();
        String cursor = null;
        do {
            Page<StoredRequest> page = store.byRequester(Fixtures.requester("alice").arn(),
                    Optional.of(Status.CANCELLED), 1, cursor);
            page.items().forEach(r -> cancelledIds.add(r.requestId()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertEquals(List.of(cancelled.requestId()), cancelledIds);
        assertFalse(cancelledIds.contains(pending.requestId()));
    }

    @Test
    void windowEndedBefore_shouldFindActiveRequestsWhoseWindowIsOver() {
        StoredRequest overdue = activeWithWindowEnding(T0.minus(Duration.ofMinutes(10)));
        activeWithWindowEnding(T0.plus(Duration.ofMinutes(10)));
        StoredRequest expired = activeWithWindowEnding(T0.minus(Duration.ofMinutes(20)));
        store.apply(expired, RequestUpdate.moveTo(Status.EXPIRED), Fixtures.system(AuditType.EXPIRED));
        StoredRequest failed = activeWithWindowEnding(T0.minus(Duration.ofMinutes(30)));
        store.apply(failed, RequestUpdate.moveTo(Status.REVOKE_FAILED), Fixtures.system(AuditType.REVOKE_FAILED));
        created(); // pending: no window, not in the index at all

        Page<StoredRequest> active = store.windowEndedBefore(Status.ACTIVE, T0, 10, null);
        Page<StoredRequest> revokeFailed = store.windowEndedBefore(Status.REVOKE_FAILED, T0, 10, null);

        assertEquals(List.of(overdue.requestId()), active.items().stream().map(StoredRequest::requestId).toList());
        assertNull(active.nextCursor());
        assertEquals(List.of(failed.requestId()),
                revokeFailed.items().stream().map(StoredRequest::requestId).toList());
    }

    @Test
    void windowEndedBefore_shouldPageOldestFirst() {
        List<String> expected = new ArrayList<>();
        for (int i = 5; i >= 1; i--) {
            expected.add(activeWithWindowEnding(T0.minus(Duration.ofMinutes(i))).requestId());
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page<StoredRequest> page = store.windowEndedBefore(Status.ACTIVE, T0, 2, cursor);
            page.items().forEach(r -> seen.add(r.requestId()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertEquals(expected, seen);
    }

    private StoredRequest activeWithWindowEnding(Instant notAfter) {
        StoredRequest r = created();
        r = store.apply(r, RequestUpdate.moveTo(Status.APPROVED)
                        .withWindow(new GrantWindow(notAfter.minus(Duration.ofMinutes(30)), notAfter)),
                Fixtures.approver(AuditType.APPROVED, "bob"));
        return store.apply(r, RequestUpdate.moveTo(Status.ACTIVE), Fixtures.system(AuditType.GRANTED));
    }
}
