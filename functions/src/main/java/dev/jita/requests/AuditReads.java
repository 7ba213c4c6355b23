package dev.jita.requests;

import dev.jita.audit.AuditEntry;
import dev.jita.audit.Verification;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.export.ExportComparison;
import dev.jita.export.ExportVerifier;
import dev.jita.store.AuditLog;
import dev.jita.store.Page;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code GET /audit} and {@code GET /audit/verify}: auditors and admins only. */
public final class AuditReads {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 500;

    private final RuleBook rules;
    private final AuditLog audit;
    private final Optional<ExportVerifier> export;

    public AuditReads(RuleBook rules, AuditLog audit) {
        this(rules, audit, Optional.empty());
    }

    /** @param export verify from the audit export too, where there is one */
    public AuditReads(RuleBook rules, AuditLog audit, Optional<ExportVerifier> export) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.export = Objects.requireNonNull(export, "export");
    }

    /**
     * Either one request's entries ({@code requestId}) or a time range ({@code from} and {@code to}, ISO-8601).
     *
     * @return the page, or not an auditor (anyone but auditors and admins, asked first), or invalid for a bad query
     */
    public ReadOutcome<Page<AuditEntry>> entries(Requester who, String requestId, String from, String to,
                                                 String limit, String cursor) {
        if (!allowed(who)) {
            return new ReadOutcome.NotAuditor<>();
        }
        if (requestId != null) {
            if (from != null || to != null || cursor != null) {
                return invalidQuery("Ask for either requestId or from and to, not both.");
            }
            if (!RequestIds.isWellFormed(requestId)) {
                return invalidId();
            }
            return new ReadOutcome.Found<>(new Page<>(audit.timeline(requestId), null));
        }
        if (from == null || to == null) {
            return invalidQuery("Give requestId, or both from and to as ISO-8601 timestamps like"
                    + " 2026-11-24T00:00:00Z.");
        }
        Optional<Instant> start = instant(from);
        if (start.isEmpty()) {
            return invalidTime("from");
        }
        Optional<Instant> end = instant(to);
        if (end.isEmpty()) {
            return invalidTime("to");
        }
        OptionalInt size = RequestReads.limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (size.isEmpty()) {
            return RequestReads.invalidLimit(DEFAULT_LIMIT, MAX_LIMIT);
        }
        if (!end.get().isAfter(start.get())) {
            return invalidQuery("'to' must be after 'from'; swap them.");
        }
        try {
            return new ReadOutcome.Found<>(audit.between(start.get(), end.get(), size.getAsInt(), cursor));
        } catch (IllegalArgumentException e) {
            // The store's messages name what was wrong (range too long, cursor not issued here) and carry no data.
            return new ReadOutcome.Invalid<>(cursor != null ? "invalid-cursor" : "invalid-query",
                    e.getMessage().substring(0, 1).toUpperCase(Locale.ROOT) + e.getMessage().substring(1) + ".");
        }
    }

    /**
     * Recomputes every hash chain of a request, its own and its refused links', the two {@link #entries} shows
     * (security.md, "GET /audit/verify finds the first altered entry").
     */
    public ReadOutcome<Verification> verify(Requester who, String requestId) {
        if (!allowed(who)) {
            return new ReadOutcome.NotAuditor<>();
        }
        if (requestId == null) {
            return invalidQuery("Give the requestId whose audit chain to verify.");
        }
        if (!RequestIds.isWellFormed(requestId)) {
            return invalidId();
        }
        return new ReadOutcome.Found<>(audit.verify(requestId));
    }

    /**
     * {@link #verify}, and the same chains recomputed from the audit export, compared with the table: where they
     * differ, per chain the first seq (security.md, "Verify from the export names where it and the table differ").
     */
    public ReadOutcome<ExportComparison> verifyAgainstExport(Requester who, String requestId) {
        if (!allowed(who)) {
            return new ReadOutcome.NotAuditor<>();
        }
        if (requestId == null) {
            return invalidQuery("Give the requestId whose audit chain to verify.");
        }
        if (!RequestIds.isWellFormed(requestId)) {
            return invalidId();
        }
        if (export.isEmpty()) {
            return invalidQuery("This deployment has no audit export to verify from; leave out source=export.");
        }
        return new ReadOutcome.Found<>(export.get().compare(requestId));
    }

    private boolean allowed(Requester who) {
        return rules.isAuditor(who) || rules.isAdmin(who);
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static <T> ReadOutcome<T> invalidQuery(String detail) {
        return new ReadOutcome.Invalid<>("invalid-query", detail);
    }

    private static <T> ReadOutcome<T> invalidTime(String name) {
        return invalidQuery("'" + name + "' must be an ISO-8601 timestamp with offset, like 2026-11-24T00:00:00Z.");
    }

    private static <T> ReadOutcome<T> invalidId() {
        return new ReadOutcome.Invalid<>("invalid-request-id", "requestId must look like r- followed by 26 letters"
                + " and digits; copy it from the request.");
    }
}
