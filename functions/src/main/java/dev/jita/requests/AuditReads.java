package dev.jita.requests;

import dev.jita.http.ProblemException;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.audit.AuditEntry;
import dev.jita.store.AuditLog;
import dev.jita.store.Page;
import dev.jita.audit.Verification;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** {@code GET /audit} and {@code GET /audit/verify}: auditors and admins only. */
public final class AuditReads {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    private final RuleBook rules;
    private final AuditLog audit;

    public AuditReads(RuleBook rules, AuditLog audit) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * Either one request's entries ({@code requestId}) or a time range ({@code from} and {@code to}, ISO-8601).
     *
     * @throws ProblemException 403 for anyone but auditors and admins; 400 for a bad query
     */
    public Page<AuditEntry> entries(Requester who, String requestId, String from, String to, String limit,
                                    String cursor) {
        allowed(who);
        if (requestId != null) {
            if (from != null || to != null || cursor != null) {
                throw ProblemException.badRequest("invalid-query", "Ask for either requestId or from and to,"
                        + " not both.");
            }
            checkId(requestId);
            return new Page<>(audit.timeline(requestId), null);
        }
        if (from == null || to == null) {
            throw ProblemException.badRequest("invalid-query", "Give requestId, or both from and to as ISO-8601"
                    + " timestamps like 2026-11-24T00:00:00Z.");
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        int size = RequestReads.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (!end.isAfter(start)) {
            throw ProblemException.badRequest("invalid-query", "'to' must be after 'from'; swap them.");
        }
        try {
            return audit.between(start, end, size, cursor);
        } catch (IllegalArgumentException e) {
            // The store's messages name what was wrong (range too long, cursor not issued here) and carry no data.
            throw ProblemException.badRequest(cursor != null ? "invalid-cursor" : "invalid-query", e.getMessage()
                    .substring(0, 1).toUpperCase(java.util.Locale.ROOT) + e.getMessage().substring(1) + ".");
        }
    }

    /**
     * Recomputes every hash chain of a request, its own and its refused links', the two {@link #entries} shows
     * (security.md, "GET /audit/verify finds the first altered entry").
     */
    public Verification verify(Requester who, String requestId) {
        allowed(who);
        if (requestId == null) {
            throw ProblemException.badRequest("invalid-query", "Give the requestId whose audit chain to verify.");
        }
        checkId(requestId);
        return audit.verify(requestId);
    }

    private void allowed(Requester who) {
        if (!rules.isAuditor(who) && !rules.isAdmin(who)) {
            throw ProblemException.forbidden("not-auditor", "Only auditors and admins named in the rules file may"
                    + " read the audit trail; ask an admin if you need to.");
        }
    }

    private static void checkId(String requestId) {
        if (!RequestIds.isWellFormed(requestId)) {
            throw ProblemException.badRequest("invalid-request-id", "requestId must look like r- followed by 26"
                    + " letters and digits; copy it from the request.");
        }
    }

    private static Instant instant(String name, String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("invalid-query", "'" + name + "' must be an ISO-8601 timestamp with"
                    + " offset, like 2026-11-24T00:00:00Z.");
        }
    }

}
