package dev.jita.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.cli.ExitCode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** jita's JSON documents as people read them: the request's facts, list rows, the one-line progress. */
public final class Views {
    private Views() {
    }

    /** The answer of POST /requests. */
    public static String created(JsonNode created) {
        StringBuilder out = new StringBuilder();
        field(out, "Request", created.path("requestId").asText());
        field(out, "Status", created.path("status").asText());
        field(out, "Rule", created.path("ruleId").asText());
        int required = created.path("approvalsRequired").asInt();
        field(out, "Approvers", required == 0 ? "none needed (approved on arrival)"
                : join(created.path("approvers")) + " (" + required + " needed)");
        field(out, "Duration", created.path("durationMinutes").asText() + " min");
        if (created.hasNonNull("startAt")) {
            field(out, "Starts at", created.get("startAt").asText());
        }
        identityCenter(out, created);
        return out.toString();
    }

    /** GET /requests/{id}: the request, its approvals, its window and its timeline. */
    public static String detail(JsonNode r) {
        StringBuilder out = new StringBuilder();
        field(out, "Request", r.path("requestId").asText());
        field(out, "Status", r.path("status").asText());
        field(out, "Rule", r.path("ruleId").asText());
        field(out, "Requester", r.path("requester").path("arn").asText(null));
        field(out, "Actions", join(r.path("actions")));
        field(out, "Resources", join(r.path("resources")));
        field(out, "Duration", r.path("durationMinutes").asText() + " min");
        field(out, "Why", r.path("justification").asText(null));
        if (r.hasNonNull("ticket")) {
            field(out, "Ticket", r.get("ticket").asText());
        }
        if (r.has("approvalsRequired")) {
            field(out, "Approvals", approvals(r) + " of " + r.path("approvalsRequired").asInt() + " (approvers: "
                    + join(r.path("approvers")) + ")");
        }
        for (JsonNode a : r.path("approvals")) {
            field(out, "", a.path("decision").asText() + " by " + a.path("approverId").asText() + " at "
                    + a.path("at").asText() + (a.hasNonNull("comment") ? ": " + a.get("comment").asText() : ""));
        }
        if (r.has("window")) {
            field(out, "Window", r.path("window").path("notBefore").asText() + " to "
                    + r.path("window").path("notAfter").asText());
        }
        identityCenter(out, r);
        if (r.path("timeline").size() > 0) {
            out.append("\nTimeline\n").append(timeline(r.path("timeline")).indent(2));
        }
        return out.toString();
    }

    /** For an IAM Identity Center user: the permission set to pick once the request is ACTIVE. */
    private static void identityCenter(StringBuilder out, JsonNode r) {
        JsonNode sso = r.path("identityCenter");
        if (sso.isObject()) {
            field(out, "Sign in as", "permission set " + sso.path("permissionSet").asText() + " in account "
                    + sso.path("account").asText());
            field(out, "How to use", sso.path("howToUse").asText());
        }
    }

    /** Audit entries (a request's timeline, or GET /audit's items). */
    public static String timeline(JsonNode entries) {
        Table table = Table.of("SEQ", "AT", "TYPE", "ACTOR", "OUTCOME");
        for (JsonNode e : entries) {
            table.row(e.path("seq").asText(), e.path("at").asText(), e.path("type").asText(),
                    e.path("actor").asText(), e.path("outcome").asText());
        }
        return table.render();
    }

    /** GET /requests items. */
    public static String list(JsonNode items) {
        Table table = Table.of("REQUEST", "STATUS", "RULE", "ACTIONS", "CREATED");
        for (JsonNode r : items) {
            table.row(r.path("requestId").asText(), r.path("status").asText(), r.path("ruleId").asText(),
                    join(r.path("actions")), r.path("createdAt").asText());
        }
        return table.isEmpty() ? "No requests.\n" : table.render();
    }

    /** GET /audit/verify. */
    public static String verification(JsonNode v) {
        StringBuilder out = new StringBuilder();
        field(out, "Request", v.path("requestId").asText());
        field(out, "Valid", v.path("valid").asBoolean() ? "yes: every entry's hash chain holds"
                : "NO: the chain breaks at seq " + v.path("firstBadSeq").asText("?")
                + (v.hasNonNull("firstBadChain") ? " of chain " + v.get("firstBadChain").asText() : ""));
        field(out, "Events", v.path("events").asText());
        return out.toString();
    }

    /** {@code GET /audit/verify?source=export}: whether the table and the export agree, and where they do not. */
    public static String exportComparison(JsonNode c) {
        StringBuilder out = new StringBuilder();
        field(out, "Request", c.path("requestId").asText());
        field(out, "Agree", c.path("agree").asBoolean() ? "yes: the export holds the same entries as the table"
                : "NO" + (c.hasNonNull("firstDifferentSeq") ? ": they first differ at seq "
                + c.get("firstDifferentSeq").asText() + " of chain " + c.path("firstDifferentChain").asText("?")
                : ": a source's chain does not hold"));
        for (String source : List.of("Table", "Export")) {
            JsonNode v = c.path("sources").path(source.toLowerCase(java.util.Locale.ROOT));
            field(out, source, v.path("valid").asBoolean()
                    ? "holds, " + v.path("events").asText() + " events"
                    : "BREAKS at seq " + v.path("firstBadSeq").asText("?")
                    + (v.hasNonNull("firstBadChain") ? " of chain " + v.get("firstBadChain").asText() : ""));
        }
        for (JsonNode d : c.path("differences")) {
            field(out, "Difference", "chain " + d.path("chain").asText() + ", seq " + d.path("seq").asText() + ": "
                    + d.path("kind").asText());
        }
        return out.toString();
    }

    /**
     * The progress line while waiting: the status in words, approvals so far, when a scheduled grant starts, how
     * long an active one has left.
     *
     * @param now the time to count from
     */
    public static String progress(JsonNode r, Instant now, Duration waited) {
        String id = r.path("requestId").asText();
        String status = r.path("status").asText();
        String text = switch (status) {
            case "PENDING_APPROVAL" -> "pending approval: " + approvals(r) + " of "
                    + r.path("approvalsRequired").asInt() + " approvals (" + join(r.path("approvers")) + ")";
            case "APPROVED" -> "approved, granting";
            case "SCHEDULED" -> "approved, scheduled: starts in "
                    + Durations.format(Duration.between(now, instant(r, "notBefore"))) + " (at "
                    + r.path("window").path("notBefore").asText() + ")";
            case "ACTIVE" -> "ACTIVE: " + Durations.format(left(r, now)) + " left (until "
                    + r.path("window").path("notAfter").asText() + ")"
                    // An Identity Center user must sign in again with the request's own permission set.
                    + (r.path("identityCenter").isObject()
                            ? "; choose permission set " + r.path("identityCenter").path("permissionSet").asText()
                                    + " in account " + r.path("identityCenter").path("account").asText()
                            : "");
            case "DENIED" -> "DENIED" + decisions(r, "DENY");
            case "TIMED_OUT" -> "TIMED_OUT: nobody decided in time";
            case "CANCELLED" -> "CANCELLED";
            case "FAILED" -> "FAILED: jita could not grant; see 'jita status " + id + "'";
            case "REVOKE_FAILED" -> "REVOKE_FAILED: jita could not remove the grant; your admins are alerted";
            case "EXPIRED" -> "EXPIRED: the window ended and the grant is gone";
            case "REVOKED" -> "REVOKED: the grant was ended early";
            default -> status;
        };
        boolean waiting = ExitCode.forStatus(status, false).isEmpty();
        return id + "  " + text + (waiting && !"ACTIVE".equals(status) ? "  [" + Durations.format(waited) + "]" : "");
    }

    /** Never more than the window: a clock behind jita's (jita local's scaled time runs ahead) would show more. */
    static Duration left(JsonNode r, Instant now) {
        Instant notBefore = instant(r, "notBefore");
        Instant notAfter = instant(r, "notAfter");
        Instant from = now.isBefore(notBefore) ? notBefore : now;
        return Duration.between(from, notAfter).isNegative() ? Duration.ZERO : Duration.between(from, notAfter);
    }

    private static Instant instant(JsonNode r, String field) {
        String text = r.path("window").path(field).asText(null);
        return text == null ? Instant.EPOCH : Instant.parse(text);
    }

    private static long approvals(JsonNode r) {
        long n = 0;
        for (JsonNode a : r.path("approvals")) {
            if ("APPROVE".equals(a.path("decision").asText())) {
                n++;
            }
        }
        return n;
    }

    private static String decisions(JsonNode r, String decision) {
        List<String> who = new ArrayList<>();
        for (JsonNode a : r.path("approvals")) {
            if (decision.equals(a.path("decision").asText())) {
                who.add(a.path("approverId").asText() + (a.hasNonNull("comment") ? " (\"" + a.get("comment").asText()
                        + "\")" : ""));
            }
        }
        return who.isEmpty() ? "" : " by " + String.join(", ", who);
    }

    private static void field(StringBuilder out, String name, String value) {
        if (value == null) {
            return;
        }
        out.append(String.format("%-11s%s%n", name, value));
    }

    static String join(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values.isEmpty() ? "-" : String.join(", ", values);
    }
}
