package dev.jita.requests;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.Verification;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Requester;
import dev.jita.grants.IdentityCenterGrants;
import dev.jita.domain.Approver;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.store.Approval;
import dev.jita.store.Page;
import dev.jita.store.StoredRequest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeMap;

/**
 * The JSON documents of the engineer routes. What is left out matters as much: never a task token (the store
 * does not even read it for these), never the request hash's inputs beyond the request itself.
 */
final class Views {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Views() {
    }

    /** The 202 answer of POST /requests. */
    static ObjectNode created(CreateOutcome.Accepted created) {
        StoredRequest r = created.request();
        ObjectNode node = NODES.objectNode()
                .put("requestId", r.requestId())
                .put("status", r.status().name())
                .put("ruleId", created.rule().id())
                .put("approvalsRequired", created.rule().autoApprove().always() ? 0
                        : created.rule().approvalsRequired());
        ArrayNode approvers = node.putArray("approvers");
        created.approverIds().forEach(approvers::add);
        node.put("durationMinutes", r.request().duration().toMinutes());
        if (r.request().startAt() != null) {
            node.put("startAt", iso(r.request().startAt()));
        }
        window(node, r);
        identityCenter(node, r);
        return node;
    }

    /** For an Identity Center user: the permission set to pick once the request is ACTIVE (issue 14). */
    private static void identityCenter(ObjectNode node, StoredRequest r) {
        Requester who = r.request().requester();
        who.identityCenter().ifPresent(session -> {
            String permissionSet = IdentityCenterGrants.permissionSetName(r.requestId());
            node.putObject("identityCenter")
                    .put("userName", session.userName())
                    .put("signedInWith", session.permissionSetName())
                    .put("permissionSet", permissionSet)
                    .put("account", who.accountId())
                    .put("howToUse", IdentityCenterGrants.howToUse(permissionSet, who.accountId()));
        });
    }

    /**
     * GET /requests/{id}: the request, its approvals, its grant, its status and the timeline of its audit
     * entries; origins (IP, user agent) of the timeline only for auditors and admins.
     */
    static ObjectNode detail(StoredRequest r, RuleBook rules, List<AuditEntry> timeline, boolean withOrigins) {
        ObjectNode node = summary(r);
        AccessRequest q = r.request();
        ObjectNode requester = node.putObject("requester");
        requester.put("arn", q.requester().arn());
        requester.put("roleName", q.requester().roleName());
        requester.put("sessionName", q.requester().sessionName());
        node.put("justification", q.justification());
        if (q.ticket() != null) {
            node.put("ticket", q.ticket());
        }
        rules.rule(q.ruleId()).ifPresent(rule -> approvers(node, rules, rule, r));
        ArrayNode approvals = node.putArray("approvals");
        new TreeMap<>(r.approvals()).forEach((approverId, approval) -> approvals.add(approval(approverId, approval)));
        if (!r.grant().isEmpty()) {
            ObjectNode grant = node.putObject("grant");
            new TreeMap<>(r.grant()).forEach(grant::put);
        }
        if (r.incidentId() != null) {
            node.put("incidentId", r.incidentId());
        }
        identityCenter(node, r);
        ArrayNode events = node.putArray("timeline");
        timeline.forEach(e -> events.add(entry(e, withOrigins)));
        return node;
    }

    /** One item of GET /requests. */
    static ObjectNode summary(StoredRequest r) {
        AccessRequest q = r.request();
        ObjectNode node = NODES.objectNode()
                .put("requestId", r.requestId())
                .put("status", r.status().name())
                .put("ruleId", q.ruleId());
        ArrayNode actions = node.putArray("actions");
        q.actions().forEach(actions::add);
        ArrayNode resources = node.putArray("resources");
        q.resources().forEach(resources::add);
        node.put("durationMinutes", q.duration().toMinutes());
        if (q.startAt() != null) {
            node.put("startAt", iso(q.startAt()));
        }
        node.put("createdAt", iso(q.createdAt()));
        window(node, r);
        return node;
    }

    static ObjectNode page(Page<?> page, List<ObjectNode> items) {
        ObjectNode node = NODES.objectNode();
        ArrayNode array = node.putArray("items");
        items.forEach(array::add);
        if (page.nextCursor() != null) {
            node.put("nextCursor", page.nextCursor());
        }
        return node;
    }

    static ObjectNode entry(AuditEntry e, boolean withOrigin) {
        ObjectNode node = NODES.objectNode()
                .put("requestId", e.requestId())
                .put("seq", e.seq())
                .put("type", e.type().name())
                .put("at", iso(e.at()))
                .put("actor", e.actor())
                .put("actorKind", e.actorKind().name())
                .put("outcome", e.outcome().name());
        if (withOrigin && e.origin() != null) {
            if (e.origin().sourceIp() != null) {
                node.put("sourceIp", e.origin().sourceIp());
            }
            if (e.origin().userAgent() != null) {
                node.put("userAgent", e.origin().userAgent());
            }
        }
        ObjectNode details = node.putObject("details");
        new TreeMap<>(e.details()).forEach(details::put);
        if (withOrigin) {
            node.put("prevHash", e.prevHash());
            node.put("hash", e.hash());
        }
        return node;
    }

    /**
     * {@code valid} over every chain, {@code events} over every chain, and where one is bad the first bad chain
     * and its first bad seq and reason ({@link Verification.Flaw}); then each chain's own result under {@code chains}.
     */
    static ObjectNode verification(String requestId, Verification v) {
        ObjectNode node = NODES.objectNode()
                .put("requestId", requestId)
                .put("valid", v.valid())
                .put("events", v.events());
        v.firstBadSeq().ifPresent(seq -> node.put("firstBadSeq", seq));
        v.firstBadChain().ifPresent(chain -> node.put("firstBadChain", chain));
        v.firstBadFlaw().ifPresent(flaw -> node.put("firstBadReason", flaw.name()));
        ArrayNode chains = node.putArray("chains");
        for (Verification.Chain c : v.chains()) {
            ObjectNode chain = chains.addObject()
                    .put("chain", c.name())
                    .put("valid", c.valid())
                    .put("events", c.events());
            c.firstBadSeq().ifPresent(seq -> chain.put("firstBadSeq", seq));
            c.flaw().ifPresent(flaw -> chain.put("reason", flaw.name()));
        }
        return node;
    }

    /**
     * {@code agree}, then each source's result as {@link #verification} has it, then per chain where they differ:
     * {@code firstDifferentSeq} the first of them (the request's own chain first).
     */
    static ObjectNode exportComparison(String requestId, dev.jita.export.ExportComparison c) {
        ObjectNode node = NODES.objectNode()
                .put("requestId", requestId)
                .put("agree", c.agree());
        c.differences().stream().findFirst().ifPresent(d -> node.put("firstDifferentSeq", d.seq())
                .put("firstDifferentChain", d.chain()));
        ObjectNode sources = node.putObject("sources");
        sources.set("table", verification(requestId, c.table()).without("requestId"));
        sources.set("export", verification(requestId, c.export()).without("requestId"));
        ArrayNode differences = node.putArray("differences");
        for (dev.jita.export.ExportComparison.Difference d : c.differences()) {
            differences.addObject().put("chain", d.chain()).put("seq", d.seq()).put("kind", d.kind().name());
        }
        return node;
    }

    private static void approvers(ObjectNode node, RuleBook rules, Rule rule, StoredRequest r) {
        node.put("approvalsRequired", rule.autoApprove().always() ? 0 : rule.approvalsRequired());
        ArrayNode ids = node.putArray("approvers");
        if (!rule.autoApprove().always()) {
            rules.eligibleApprovers(rule, r.request().requester()).stream().map(Approver::id).forEach(ids::add);
        }
    }

    private static ObjectNode approval(String approverId, Approval a) {
        ObjectNode node = NODES.objectNode()
                .put("approverId", approverId)
                .put("decision", a.decision().name())
                .put("at", iso(a.at()));
        if (a.comment() != null) {
            node.put("comment", a.comment());
        }
        return node;
    }

    private static void window(ObjectNode node, StoredRequest r) {
        if (r.window() != null) {
            node.putObject("window")
                    .put("notBefore", iso(r.window().notBefore()))
                    .put("notAfter", iso(r.window().notAfter()));
        }
    }

    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant);
    }

}
