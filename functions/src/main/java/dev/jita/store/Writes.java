package dev.jita.store;

import static dev.jita.store.RequestItems.n;
import static dev.jita.store.RequestItems.s;

import dev.jita.domain.Status;
import dev.jita.domain.Times;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The store's transactions, built but not sent. Every rule the store enforces is in these condition
 * expressions, so DynamoDB refuses a bad write whoever sends it; the tests send them raw to prove it.
 * Item 0 is always the request; items 1.. are the audit entries; after them come the {@link Counters} the write
 * takes or gives back, if any.
 */
final class Writes {

    private Writes() {
    }

    /**
     * A new request (version 1), its first audit entries, the first of them seq 1, and the counters it takes a place
     * in ({@link Counters#take}).
     */
    static TransactWriteItemsRequest create(StoreConfig config, Map<String, AttributeValue> requestItem,
                                            List<Map<String, AttributeValue>> firstAudit,
                                            List<TransactWriteItem> counterTakes) {
        Put request = Put.builder()
                .tableName(config.requestsTable())
                .item(requestItem)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", RequestItems.REQUEST_ID))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(request).build());
        firstAudit.forEach(a -> items.add(auditPut(config, a)));
        items.addAll(counterTakes);
        return TransactWriteItemsRequest.builder().transactItems(items).build();
    }

    /**
     * One guarded change: the request update, conditioned on the expected version, the expected audit seq and
     * whatever the update's parts demand, plus its audit entries; it also gives back the places the request held in
     * {@code released} (kind to counter key): the counters go down and the request no longer names them, in the same
     * transaction as the move that ends what they count.
     */
    static TransactWriteItemsRequest update(StoreConfig config, String requestId, long expectedVersion,
                                            long expectedAuditSeq, RequestUpdate u, Map<Caps.Kind, String> released,
                                            List<Map<String, AttributeValue>> auditItems) {
        Expression e = Expression.versioned(expectedVersion, expectedAuditSeq, auditItems);
        Map<String, String> names = e.names();
        Map<String, AttributeValue> values = e.values();
        List<String> sets = e.sets();
        List<String> conditions = e.conditions();

        if (u.target() != null || u.approverId() != null) {
            names.put("#status", RequestItems.STATUS);
        }
        if (u.target() != null) {
            values.put(":target", s(u.target().name()));
            sets.add("#status = :target");
            conditions.add(statusIn(Status.sourcesOf(u.target()), values));
        }
        if (u.approverId() != null) {
            names.put("#approvals", RequestItems.APPROVALS);
            names.put("#approver", u.approverId());
            values.put(":pending", s(Status.PENDING_APPROVAL.name()));
            values.put(":approval", RequestItems.approvalValue(u.approval()));
            sets.add("#approvals.#approver = :approval");
            conditions.add("#status = :pending");
            conditions.add("attribute_not_exists(#approvals.#approver)");
        }
        if (u.window() != null) {
            names.put("#notBefore", RequestItems.NOT_BEFORE);
            names.put("#notAfter", RequestItems.NOT_AFTER);
            values.put(":notBefore", s(Times.iso(u.window().notBefore())));
            values.put(":notAfter", s(Times.iso(u.window().notAfter())));
            sets.add("#notBefore = :notBefore");
            sets.add("#notAfter = :notAfter");
        }
        if (u.grant() != null) {
            names.put("#grant", RequestItems.GRANT);
            values.put(":grant", RequestItems.stringMap(u.grant()));
            sets.add("#grant = :grant");
        }
        if (u.incidentId() != null) {
            names.put("#incident", RequestItems.INCIDENT_ID);
            values.put(":incident", s(u.incidentId()));
            sets.add("#incident = :incident");
        }
        if (u.taskToken() != null) {
            names.put("#taskToken", RequestItems.TASK_TOKEN);
            values.put(":taskToken", s(u.taskToken()));
            sets.add("#taskToken = :taskToken");
        }
        List<String> removes = new ArrayList<>();
        released.keySet().forEach(kind -> {
            String placeholder = "#counted" + kind.ordinal();
            names.put(placeholder, Counters.attribute(kind));
            removes.add(placeholder);
        });
        TransactWriteItemsRequest write = requestUpdateWithAudit(config, requestId, names, values, sets, removes,
                conditions, auditItems);
        if (released.isEmpty()) {
            return write;
        }
        List<TransactWriteItem> items = new ArrayList<>(write.transactItems());
        released.values().forEach(counter -> items.add(Counters.release(config, counter)));
        return write.toBuilder().transactItems(items).build();
    }

    /**
     * The sweeper's {@code restart}-th start of the request's workflow, recorded before it starts it: conditioned on
     * the expected version (so of two sweeps, or a sweep and a workflow that moved the request meanwhile, one wins)
     * and on the restarts recorded so far, with its audit entries.
     */
    static TransactWriteItemsRequest restart(StoreConfig config, String requestId, long expectedVersion,
                                             long expectedAuditSeq, int restart, String at,
                                             List<Map<String, AttributeValue>> auditItems) {
        Expression e = Expression.versioned(expectedVersion, expectedAuditSeq, auditItems);
        Map<String, String> names = e.names();
        Map<String, AttributeValue> values = e.values();
        List<String> sets = e.sets();
        List<String> conditions = e.conditions();

        names.put("#restarts", RequestItems.WORKFLOW_RESTARTS);
        names.put("#restartedAt", RequestItems.WORKFLOW_RESTARTED_AT);
        values.put(":restart", n(restart));
        values.put(":restartedAt", s(at));
        sets.add("#restarts = :restart");
        sets.add("#restartedAt = :restartedAt");
        if (restart == 1) {
            conditions.add("attribute_not_exists(#restarts)");
        } else {
            values.put(":previous", n(restart - 1L));
            conditions.add("#restarts = :previous");
        }
        return requestUpdateWithAudit(config, requestId, names, values, sets, List.of(), conditions, auditItems);
    }

    /** Audit entries alone for an existing request: the request's audit seq moves, its version does not. */
    static TransactWriteItemsRequest appendOnly(StoreConfig config, String requestId, long expectedAuditSeq,
                                                List<Map<String, AttributeValue>> auditItems) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        chainAdvance(names, values, sets, conditions, expectedAuditSeq, auditItems);
        return requestUpdateWithAudit(config, requestId, names, values, sets, List.of(), conditions, auditItems);
    }

    /**
     * {@link #appendOnly}, plus a put of the marker item {@code markerKey} on condition it does not exist: last in
     * the transaction, so a refusal there means the same append was made before.
     *
     * @param newOnceType a type to add to the request's {@link RequestItems#ONCE_TYPES}, which the caller read
     *                    without it at {@code expectedAuditSeq}; null when it is there already
     */
    static TransactWriteItemsRequest appendOnlyOnce(StoreConfig config, String requestId, long expectedAuditSeq,
                                                    List<Map<String, AttributeValue>> auditItems, String markerKey,
                                                    String newOnceType) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> sets = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        chainAdvance(names, values, sets, conditions, expectedAuditSeq, auditItems);
        if (newOnceType != null) {
            names.put("#onceTypes", RequestItems.ONCE_TYPES);
            values.put(":onceType", AttributeValue.builder().l(s(newOnceType)).build());
            values.put(":noTypes", AttributeValue.builder().l(List.of()).build());
            sets.add("#onceTypes = list_append(if_not_exists(#onceTypes, :noTypes), :onceType)");
        }
        TransactWriteItemsRequest append = requestUpdateWithAudit(config, requestId, names, values, sets, List.of(),
                conditions, auditItems);
        List<TransactWriteItem> items = new ArrayList<>(append.transactItems());
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(config.requestsTable())
                .item(Map.of(RequestItems.REQUEST_ID, s(markerKey)))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", RequestItems.REQUEST_ID))
                .build()).build());
        return append.toBuilder().transactItems(items).build();
    }

    /**
     * Audit entries for an id no request holds (a rejected intake, a link naming nothing): the check that the
     * request still does not exist keeps a concurrent create from forking the chain.
     */
    static TransactWriteItemsRequest appendWithoutRequest(StoreConfig config, String requestId,
                                                          List<Map<String, AttributeValue>> auditItems) {
        ConditionCheck absent = ConditionCheck.builder()
                .tableName(config.requestsTable())
                .key(Map.of(RequestItems.REQUEST_ID, s(requestId)))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", RequestItems.REQUEST_ID))
                .build();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().conditionCheck(absent).build());
        auditItems.forEach(a -> items.add(auditPut(config, a)));
        return TransactWriteItemsRequest.builder().transactItems(items).build();
    }

    /**
     * The first entries of a chain that no request item heads (the forged-link side chain): an item under the
     * chain's key records its head from now on, as a request item does for its own chain, so a removed tail shows
     * in verify. Its condition, like {@link #appendWithoutRequest}'s, keeps two first writers from forking the chain.
     */
    static TransactWriteItemsRequest appendStartingHead(StoreConfig config, String chainKey,
                                                        List<Map<String, AttributeValue>> auditItems) {
        Map<String, AttributeValue> last = auditItems.get(auditItems.size() - 1);
        Map<String, AttributeValue> head = new HashMap<>();
        head.put(RequestItems.REQUEST_ID, s(chainKey));
        head.put(RequestItems.AUDIT_SEQ, n(Long.parseLong(last.get(AuditItems.SEQ).s())));
        head.put(RequestItems.AUDIT_HEAD, last.get(AuditItems.HASH));
        head.put(RequestItems.AUDIT_AT, last.get(AuditItems.AT));
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(config.requestsTable())
                .item(head)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", RequestItems.REQUEST_ID))
                .build()).build());
        auditItems.forEach(a -> items.add(auditPut(config, a)));
        return TransactWriteItemsRequest.builder().transactItems(items).build();
    }

    private static void chainAdvance(Map<String, String> names, Map<String, AttributeValue> values,
                                     List<String> sets, List<String> conditions, long expectedAuditSeq,
                                     List<Map<String, AttributeValue>> auditItems) {
        if (auditItems.isEmpty()) {
            throw new IllegalArgumentException("every change to a request needs its audit entry");
        }
        Map<String, AttributeValue> last = auditItems.get(auditItems.size() - 1);
        names.put("#auditSeq", RequestItems.AUDIT_SEQ);
        names.put("#auditHead", RequestItems.AUDIT_HEAD);
        values.put(":expectedAuditSeq", n(expectedAuditSeq));
        values.put(":auditSeq", n(expectedAuditSeq + auditItems.size()));
        values.put(":auditHead", last.get(AuditItems.HASH));
        conditions.add("#auditSeq = :expectedAuditSeq");
        sets.add("#auditSeq = :auditSeq");
        sets.add("#auditHead = :auditHead");
        names.put("#auditAt", RequestItems.AUDIT_AT);
        values.put(":auditAt", last.get(AuditItems.AT));
        sets.add("#auditAt = :auditAt");
    }

    private static TransactWriteItemsRequest requestUpdateWithAudit(
            StoreConfig config, String requestId, Map<String, String> names, Map<String, AttributeValue> values,
            List<String> sets, List<String> removes, List<String> conditions,
            List<Map<String, AttributeValue>> auditItems) {
        String expression = "SET " + String.join(", ", sets)
                + (removes.isEmpty() ? "" : " REMOVE " + String.join(", ", removes));
        Update update = Update.builder()
                .tableName(config.requestsTable())
                .key(Map.of(RequestItems.REQUEST_ID, s(requestId)))
                .updateExpression(expression)
                .conditionExpression(String.join(" AND ", conditions))
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(update).build());
        auditItems.forEach(a -> items.add(auditPut(config, a)));
        return TransactWriteItemsRequest.builder().transactItems(items).build();
    }

    /** Append-only: a put that never overwrites. */
    static TransactWriteItem auditPut(StoreConfig config, Map<String, AttributeValue> auditItem) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(config.auditTable())
                .item(auditItem)
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", AuditItems.REQUEST_ID))
                .build()).build();
    }

    /**
     * {@code #status IN (...)} over the legal sources. A target nothing may move to gets a condition no item
     * meets, so that DynamoDB, not Java, refuses the write.
     */
    private static String statusIn(Set<Status> sources, Map<String, AttributeValue> values) {
        if (sources.isEmpty()) {
            return "attribute_not_exists(#status)";
        }
        List<String> placeholders = new ArrayList<>();
        int i = 0;
        for (Status source : sources) {
            String p = ":from" + i++;
            values.put(p, s(source.name()));
            placeholders.add(p);
        }
        return "#status IN (" + String.join(", ", placeholders) + ")";
    }

    /** An update expression being built: the version moves by one and the audit chain advances past its entries. */
    private record Expression(Map<String, String> names, Map<String, AttributeValue> values, List<String> sets,
                              List<String> conditions) {
        static Expression versioned(long expectedVersion, long expectedAuditSeq,
                                    List<Map<String, AttributeValue>> auditItems) {
            Expression e = new Expression(new HashMap<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>());
            e.names().put("#version", RequestItems.VERSION);
            e.values().put(":expectedVersion", n(expectedVersion));
            e.values().put(":nextVersion", n(expectedVersion + 1));
            e.conditions().add("#version = :expectedVersion");
            e.sets().add("#version = :nextVersion");
            chainAdvance(e.names(), e.values(), e.sets(), e.conditions(), expectedAuditSeq, auditItems);
            return e;
        }
    }
}
