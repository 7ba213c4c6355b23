package dev.jita.store;

import static dev.jita.store.RequestItems.s;

import dev.jita.audit.AuditEntry;
import dev.jita.audit.Verification;
import dev.jita.domain.Times;
import dev.jita.links.MacSigner;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Reading the audit trail: per request, by time range, and verifying a request's hash chain. */
public final class AuditLog {
    private static final String LINK_REJECTIONS_SUFFIX = "#links";

    private static final int MAX_PAGE = 500;
    /** A time-range query walks one index partition per day; bound the walk. */
    private static final Duration MAX_RANGE = Duration.ofDays(366);

    private final DynamoDbClient ddb;
    private final StoreConfig config;
    private final MacSigner auditKey;

    /**
     * @param auditKey verifies the entries' MACs in {@link #verify} (in AWS only the function serving
     *                 {@code GET /audit/verify} may call VerifyMac on it); reading entries does not use it
     */
    public AuditLog(DynamoDbClient ddb, StoreConfig config, MacSigner auditKey) {
        this.ddb = Objects.requireNonNull(ddb, "ddb");
        this.config = Objects.requireNonNull(config, "config");
        this.auditKey = Objects.requireNonNull(auditKey, "auditKey");
    }

    /**
     * The chain key for a request's refused links whose MAC did not verify (security.md "Approval links"): kept
     * apart from the request's own chain, so nobody without a genuine link can move the request's audit head
     * under real decisions, yet still hash-chained and verifiable with {@link #verify}. Request ids never hold '#'.
     */
    public static String linkRejectionsOf(String requestId) {
        return requestId + LINK_REJECTIONS_SUFFIX;
    }

    /** Whether {@code chainKey} names a request's side chain rather than a request's own chain. */
    static boolean isSideChain(String chainKey) {
        return chainKey.endsWith(LINK_REJECTIONS_SUFFIX);
    }

    /**
     * What an auditor reads for one request: its chain, and the refused unverified links of
     * {@link #linkRejectionsOf}, in time order.
     */
    public List<AuditEntry> timeline(String requestId) {
        List<AuditEntry> all = new java.util.ArrayList<>(entries(requestId));
        all.addAll(entries(linkRejectionsOf(requestId)));
        all.sort(java.util.Comparator.comparing(AuditEntry::at));
        return all;
    }

    /** Every entry of one request, in chain order. */
    public List<AuditEntry> entries(String requestId) {
        return rawEntries(requestId).stream().map(AuditItems::entry).toList();
    }

    /**
     * Entries with {@code from <= at < to}, oldest first, across as many UTC days as the range spans.
     *
     * @param cursor null for the first page, else a previous page's {@code nextCursor}
     */
    public Page<AuditEntry> between(Instant from, Instant to, int limit, String cursor) {
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("'to' must be after 'from'");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new IllegalArgumentException("the range may span at most " + MAX_RANGE.toDays()
                    + " days: narrow it");
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE + ", was " + limit);
        }
        // BETWEEN is inclusive; every key of the last millisecond before 'to' sorts below "<iso>$" ('$' > '#').
        String low = Times.iso(from);
        String high = Times.iso(to.minusMillis(1)) + "$";
        LocalDate lastDay = LocalDate.parse(Times.day(to.minusMillis(1)));

        LocalDate day;
        Map<String, AttributeValue> startKey = null;
        if (cursor == null) {
            day = LocalDate.parse(Times.day(from));
        } else {
            Map<String, String> plain = Cursors.decodePlain(cursor);
            day = parseDay(plain.get(AuditItems.DAY));
            if (plain.size() > 1) {
                startKey = Cursors.decode(cursor, Map.of(AuditItems.DAY, day.toString()),
                        AuditItems.DAY_KEY, AuditItems.REQUEST_ID, AuditItems.SEQ);
            }
        }

        List<AuditEntry> out = new ArrayList<>();
        while (!day.isAfter(lastDay)) {
            QueryResponse page = ddb.query(QueryRequest.builder()
                    .tableName(config.auditTable())
                    .indexName(Tables.AUDIT_BY_DAY)
                    .keyConditionExpression("#day = :day AND #key BETWEEN :low AND :high")
                    .expressionAttributeNames(Map.of("#day", AuditItems.DAY, "#key", AuditItems.DAY_KEY))
                    .expressionAttributeValues(Map.of(":day", s(day.toString()), ":low", s(low),
                            ":high", s(high)))
                    .limit(limit - out.size())
                    .exclusiveStartKey(startKey)
                    .build());
            page.items().forEach(item -> out.add(AuditItems.entry(item)));
            boolean more = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty();
            if (out.size() >= limit) {
                if (more) {
                    return new Page<>(out, Cursors.encode(page.lastEvaluatedKey()));
                }
                LocalDate next = day.plusDays(1);
                return new Page<>(out, next.isAfter(lastDay) ? null
                        : Cursors.encodePlain(Map.of(AuditItems.DAY, next.toString())));
            }
            if (more) {
                startKey = page.lastEvaluatedKey();
            } else {
                day = day.plusDays(1);
                startKey = null;
            }
        }
        return new Page<>(out, null);
    }

    /**
     * Recomputes every chain of a request: its own and its {@link #linkRejectionsOf side chain}, both shown by
     * {@link #timeline}, so an entry removed or altered in either shows.
     */
    public Verification verify(String requestId) {
        return new Verification(List.of(
                verifyChain(Verification.MAIN, requestId),
                verifyChain(Verification.LINK_REJECTIONS, linkRejectionsOf(requestId))));
    }

    /**
     * Recomputes one chain: seqs 1..n without gaps, each entry's hash over its content, each prevHash equal to the
     * previous entry's hash, each {@code at} no earlier than the previous entry's (the store stamps entries as it
     * appends them, so a backdated entry was rewritten), where a request item records the chain's head, that
     * head found in the chain (so a removed tail shows too), and each entry's MAC under the audit key. A chain
     * rewritten consistently (hashes and head recomputed) by someone who can write the tables but not use the key
     * fails on the MAC of its first rewritten entry. An entry without a MAC fails too ({@code MAC_MISSING}): an
     * unsigned entry vouches for nothing, whether written before entries were signed or stripped of its MAC.
     *
     * @throws dev.jita.links.SignerUnavailableException if the audit key cannot be used right now (not "invalid")
     */
    private Verification.Chain verifyChain(String name, String chainKey) {
        // The head first: entries appended after this read are then extra, not missing, and still chain-checked.
        Map<String, AttributeValue> request = ddb.getItem(GetItemRequest.builder()
                .tableName(config.requestsTable())
                .key(Map.of(RequestItems.REQUEST_ID, s(chainKey)))
                .consistentRead(true)
                .projectionExpression("#seq, #head")
                .expressionAttributeNames(Map.of("#seq", RequestItems.AUDIT_SEQ, "#head", RequestItems.AUDIT_HEAD))
                .build()).item();
        boolean hasHead = request != null && !request.isEmpty();
        long headSeq = hasHead ? RequestItems.num(request, RequestItems.AUDIT_SEQ) : 0;
        String headHash = hasHead ? RequestItems.str(request, RequestItems.AUDIT_HEAD) : null;

        return verifyItems(name, chainKey, rawEntries(chainKey), headSeq, headHash);
    }

    /**
     * Every item of one chain exactly as stored, in chain order: what the export holds a copy of, line for line
     * ({@code export.ExportVerifier} compares the two).
     */
    public List<Map<String, AttributeValue>> items(String chainKey) {
        return rawEntries(chainKey);
    }

    /**
     * Recomputes one chain from items read elsewhere (the audit export), in seq order, with the checks of
     * {@link #verify} but no head: the table's request item is what the export is compared against, not trusted here.
     */
    public Verification.Chain verifyItems(String name, String chainKey, List<Map<String, AttributeValue>> items) {
        return verifyItems(name, chainKey, items, 0, null);
    }

    private Verification.Chain verifyItems(String name, String chainKey, List<Map<String, AttributeValue>> items,
                                           long headSeq, String headHash) {
        int events = items.size();
        String prev = AuditItems.GENESIS;
        Instant prevAt = Instant.MIN;
        long expectedSeq = 1;
        for (Map<String, AttributeValue> item : items) {
            if (!isEntry(item, chainKey, expectedSeq)) {
                return Verification.Chain.badAt(name, events, expectedSeq);
            }
            String recomputed;
            Instant at;
            try {
                recomputed = AuditItems.hashOf(item);
                at = Times.parse(item.get(AuditItems.AT).s());
            } catch (RuntimeException unreadable) {
                return Verification.Chain.badAt(name, events, expectedSeq);
            }
            if (!recomputed.equals(item.get(AuditItems.HASH).s())
                    || !prev.equals(item.get(AuditItems.PREV_HASH).s())
                    || at.isBefore(prevAt)) {
                return Verification.Chain.badAt(name, events, expectedSeq);
            }
            if (expectedSeq == headSeq && !recomputed.equals(headHash)) {
                return Verification.Chain.badAt(name, events, expectedSeq); // rewritten with recomputed hashes
            }
            Optional<Verification.Flaw> unsigned = macFlaw(item, recomputed);
            if (unsigned.isPresent()) {
                return Verification.Chain.badAt(name, events, expectedSeq, unsigned.get());
            }
            prev = recomputed;
            prevAt = at;
            expectedSeq++;
        }
        if (headSeq > events) {
            return Verification.Chain.badAt(name, events, events + 1L); // the tail was removed
        }
        return Verification.Chain.ok(name, events);
    }

    /** Empty when the entry's MAC verifies under the audit key over {@code hash}. */
    private Optional<Verification.Flaw> macFlaw(Map<String, AttributeValue> item, String hash) {
        AttributeValue mac = item.get(AuditItems.MAC);
        AttributeValue kid = item.get(AuditItems.MAC_KID);
        if (mac == null || mac.s() == null || kid == null || kid.s() == null) {
            return Optional.of(Verification.Flaw.MAC_MISSING);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(mac.s());
        } catch (IllegalArgumentException notBase64) {
            return Optional.of(Verification.Flaw.MAC_INVALID);
        }
        return auditKey.verify(kid.s(), AuditItems.macInput(hash), bytes)
                ? Optional.empty() : Optional.of(Verification.Flaw.MAC_INVALID);
    }

    private static boolean isEntry(Map<String, AttributeValue> item, String chainKey, long expectedSeq) {
        AttributeValue seq = item.get(AuditItems.SEQ);
        AttributeValue hash = item.get(AuditItems.HASH);
        AttributeValue prevHash = item.get(AuditItems.PREV_HASH);
        return seq != null && AuditItems.seqKey(expectedSeq).equals(seq.s())
                && hash != null && hash.s() != null
                && prevHash != null && prevHash.s() != null
                && item.get(AuditItems.AT) != null
                && chainKey.equals(item.get(AuditItems.REQUEST_ID).s());
    }

    private List<Map<String, AttributeValue>> rawEntries(String requestId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryResponse page = ddb.query(QueryRequest.builder()
                    .tableName(config.auditTable())
                    .keyConditionExpression("#id = :id")
                    .expressionAttributeNames(Map.of("#id", AuditItems.REQUEST_ID))
                    .expressionAttributeValues(Map.of(":id", s(requestId)))
                    .consistentRead(true)
                    .exclusiveStartKey(startKey)
                    .build());
            items.addAll(page.items());
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                    ? new HashMap<>(page.lastEvaluatedKey()) : null;
        } while (startKey != null);
        return items;
    }

    private static LocalDate parseDay(String day) {
        try {
            return LocalDate.parse(day);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the cursor is not one this listing issued: start again without it");
        }
    }
}
