package dev.jita.store;

import dev.jita.domain.AccessRequest;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.domain.Times;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The requests table's item format. Flat, so that the index keys are top-level attributes. */
final class RequestItems {

    static final String REQUEST_ID = "requestId";
    static final String REQUESTER_ARN = "requesterArn";
    static final String REQUESTER_ACCOUNT = "requesterAccountId";
    static final String REQUESTER_ROLE = "requesterRoleName";
    static final String REQUESTER_SESSION = "requesterSessionName";
    static final String REQUESTER_USER_ID = "requesterUserId";
    static final String ACTIONS = "actions";
    static final String RESOURCES = "resources";
    static final String DURATION = "duration";
    static final String JUSTIFICATION = "justification";
    static final String TICKET = "ticket";
    static final String START_AT = "startAt";
    static final String RULE_ID = "ruleId";
    static final String CREATED_AT = "createdAt";
    static final String REQUEST_HASH = "requestHash";
    static final String STATUS = "status";
    static final String VERSION = "version";
    static final String APPROVALS = "approvals";
    static final String NOT_BEFORE = "notBefore";
    static final String NOT_AFTER = "notAfter";
    static final String GRANT = "grant";
    static final String INCIDENT_ID = "incidentId";
    static final String TASK_TOKEN = "taskToken";
    static final String AUDIT_SEQ = "auditSeq";
    static final String AUDIT_HEAD = "auditHead";
    /** The time of the chain's last entry ({@link StoredRequest.ChainHead#at()}). */
    static final String AUDIT_AT = "auditAt";
    /** How many times the sweeper started the request's workflow again, and when it last did (absent: never). */
    static final String WORKFLOW_RESTARTS = "workflowRestarts";
    static final String WORKFLOW_RESTARTED_AT = "workflowRestartedAt";
    /** The counters ({@link Counters}) the request holds a place in, by key; absent once it gave the place back. */
    static final String PENDING_COUNTER = "pendingCounter";
    static final String GRANTS_COUNTER = "grantsCounter";
    /**
     * The audit types appended through {@link RequestStore#appendEventOnce}, each once, in the order of their first
     * entry (absent: none yet): what tells the first GRANT_USED of a request from the later ones.
     */
    static final String ONCE_TYPES = "onceTypes";

    static final String DECISION = "decision";
    static final String AT = "at";
    static final String COMMENT = "comment";

    /** Everything but the task token: what every read that may reach the API asks DynamoDB for. */
    static final List<String> VISIBLE = List.of(REQUEST_ID, REQUESTER_ARN, REQUESTER_ACCOUNT, REQUESTER_ROLE,
            REQUESTER_SESSION, REQUESTER_USER_ID, ACTIONS, RESOURCES, DURATION, JUSTIFICATION, TICKET, START_AT,
            RULE_ID, CREATED_AT, REQUEST_HASH, STATUS, VERSION, APPROVALS, NOT_BEFORE, NOT_AFTER, GRANT,
            INCIDENT_ID, AUDIT_SEQ, AUDIT_HEAD, AUDIT_AT, PENDING_COUNTER, GRANTS_COUNTER);

    private RequestItems() {
    }

    /** The request item's {@link #ONCE_TYPES}; empty when it has none. */
    static List<String> onceTypes(Map<String, AttributeValue> item) {
        AttributeValue types = item.get(ONCE_TYPES);
        return types == null || !types.hasL() ? List.of() : types.l().stream().map(AttributeValue::s).toList();
    }

    /** A projection expression over {@link #VISIBLE} and the names it needs (several are reserved words). */
    static String visibleProjection(Map<String, String> names) {
        StringBuilder projection = new StringBuilder();
        for (int i = 0; i < VISIBLE.size(); i++) {
            String placeholder = "#v" + i;
            names.put(placeholder, VISIBLE.get(i));
            if (i > 0) {
                projection.append(',');
            }
            projection.append(placeholder);
        }
        return projection.toString();
    }

    /** A new request as PENDING_APPROVAL, version 1; the caller adds where its audit chain starts. */
    static Map<String, AttributeValue> newItem(AccessRequest r, String requestHash) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(REQUEST_ID, s(r.requestId()));
        Requester who = r.requester();
        item.put(REQUESTER_ARN, s(who.arn()));
        item.put(REQUESTER_ACCOUNT, s(who.accountId()));
        item.put(REQUESTER_ROLE, s(who.roleName()));
        item.put(REQUESTER_SESSION, s(who.sessionName()));
        item.put(REQUESTER_USER_ID, s(who.userId()));
        item.put(ACTIONS, list(r.actions()));
        item.put(RESOURCES, list(r.resources()));
        item.put(DURATION, s(r.duration().toString()));
        item.put(JUSTIFICATION, s(r.justification()));
        if (r.ticket() != null) {
            item.put(TICKET, s(r.ticket()));
        }
        if (r.startAt() != null) {
            item.put(START_AT, s(Times.iso(r.startAt())));
        }
        item.put(RULE_ID, s(r.ruleId()));
        item.put(CREATED_AT, s(Times.iso(r.createdAt())));
        item.put(REQUEST_HASH, s(Objects.requireNonNull(requestHash, "requestHash")));
        item.put(STATUS, s(Status.PENDING_APPROVAL.name()));
        item.put(VERSION, n(1));
        item.put(APPROVALS, AttributeValue.fromM(Map.of()));
        return item;
    }

    static StoredRequest stored(Map<String, AttributeValue> item) {
        Requester requester = new Requester(str(item, REQUESTER_ARN), str(item, REQUESTER_ACCOUNT),
                str(item, REQUESTER_ROLE), str(item, REQUESTER_SESSION), str(item, REQUESTER_USER_ID));
        AccessRequest request = new AccessRequest(
                str(item, REQUEST_ID),
                requester,
                strings(item.get(ACTIONS)),
                strings(item.get(RESOURCES)),
                Duration.parse(str(item, DURATION)),
                str(item, JUSTIFICATION),
                str(item, TICKET),
                item.containsKey(START_AT) ? Times.parse(str(item, START_AT)) : null,
                str(item, RULE_ID),
                Times.parse(str(item, CREATED_AT)));
        Map<String, Approval> approvals = new LinkedHashMap<>();
        AttributeValue a = item.get(APPROVALS);
        if (a != null && a.hasM()) {
            a.m().forEach((approver, v) -> approvals.put(approver, approval(v.m())));
        }
        GrantWindow window = item.containsKey(NOT_BEFORE) && item.containsKey(NOT_AFTER)
                ? new GrantWindow(Times.parse(str(item, NOT_BEFORE)), Times.parse(str(item, NOT_AFTER)))
                : null;
        Map<String, String> grant = new LinkedHashMap<>();
        AttributeValue g = item.get(GRANT);
        if (g != null && g.hasM()) {
            g.m().forEach((k, v) -> grant.put(k, v.s()));
        }
        Map<Caps.Kind, String> counters = new EnumMap<>(Caps.Kind.class);
        for (Caps.Kind kind : Caps.Kind.values()) {
            String counter = str(item, Counters.attribute(kind));
            if (counter != null) {
                counters.put(kind, counter);
            }
        }
        return new StoredRequest(request, str(item, REQUEST_HASH), Status.valueOf(str(item, STATUS)),
                num(item, VERSION), approvals, window, grant, str(item, INCIDENT_ID),
                chainHead(item), counters);
    }

    static AttributeValue approvalValue(Approval approval) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put(DECISION, s(approval.decision().name()));
        m.put(AT, s(Times.iso(approval.at())));
        if (approval.comment() != null) {
            m.put(COMMENT, s(approval.comment()));
        }
        return AttributeValue.fromM(m);
    }

    private static Approval approval(Map<String, AttributeValue> m) {
        AttributeValue comment = m.get(COMMENT);
        return new Approval(Decision.valueOf(m.get(DECISION).s()), Times.parse(m.get(AT).s()),
                comment == null ? null : comment.s());
    }

    static AttributeValue stringMap(Map<String, String> values) {
        Map<String, AttributeValue> m = new HashMap<>();
        values.forEach((k, v) -> m.put(k, s(v)));
        return AttributeValue.fromM(m);
    }

    static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.n() == null ? -1 : Long.parseLong(v.n());
    }

    static Status status(Map<String, AttributeValue> item) {
        String s = str(item, STATUS);
        return s == null ? null : Status.valueOf(s);
    }

    private static List<String> strings(AttributeValue v) {
        return v == null || !v.hasL() ? List.of() : v.l().stream().map(AttributeValue::s).toList();
    }

    private static AttributeValue list(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** The chain's head as the request item records it (its time absent on items stored before jita kept it). */
    static StoredRequest.ChainHead chainHead(Map<String, AttributeValue> item) {
        String at = str(item, AUDIT_AT);
        return new StoredRequest.ChainHead(num(item, AUDIT_SEQ), str(item, AUDIT_HEAD),
                at == null ? null : Times.parse(at));
    }
}
