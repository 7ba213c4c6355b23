package dev.jita.requests;

import dev.jita.audit.AuditEntry;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.store.AuditLog;
import dev.jita.store.Page;
import dev.jita.store.RequestStore;
import dev.jita.store.StoredRequest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code GET /requests/{id}} and {@code GET /requests}: what a caller may read about requests. */
public final class RequestReads {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final RuleBook rules;
    private final Access access;
    private final RequestStore store;
    private final AuditLog audit;

    public RequestReads(RuleBook rules, RequestStore store, AuditLog audit) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.access = new Access(rules, store);
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /**
     * The request with its timeline; not found to anyone but its requester, its rule's approvers, auditors and
     * admins.
     */
    public ReadOutcome<Detail> get(Requester who, String requestId) {
        Optional<StoredRequest> request = access.visible(requestId, who);
        if (request.isEmpty()) {
            return new ReadOutcome.NotFound<>(requestId);
        }
        return new ReadOutcome.Found<>(new Detail(request.get(), audit.entries(requestId), access.isPrivileged(who)));
    }

    /**
     * @param withOrigins whether the reader may see where each step came from (IP, user agent): auditors and admins
     */
    public record Detail(StoredRequest request, List<AuditEntry> timeline, boolean withOrigins) {
        public Detail {
            timeline = List.copyOf(timeline);
        }
    }

    /**
     * The caller's own requests, newest first.
     *
     * @param status optional filter, as a Status name
     * @param limit  optional page size, 1..100, default 20
     * @param cursor optional, a previous page's nextCursor
     * @return the page, or invalid for a bad status, limit or cursor
     */
    public ReadOutcome<Page<StoredRequest>> mine(Requester who, String status, String limit, String cursor) {
        Optional<Status> filter = Optional.empty();
        if (status != null) {
            try {
                filter = Optional.of(Status.valueOf(status));
            } catch (IllegalArgumentException e) {
                return new ReadOutcome.Invalid<>("invalid-status", "status must be one of "
                        + List.of(Status.values()) + "; leave it out for all.");
            }
        }
        OptionalInt size = limit(limit, DEFAULT_LIMIT, MAX_LIMIT);
        if (size.isEmpty()) {
            return invalidLimit(DEFAULT_LIMIT, MAX_LIMIT);
        }
        try {
            return new ReadOutcome.Found<>(store.byRequester(who.arn(), filter, size.getAsInt(), cursor));
        } catch (IllegalArgumentException e) {
            return new ReadOutcome.Invalid<>("invalid-cursor",
                    "The cursor is not one this listing issued; start again without it.");
        }
    }

    /** A page size: {@code defaultValue} when not given; empty unless a whole number from 1 to {@code max}. */
    static OptionalInt limit(String text, int defaultValue, int max) {
        if (text == null) {
            return OptionalInt.of(defaultValue);
        }
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= max) {
                return OptionalInt.of(value);
            }
        } catch (NumberFormatException e) {
            // not a number: answered as out of range
        }
        return OptionalInt.empty();
    }

    static <T> ReadOutcome<T> invalidLimit(int defaultValue, int max) {
        return new ReadOutcome.Invalid<>("invalid-limit", "limit must be a whole number from 1 to " + max
                + "; leave it out for " + defaultValue + ".");
    }
}
