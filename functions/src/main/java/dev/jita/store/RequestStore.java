package dev.jita.store;

import static dev.jita.store.RequestItems.n;
import static dev.jita.store.RequestItems.s;

import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.domain.Times;
import dev.jita.links.MacSigner;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Requests and their audit trail on DynamoDB. Every change to a request is one TransactWriteItems holding the
 * request's conditional update and its audit entries, so neither exists without the other; the conditions
 * (version, lifecycle, approver not yet decided, audit seq) are checked by DynamoDB in that write. The same
 * transaction takes the new request's place in its role's {@link Caps} counters, or gives it back on the move that
 * ends what they count ({@link Counters}), whichever code makes the move.
 */
public final class RequestStore {

    /** Retries when only the audit chain moved (an audit-only append landed in between) or on contention. */
    private static final int ATTEMPTS = 5;
    /** Audit-only appends commute, so they retry longer: a burst of rejected links must all be recorded. */
    private static final int APPEND_ATTEMPTS = 10;
    private static final int MAX_PAGE = 100;
    /** A write that changes nothing the update record describes (a restart sets attributes of its own). */
    private static final RequestUpdate NO_CHANGE = new RequestUpdate(null, null, null, null, null, null, null);

    private final DynamoDbClient ddb;
    private final StoreConfig config;
    private final Clock clock;
    private final MacSigner auditKey;

    /**
     * @param auditKey signs every audit entry this store appends ({@link AuditItems#signed}): the audit key, never
     *                 the link key
     */
    public RequestStore(DynamoDbClient ddb, StoreConfig config, Clock clock, MacSigner auditKey) {
        this.ddb = Objects.requireNonNull(ddb, "ddb");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.auditKey = Objects.requireNonNull(auditKey, "auditKey");
    }

    /** {@link #create(AccessRequest, String, AuditDraft, Caps)} counted but not capped: for tools and tests. */
    public StoredRequest create(AccessRequest request, String requestHash, AuditDraft requested) {
        return create(request, requestHash, requested, Caps.NONE);
    }

    /**
     * Stores a new request as PENDING_APPROVAL, version 1, with its REQUESTED entry as audit seq 1, counted against
     * its role's {@code caps} in the same transaction.
     *
     * @param requestHash the request's canonical hash as the domain computes it
     * @throws ConflictException   ALREADY_EXISTS when the id is taken
     * @throws CapReachedException when the role is at a cap; nothing was written
     */
    public StoredRequest create(AccessRequest request, String requestHash, AuditDraft requested, Caps caps) {
        Map<String, AttributeValue> item = RequestItems.newItem(request, requestHash);
        return insert(request, item, List.of(requested), caps);
    }

    /** {@link #createApproved(AccessRequest, String, AuditDraft, GrantWindow, AuditDraft, Caps)}, not capped. */
    public StoredRequest createApproved(AccessRequest request, String requestHash, AuditDraft requested,
                                        GrantWindow window, AuditDraft approved) {
        return createApproved(request, requestHash, requested, window, approved, Caps.NONE);
    }

    /**
     * Stores a new request that its rule approves on arrival: SCHEDULED over {@code window}, version 1, with its
     * REQUESTED entry as audit seq 1 and the approval as seq 2, all in one transaction (with its place in its role's
     * grants cap), so that no reader ever sees it pending and no crash leaves it half approved.
     *
     * @throws ConflictException   ALREADY_EXISTS when the id is taken
     * @throws CapReachedException when the role is at its grants cap; nothing was written
     */
    public StoredRequest createApproved(AccessRequest request, String requestHash, AuditDraft requested,
                                        GrantWindow window, AuditDraft approved, Caps caps) {
        Objects.requireNonNull(window, "window");
        Map<String, AttributeValue> item = RequestItems.newItem(request, requestHash);
        item.put(RequestItems.STATUS, s(Status.SCHEDULED.name()));
        item.put(RequestItems.NOT_BEFORE, s(Times.iso(window.notBefore())));
        item.put(RequestItems.NOT_AFTER, s(Times.iso(window.notAfter())));
        return insert(request, item, List.of(requested, approved), caps);
    }

    private StoredRequest insert(AccessRequest request, Map<String, AttributeValue> item, List<AuditDraft> events,
                                 Caps caps) {
        Objects.requireNonNull(caps, "caps");
        List<Map<String, AttributeValue>> audit = chain(request.requestId(),
                new StoredRequest.ChainHead(0, AuditItems.GENESIS), events);
        Map<String, AttributeValue> head = audit.get(audit.size() - 1);
        item.put(RequestItems.AUDIT_SEQ, n(Long.parseLong(head.get(AuditItems.SEQ).s())));
        item.put(RequestItems.AUDIT_HEAD, head.get(AuditItems.HASH));
        item.put(RequestItems.AUDIT_AT, head.get(AuditItems.AT));
        List<Caps.Kind> counted = new ArrayList<>();
        List<TransactWriteItem> takes = new ArrayList<>();
        for (Caps.Kind kind : Caps.Kind.values()) {
            if (kind.counts(RequestItems.status(item))) {
                String counter = Counters.key(kind, request.requester());
                item.put(Counters.attribute(kind), s(counter));
                counted.add(kind);
                takes.add(Counters.take(config, counter, caps.max(kind)));
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                ddb.transactWriteItems(Writes.create(config, item, audit, takes));
                return RequestItems.stored(item);
            } catch (TransactionCanceledException e) {
                ConflictException.Reason reason = Refusals.failedAt(e, 0) ? ConflictException.Reason.ALREADY_EXISTS
                        : Refusals.failedIn(e, 1, audit.size()) ? ConflictException.Reason.AUDIT_SEQ_TAKEN
                        : null;
                if (reason != null) {
                    ConflictException conflict = new ConflictException(request.requestId(), reason, 0, -1, null,
                            RequestItems.status(item));
                    conflict.initCause(e);
                    throw conflict;
                }
                for (int i = 0; i < counted.size(); i++) {
                    if (Refusals.failedAt(e, 1 + audit.size() + i)) {
                        CapReachedException full = new CapReachedException(request.requestId(), counted.get(i),
                                caps.max(counted.get(i)));
                        full.initCause(e);
                        throw full;
                    }
                }
                // Contention (on the role's counters, mostly): nothing was written, so the same write may go again.
                if (!Refusals.contended(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                Refusals.backOff(attempt);
            }
        }
    }

    /** The request without its task token; a strongly consistent read. */
    public Optional<StoredRequest> find(String requestId) {
        Map<String, String> names = new HashMap<>();
        String projection = RequestItems.visibleProjection(names);
        Map<String, AttributeValue> item = ddb.getItem(GetItemRequest.builder()
                .tableName(config.requestsTable())
                .key(key(requestId))
                .consistentRead(true)
                .projectionExpression(projection)
                .expressionAttributeNames(names)
                .build()).item();
        // A cap counter shares the table but is no request: it has no creation time.
        return item == null || !item.containsKey(RequestItems.CREATED_AT) ? Optional.empty()
                : Optional.of(RequestItems.stored(item));
    }

    public StoredRequest get(String requestId) {
        return find(requestId).orElseThrow(() -> new RequestNotFoundException(requestId));
    }

    /** The workflow's task token, for the callback function alone; never part of what the API reads. */
    public Optional<String> taskToken(String requestId) {
        Map<String, AttributeValue> item = ddb.getItem(GetItemRequest.builder()
                .tableName(config.requestsTable())
                .key(key(requestId))
                .consistentRead(true)
                .projectionExpression("#t")
                .expressionAttributeNames(Map.of("#t", RequestItems.TASK_TOKEN))
                .build()).item();
        return Optional.ofNullable(item == null ? null : RequestItems.str(item, RequestItems.TASK_TOKEN));
    }

    public StoredRequest apply(StoredRequest current, RequestUpdate update, AuditDraft event) {
        return apply(current, update, List.of(event));
    }

    /**
     * Writes {@code update} over {@code current} with {@code events} appended to the audit chain, in one
     * transaction that DynamoDB refuses unless the request is still at {@code current.version()} and the
     * lifecycle allows the move.
     *
     * @return the request as it is after the write
     * @throws ConflictException         the write was refused; its reason says why
     * @throws RequestNotFoundException  the request does not exist
     */
    public StoredRequest apply(StoredRequest current, RequestUpdate update, List<AuditDraft> events) {
        if (events.isEmpty()) {
            throw new IllegalArgumentException("every change to a request needs its audit entry");
        }
        // The current status is the one the write's version condition holds it to.
        Map<Caps.Kind, String> released = Counters.releasedBy(current, update.target());
        return writeVersioned(current, update, events, released, (seq, audit) -> Writes.update(config,
                current.requestId(), current.version(), seq, update, released, audit), found -> { });
    }

    /**
     * Appends an audit entry that changes nothing on the request (NOTIFIED without a token, LINK_REJECTED...).
     * Works for ids no request holds too (REJECTED at intake), keeping a chain of its own.
     */
    public AuditEntry appendEvent(String requestId, AuditDraft event) {
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> request = rawRequest(requestId);
            TransactWriteItemsRequest write;
            Map<String, AttributeValue> audit;
            if (request.isEmpty()) {
                StoredRequest.ChainHead head = orphanHead(requestId);
                audit = chain(requestId, head, List.of(event)).get(0);
                // A side chain gets an item recording its head; a rejected intake's chain stays without one, so that
                // nothing ever stands where a request could be created under that id.
                write = AuditLog.isSideChain(requestId) ? Writes.appendStartingHead(config, requestId, List.of(audit))
                        : Writes.appendWithoutRequest(config, requestId, List.of(audit));
            } else {
                StoredRequest.ChainHead head = RequestItems.chainHead(request);
                long seq = head.seq();
                audit = chain(requestId, head, List.of(event)).get(0);
                write = Writes.appendOnly(config, requestId, seq, List.of(audit));
            }
            try {
                ddb.transactWriteItems(write);
                return AuditItems.entry(audit);
            } catch (TransactionCanceledException e) {
                // Someone appended, or the request was created, meanwhile: read again and continue the chain.
                if (attempt >= APPEND_ATTEMPTS) {
                    throw new IllegalStateException("audit chain of " + requestId + " kept moving under "
                            + APPEND_ATTEMPTS + " attempts to append: retry later", e);
                }
                Refusals.backOff(attempt);
            }
        }
    }

    /**
     * What {@link #appendEventOnce} wrote.
     *
     * @param firstOfType whether no entry of this entry's type had been appended through {@link #appendEventOnce}
     *                    to the request before: true for exactly one entry per request and type
     */
    public record OnceAppended(AuditEntry entry, boolean firstOfType) {
        public OnceAppended {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /**
     * Appends an audit entry to an existing request's chain once per {@code onceKey}: a marker item
     * ({@link #onceMarker}) is put in the same transaction on condition it does not exist yet, so a second append
     * under the same key (an EventBridge redelivery, two at once) writes nothing and answers empty.
     *
     * <p>The request item also keeps the types appended this way ({@link RequestItems#ONCE_TYPES}), added in the same
     * transaction, which is conditioned on the chain head read together with them: whether this entry is the first of
     * its type is decided on the state the write commits on, so of two concurrent first appends only one is first.
     *
     * @param onceKey what makes two appends the same one, e.g. a CloudTrail event id; no '#'
     * @return the entry written, or empty when one was already written under {@code onceKey}
     * @throws RequestNotFoundException when no request holds {@code requestId}
     */
    public Optional<OnceAppended> appendEventOnce(String requestId, String onceKey, AuditDraft event) {
        String marker = onceMarker(requestId, onceKey);
        String type = event.type().name();
        for (int attempt = 1; ; attempt++) {
            Map<String, AttributeValue> request = rawRequest(requestId);
            if (request.isEmpty() || !request.containsKey(RequestItems.CREATED_AT)) {
                throw new RequestNotFoundException(requestId);
            }
            StoredRequest.ChainHead head = RequestItems.chainHead(request);
            boolean first = !RequestItems.onceTypes(request).contains(type);
            Map<String, AttributeValue> audit = chain(requestId, head, List.of(event)).get(0);
            TransactWriteItemsRequest write = Writes.appendOnlyOnce(config, requestId, head.seq(), List.of(audit),
                    marker, first ? type : null);
            try {
                ddb.transactWriteItems(write);
                return Optional.of(new OnceAppended(AuditItems.entry(audit), first));
            } catch (TransactionCanceledException e) {
                if (Refusals.failedAt(e, write.transactItems().size() - 1)) {
                    return Optional.empty(); // appended before under this key
                }
                if (attempt >= APPEND_ATTEMPTS) {
                    throw new IllegalStateException("audit chain of " + requestId + " kept moving under "
                            + APPEND_ATTEMPTS + " attempts to append: retry later", e);
                }
                Refusals.backOff(attempt);
            }
        }
    }

    /**
     * The key of the marker item {@link #appendEventOnce} leaves in the requests table: it has no creation time,
     * status or requester, so no read of requests and no index ever sees it (as {@link Counters} items).
     */
    static String onceMarker(String requestId, String onceKey) {
        if (onceKey == null || onceKey.isEmpty() || onceKey.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a once-key must be non-empty and hold no '#', was " + onceKey);
        }
        return requestId + "#once#" + onceKey;
    }

    /**
     * The requester's requests, newest first.
     *
     * @param status optional filter; pages may then hold fewer than {@code limit} items
     * @param cursor null for the first page, else a previous page's {@code nextCursor}
     * @throws IllegalArgumentException for a cursor this listing did not issue
     */
    public Page<StoredRequest> byRequester(String requesterArn, Optional<Status> status, int limit, String cursor) {
        Map<String, String> names = new HashMap<>();
        String projection = RequestItems.visibleProjection(names);
        names.put("#requester", RequestItems.REQUESTER_ARN);
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":requester", s(requesterArn));
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(config.requestsTable())
                .indexName(Tables.REQUESTS_BY_REQUESTER)
                .keyConditionExpression("#requester = :requester")
                .scanIndexForward(false)
                .limit(pageSize(limit))
                .projectionExpression(projection);
        status.ifPresent(st -> {
            names.put("#status", RequestItems.STATUS);
            values.put(":status", s(st.name()));
            query.filterExpression("#status = :status");
        });
        if (cursor != null) {
            query.exclusiveStartKey(Cursors.decode(cursor, Map.of(RequestItems.REQUESTER_ARN, requesterArn),
                    RequestItems.REQUEST_ID, RequestItems.CREATED_AT));
        }
        QueryResponse page = ddb.query(query.expressionAttributeNames(names).expressionAttributeValues(values)
                .build());
        return page(page);
    }

    /**
     * Requests in {@code status} whose window ended before {@code before}, oldest first: the sweeper's query
     * (e.g. ACTIVE requests whose revoke never ran).
     */
    public Page<StoredRequest> windowEndedBefore(Status status, Instant before, int limit, String cursor) {
        return byStatusBefore(Tables.REQUESTS_BY_STATUS, RequestItems.NOT_AFTER, status, before, limit, cursor);
    }

    /**
     * Requests in {@code status} created before {@code before}, oldest first: the sweeper's query for every status
     * a request can be stuck in, PENDING_APPROVAL (which has no window) included.
     */
    public Page<StoredRequest> createdBefore(Status status, Instant before, int limit, String cursor) {
        return byStatusBefore(Tables.REQUESTS_BY_STATUS_CREATED, RequestItems.CREATED_AT, status, before, limit,
                cursor);
    }

    /** Requests in {@code status} whose {@code sortKey} (the index's sort key) is before {@code before}. */
    private Page<StoredRequest> byStatusBefore(String index, String sortKey, Status status, Instant before, int limit,
                                               String cursor) {
        Map<String, String> names = new HashMap<>();
        String projection = RequestItems.visibleProjection(names);
        names.put("#status", RequestItems.STATUS);
        names.put("#sortKey", sortKey);
        QueryRequest.Builder query = QueryRequest.builder()
                .tableName(config.requestsTable())
                .indexName(index)
                .keyConditionExpression("#status = :status AND #sortKey < :before")
                .expressionAttributeNames(names)
                .expressionAttributeValues(Map.of(":status", s(status.name()), ":before", s(Times.iso(before))))
                .limit(pageSize(limit))
                .projectionExpression(projection);
        if (cursor != null) {
            query.exclusiveStartKey(Cursors.decode(cursor, Map.of(RequestItems.STATUS, status.name()),
                    RequestItems.REQUEST_ID, sortKey));
        }
        return page(ddb.query(query.build()));
    }

    /** How often the sweeper restarted the request's workflow, and when it last did; a strongly consistent read. */
    public WorkflowRestarts workflowRestarts(String requestId) {
        Map<String, AttributeValue> item = ddb.getItem(GetItemRequest.builder()
                .tableName(config.requestsTable())
                .key(key(requestId))
                .consistentRead(true)
                .projectionExpression("#n, #at")
                .expressionAttributeNames(Map.of("#n", RequestItems.WORKFLOW_RESTARTS,
                        "#at", RequestItems.WORKFLOW_RESTARTED_AT))
                .build()).item();
        return restartsOf(item == null ? Map.of() : item);
    }

    /**
     * Records the sweeper's {@code restart}-th start of the request's workflow, with its audit entry, before the
     * sweeper starts it: one transaction that DynamoDB refuses unless the request is still at
     * {@code current.version()}, so of two sweeps only one restarts it, and a workflow that moved the request on
     * meanwhile wins.
     *
     * @param restart the restarts recorded so far, plus one
     * @return the request as it is after the write
     * @throws ConflictException STALE_VERSION when the request changed since {@code current} was read
     */
    public StoredRequest recordRestart(StoredRequest current, int restart, AuditDraft event) {
        return writeVersioned(current, NO_CHANGE, List.of(event), Map.of(), (seq, audit) -> Writes.restart(config,
                current.requestId(), current.version(), seq, restart, Times.iso(clock.instant()), audit), found -> {
                    if (restartsOf(found).count() != restart - 1) {
                        throw new IllegalArgumentException("request " + current.requestId() + " has "
                                + restartsOf(found).count() + " restarts on record, so the next is not " + restart);
                    }
                });
    }

    /**
     * One versioned write with its audit entries, retried while only the audit chain moved (or DynamoDB reports
     * contention); any other refusal is explained by {@link Refusals#explain} or by {@code alsoRefuse}.
     *
     * @param write the transaction for the audit head's seq as it now stands and the entries chained after it
     */
    private StoredRequest writeVersioned(StoredRequest current, RequestUpdate update, List<AuditDraft> events,
                                         Map<Caps.Kind, String> released,
                                         BiFunction<Long, List<Map<String, AttributeValue>>,
                                                 TransactWriteItemsRequest> write,
                                         Consumer<Map<String, AttributeValue>> alsoRefuse) {
        String requestId = current.requestId();
        StoredRequest.ChainHead head = current.auditHead();
        for (int attempt = 1; ; attempt++) {
            List<Map<String, AttributeValue>> audit = chain(requestId, head, events);
            try {
                ddb.transactWriteItems(write.apply(head.seq(), audit));
                return after(current, update, released, audit);
            } catch (TransactionCanceledException e) {
                Map<String, AttributeValue> found = refusedItem(e, requestId);
                Refusals.explain(requestId, current.version(), update, found, e);
                alsoRefuse.accept(found);
                // Only the audit chain moved; continue it from where it now stands.
                head = RequestItems.chainHead(found);
                if (attempt >= ATTEMPTS) {
                    throw new IllegalStateException("request " + requestId + " kept changing under "
                            + ATTEMPTS + " attempts to write it: retry later", e);
                }
                if (Refusals.contended(e)) {
                    Refusals.backOff(attempt);
                }
            }
        }
    }

    private static WorkflowRestarts restartsOf(Map<String, AttributeValue> item) {
        long count = RequestItems.num(item, RequestItems.WORKFLOW_RESTARTS);
        String at = RequestItems.str(item, RequestItems.WORKFLOW_RESTARTED_AT);
        return count <= 0 || at == null ? WorkflowRestarts.NONE : new WorkflowRestarts((int) count, Times.parse(at));
    }

    private Page<StoredRequest> page(QueryResponse response) {
        List<StoredRequest> items = response.items().stream().map(RequestItems::stored).toList();
        String next = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? Cursors.encode(response.lastEvaluatedKey())
                : null;
        return new Page<>(items, next);
    }

    private static int pageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        return limit;
    }

    /** Chains the drafts after {@code head}, all stamped now. */
    private List<Map<String, AttributeValue>> chain(String requestId, StoredRequest.ChainHead head,
                                                    List<AuditDraft> events) {
        Instant now = clock.instant();
        if (head.at() != null && now.isBefore(head.at())) {
            // Another writer's clock ran ahead of this one: never stamp an entry earlier than its predecessor.
            now = head.at();
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        long seq = head.seq();
        String prev = head.hash();
        for (AuditDraft draft : events) {
            Map<String, AttributeValue> item = AuditItems.signed(
                    AuditItems.item(requestId, ++seq, now, draft, prev), auditKey);
            prev = item.get(AuditItems.HASH).s();
            items.add(item);
        }
        return items;
    }

    /**
     * The request as it stood when the write was refused: from the cancellation reason (ALL_OLD) where DynamoDB
     * gives it, else read now.
     */
    private Map<String, AttributeValue> refusedItem(TransactionCanceledException e, String requestId) {
        if (e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()) {
            CancellationReason first = e.cancellationReasons().get(0);
            if (first.hasItem() && !first.item().isEmpty()) {
                return first.item();
            }
        }
        return rawRequest(requestId);
    }

    /** The whole item, task token included; for the store's own bookkeeping only. */
    private Map<String, AttributeValue> rawRequest(String requestId) {
        Map<String, AttributeValue> item = ddb.getItem(GetItemRequest.builder()
                .tableName(config.requestsTable())
                .key(key(requestId))
                .consistentRead(true)
                .build()).item();
        return item == null ? Map.of() : item;
    }

    /** The newest entry of a chain that has no request item. */
    private StoredRequest.ChainHead orphanHead(String requestId) {
        List<Map<String, AttributeValue>> last = ddb.query(QueryRequest.builder()
                .tableName(config.auditTable())
                .keyConditionExpression("#id = :id")
                .expressionAttributeNames(Map.of("#id", AuditItems.REQUEST_ID))
                .expressionAttributeValues(Map.of(":id", s(requestId)))
                .scanIndexForward(false)
                .limit(1)
                .consistentRead(true)
                .build()).items();
        if (last.isEmpty()) {
            return new StoredRequest.ChainHead(0, AuditItems.GENESIS);
        }
        Map<String, AttributeValue> tail = last.get(0);
        return new StoredRequest.ChainHead(Long.parseLong(tail.get(AuditItems.SEQ).s()),
                tail.get(AuditItems.HASH).s(), Times.parse(tail.get(AuditItems.AT).s()));
    }

    private static StoredRequest after(StoredRequest current, RequestUpdate u, Map<Caps.Kind, String> released,
                                       List<Map<String, AttributeValue>> audit) {
        Map<String, Approval> approvals = new LinkedHashMap<>(current.approvals());
        if (u.approverId() != null) {
            approvals.put(u.approverId(), new Approval(u.approval().decision(),
                    Times.parse(Times.iso(u.approval().at())), u.approval().comment()));
        }
        GrantWindow window = u.window() == null ? current.window()
                : new GrantWindow(Times.parse(Times.iso(u.window().notBefore())),
                        Times.parse(Times.iso(u.window().notAfter())));
        Map<String, AttributeValue> last = audit.get(audit.size() - 1);
        Map<Caps.Kind, String> counters = new EnumMap<>(Caps.Kind.class);
        counters.putAll(current.counters());
        released.keySet().forEach(counters::remove);
        return new StoredRequest(current.request(), current.requestHash(),
                u.target() == null ? current.status() : u.target(),
                current.version() + 1, approvals, window,
                u.grant() == null ? current.grant() : u.grant(),
                u.incidentId() == null ? current.incidentId() : u.incidentId(),
                new StoredRequest.ChainHead(Long.parseLong(last.get(AuditItems.SEQ).s()),
                        last.get(AuditItems.HASH).s(), Times.parse(last.get(AuditItems.AT).s())),
                counters);
    }

    private static Map<String, AttributeValue> key(String requestId) {
        return Map.of(RequestItems.REQUEST_ID, s(requestId));
    }
}
