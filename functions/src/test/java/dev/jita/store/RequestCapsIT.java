package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.audit.AuditType;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.standins.TestAuditKey;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * The per-role counters behind intake's caps (issue 10): taken in the transaction that creates a request, under a
 * condition on the count; given back in the transaction of whichever move ends what they count.
 */
class RequestCapsIT {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00.123Z");
    /** Two sessions of one role, as IAM names them: the role's unique id, then the session. */
    private static final Requester ALICE = session("alice");
    private static final Requester ALICE_RENAMED = session("alice-renamed");

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

    @Test
    void create_shouldRefuseWithCapReached_andWriteNothing_whenTheRoleIsAtItsPendingCap() {
        Caps caps = new Caps(2, 10);
        created(ALICE, caps);
        created(ALICE_RENAMED, caps);
        AccessRequest third = Fixtures.request(session("alice-again"), clock.instant());

        CapReachedException e = assertThrows(CapReachedException.class,
                () -> store.create(third, Fixtures.hashOf(third), Fixtures.requested(third), caps));

        assertEquals(Caps.Kind.PENDING, e.kind());
        assertEquals(2, e.limit());
        assertTrue(store.find(third.requestId()).isEmpty());
        assertTrue(audit.entries(third.requestId()).isEmpty());
        assertEquals(2, count(Caps.Kind.PENDING, ALICE));
        assertEquals(2, count(Caps.Kind.GRANTS, ALICE));
    }

    @Test
    void create_shouldCountOtherRolesApart() {
        Caps caps = new Caps(1, 10);
        created(ALICE, caps);
        Requester dba = new Requester("arn:aws:sts::111122223333:assumed-role/DbaRole/frank", "111122223333",
                "DbaRole", "frank", "AROAEXAMPLEDBAROLE01:frank");

        created(dba, caps);

        assertEquals(1, count(Caps.Kind.PENDING, ALICE));
        assertEquals(1, count(Caps.Kind.PENDING, dba));
    }

    @Test
    void createApproved_shouldTakeAGrantsPlaceOnly_andBeRefusedAtTheGrantsCap() {
        Caps caps = new Caps(1, 2);
        createdApproved(ALICE, caps);
        createdApproved(ALICE_RENAMED, caps);
        AccessRequest third = Fixtures.request(ALICE, clock.instant());

        CapReachedException e = assertThrows(CapReachedException.class, () -> store.createApproved(third,
                Fixtures.hashOf(third), Fixtures.requested(third), window(), Fixtures.system(AuditType.APPROVED),
                caps));

        assertEquals(Caps.Kind.GRANTS, e.kind());
        assertEquals(0, count(Caps.Kind.PENDING, ALICE));
        assertEquals(2, count(Caps.Kind.GRANTS, ALICE));
        assertTrue(store.find(third.requestId()).isEmpty());
    }

    @Test
    void create_shouldBeRefusedAtTheGrantsCap_countingPendingRequests() {
        Caps caps = new Caps(5, 2);
        created(ALICE, caps);
        createdApproved(ALICE, caps);
        AccessRequest third = Fixtures.request(ALICE, clock.instant());

        CapReachedException e = assertThrows(CapReachedException.class,
                () -> store.create(third, Fixtures.hashOf(third), Fixtures.requested(third), caps));

        assertEquals(Caps.Kind.GRANTS, e.kind());
        assertEquals(1, count(Caps.Kind.PENDING, ALICE));
    }

    static Stream<Status> exitsFromPending() {
        return Status.PENDING_APPROVAL.next().stream();
    }

    // Issue 10: "every exit from PENDING_APPROVAL releases it" (approved, denied, timed out, cancelled, failed...)
    @ParameterizedTest
    @MethodSource("exitsFromPending")
    void apply_shouldGiveBackThePendingPlace_onEveryMoveOutOfPending(Status target) {
        Caps caps = new Caps(1, 10);
        StoredRequest pending = created(ALICE, caps);
        assertThrows(CapReachedException.class, () -> created(ALICE_RENAMED, caps));

        StoredRequest moved = store.apply(pending, RequestUpdate.moveTo(target).withWindow(window()),
                Fixtures.system(AuditType.NOTIFIED));

        assertEquals(0, count(Caps.Kind.PENDING, ALICE));
        assertEquals(target.isFinal() ? 0 : 1, count(Caps.Kind.GRANTS, ALICE));
        assertEquals(moved, store.get(pending.requestId()));
        assertFalse(moved.counters().containsKey(Caps.Kind.PENDING));
        created(ALICE_RENAMED, caps);
    }

    @Test
    void apply_shouldKeepTheGrantsPlaceWhileTheGrantMayBeOnTheRole_andGiveItBackOnTheFinalMove() {
        Caps caps = new Caps(5, 1);
        StoredRequest r = created(ALICE, caps);

        for (Status next : List.of(Status.APPROVED, Status.ACTIVE, Status.REVOKE_FAILED)) {
            r = store.apply(r, RequestUpdate.moveTo(next).withWindow(window()), Fixtures.system(AuditType.NOTIFIED));
            assertEquals(1, count(Caps.Kind.GRANTS, ALICE), "still counted in " + next);
            assertThrows(CapReachedException.class, () -> created(ALICE_RENAMED, caps));
        }
        r = store.apply(r, RequestUpdate.moveTo(Status.EXPIRED), Fixtures.system(AuditType.EXPIRED));

        assertEquals(0, count(Caps.Kind.GRANTS, ALICE));
        assertEquals(Map.of(), store.get(r.requestId()).counters());
        created(ALICE_RENAMED, caps);
    }

    // security.md:26 "Every handler can run twice on the same input with one effect": a repeated move gives back
    // nothing twice.
    @Test
    void apply_shouldGiveBackOnce_whenTheSameMoveIsWrittenTwice() {
        Caps caps = new Caps(5, 5);
        StoredRequest first = created(ALICE, caps);
        created(ALICE_RENAMED, caps);
        store.apply(first, RequestUpdate.moveTo(Status.CANCELLED), Fixtures.system(AuditType.CANCELLED));

        assertThrows(ConflictException.class, () -> store.apply(first, RequestUpdate.moveTo(Status.CANCELLED),
                Fixtures.system(AuditType.CANCELLED)));

        assertEquals(1, count(Caps.Kind.PENDING, ALICE));
        assertEquals(1, count(Caps.Kind.GRANTS, ALICE));
    }

    @Test
    void apply_shouldGiveBackNothing_forARequestStoredBeforeTheCaps() {
        StoredRequest legacy = created(ALICE, Caps.NONE);
        // As an item written before the counters existed: it names none, and no counter counts it.
        ddb.updateItem(UpdateItemRequest.builder().tableName(config.requestsTable())
                .key(Map.of(RequestItems.REQUEST_ID, AttributeValue.fromS(legacy.requestId())))
                .updateExpression("REMOVE " + RequestItems.PENDING_COUNTER + ", " + RequestItems.GRANTS_COUNTER)
                .build());
        for (Caps.Kind kind : Caps.Kind.values()) {
            ddb.updateItem(UpdateItemRequest.builder().tableName(config.requestsTable())
                    .key(Map.of(RequestItems.REQUEST_ID, AttributeValue.fromS(Counters.key(kind, ALICE))))
                    .updateExpression("SET #c = :zero")
                    .expressionAttributeNames(Map.of("#c", Counters.COUNT))
                    .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0")))
                    .build());
        }

        store.apply(store.get(legacy.requestId()), RequestUpdate.moveTo(Status.CANCELLED),
                Fixtures.system(AuditType.CANCELLED));

        assertEquals(0, count(Caps.Kind.PENDING, ALICE));
        assertEquals(0, count(Caps.Kind.GRANTS, ALICE));
    }

    // Issue 10: 20 concurrent creates were all accepted; the condition on the counter admits exactly the cap.
    @Test
    void create_shouldAdmitExactlyTheCap_whenTwentyCreatesOfOneRoleRace() throws Exception {
        Caps caps = new Caps(5, 10);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Requester who = session("s" + i);
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        created(who, caps);
                        return true;
                    } catch (CapReachedException e) {
                        return false;
                    }
                }));
            }
            go.countDown();
            int admitted = 0;
            for (Future<Boolean> r : results) {
                admitted += r.get(60, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(5, admitted);
            assertEquals(5, count(Caps.Kind.PENDING, ALICE));
        } finally {
            pool.shutdownNow();
        }
    }

    // DynamoDB cancels a transaction that meets another on the same item (TransactionConflict); one role's counter
    // is such an item. Nothing was written, so the store writes again rather than failing the request.
    @Test
    void create_shouldWriteAgain_whenTheTransactionMetAnotherOnTheCounter() {
        AtomicInteger conflicts = new AtomicInteger(2);
        DynamoDbClient contended = (DynamoDbClient) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, (proxy, method, args) -> {
                    if (method.getName().equals("transactWriteItems") && conflicts.getAndDecrement() > 0) {
                        throw TransactionCanceledException.builder().message("Transaction cancelled")
                                .cancellationReasons(CancellationReason.builder().code("None").build(),
                                        CancellationReason.builder().code("None").build(),
                                        CancellationReason.builder().code("TransactionConflict").build(),
                                        CancellationReason.builder().code("None").build())
                                .build();
                    }
                    try {
                        return method.invoke(ddb, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        RequestStore store = new RequestStore(contended, config, clock, TestAuditKey.SIGNER);
        AccessRequest r = Fixtures.request(ALICE, clock.instant());

        StoredRequest stored = store.create(r, Fixtures.hashOf(r), Fixtures.requested(r), new Caps(1, 1));

        assertEquals(stored, this.store.get(r.requestId()));
        assertEquals(1, count(Caps.Kind.PENDING, ALICE));
        assertEquals(-1, conflicts.get());
    }

    @Test
    void counters_shouldNeverBeSeenAsRequests() {
        created(ALICE, Caps.NONE);

        assertEquals(1, store.byRequester(ALICE.arn(), java.util.Optional.empty(), 10, null).items().size());
        assertTrue(store.windowEndedBefore(Status.ACTIVE, T0.plus(Duration.ofDays(1)), 10, null).items().isEmpty());
        assertFalse(Counters.key(Caps.Kind.PENDING, ALICE).matches("r-[a-z2-7]{26}"));
        assertTrue(store.find(Counters.key(Caps.Kind.PENDING, ALICE)).isEmpty());
    }

    private static Requester session(String name) {
        return new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/" + name, "111122223333", "Engineer",
                name, "AROAEXAMPLEENGINEER1:" + name);
    }

    private StoredRequest created(Requester who, Caps caps) {
        AccessRequest r = Fixtures.request(who, clock.instant());
        return store.create(r, Fixtures.hashOf(r), Fixtures.requested(r), caps);
    }

    private StoredRequest createdApproved(Requester who, Caps caps) {
        AccessRequest r = Fixtures.request(who, clock.instant());
        return store.createApproved(r, Fixtures.hashOf(r), Fixtures.requested(r), window(),
                Fixtures.system(AuditType.APPROVED), caps);
    }

    private GrantWindow window() {
        return new GrantWindow(clock.instant(), clock.instant().plus(Duration.ofMinutes(30)));
    }

    private long count(Caps.Kind kind, Requester who) {
        Map<String, AttributeValue> item = ddb.getItem(GetItemRequest.builder().tableName(config.requestsTable())
                .key(Map.of(RequestItems.REQUEST_ID, AttributeValue.fromS(Counters.key(kind, who))))
                .consistentRead(true).build()).item();
        return item == null || !item.containsKey(Counters.COUNT) ? 0 : Long.parseLong(item.get(Counters.COUNT).n());
    }
}
