package dev.jita.export;

import dev.jita.audit.Verification;
import dev.jita.store.AuditLog;
import dev.jita.store.RequestStore;
import dev.jita.store.StoredRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Verify from the export: a request's chains recomputed from the exported lines with the table's own checks
 * ({@link AuditLog#verifyItems}), compared with the table item by item. The request's lines are found by day: from
 * the request's creation to its last entry in the table (and the day after, for an entry the table lost), every
 * object of each day is read and the request's lines kept; at jita's volume a day holds a few objects.
 */
public final class ExportVerifier {
    /** No request lives longer than this; it bounds the days read if a table's dates were altered. */
    private static final int MAX_DAYS = 400;
    private static final String REQUEST_ID = "requestId";
    private static final String SEQ = "seq";
    private static final String DAY = "day";

    private final ExportStore export;
    private final AuditLog table;
    private final RequestStore requests;
    private final Clock clock;

    public ExportVerifier(ExportStore export, AuditLog table, RequestStore requests, Clock clock) {
        this.export = Objects.requireNonNull(export, "export");
        this.table = Objects.requireNonNull(table, "table");
        this.requests = Objects.requireNonNull(requests, "requests");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public ExportComparison compare(String requestId) {
        Map<String, String> chains = new LinkedHashMap<>();
        chains.put(Verification.MAIN, requestId);
        chains.put(Verification.LINK_REJECTIONS, AuditLog.linkRejectionsOf(requestId));
        Map<String, List<Map<String, AttributeValue>>> inTable = new LinkedHashMap<>();
        chains.forEach((name, key) -> inTable.put(name, table.items(key)));
        Verification fromTable = table.verify(requestId);

        Map<String, TreeMap<String, List<Map<String, AttributeValue>>>> exported = exported(requestId, chains,
                inTable);
        List<Verification.Chain> results = new ArrayList<>();
        List<ExportComparison.Difference> differences = new ArrayList<>();
        chains.forEach((name, key) -> {
            TreeMap<String, List<Map<String, AttributeValue>>> versions = exported.get(key);
            List<Map<String, AttributeValue>> items = versions.values().stream().map(v -> v.get(0)).toList();
            Verification.Chain chain = table.verifyItems(name, key, items);
            Optional<String> rewritten = versions.entrySet().stream().filter(e -> e.getValue().size() > 1)
                    .map(Map.Entry::getKey).findFirst();
            if (rewritten.isPresent()) {
                long seq = seqNumber(rewritten.get());
                if (chain.valid() || chain.firstBadSeq().orElse(Long.MAX_VALUE) > seq) {
                    chain = Verification.Chain.badAt(name, items.size(), seq);
                }
            }
            results.add(chain);
            firstDifference(name, inTable.get(name), versions).ifPresent(differences::add);
        });
        return new ExportComparison(fromTable, new Verification(results), differences);
    }

    /** Per chain key, per seq, the distinct versions the export holds, first written first. */
    private Map<String, TreeMap<String, List<Map<String, AttributeValue>>>> exported(
            String requestId, Map<String, String> chains, Map<String, List<Map<String, AttributeValue>>> inTable) {
        Map<String, TreeMap<String, List<Map<String, AttributeValue>>>> out = new LinkedHashMap<>();
        chains.values().forEach(key -> out.put(key, new TreeMap<>()));
        Map<String, List<String>> seen = new LinkedHashMap<>();
        for (LocalDate day : days(requestId, inTable)) {
            for (String line : export.lines(day)) {
                Map<String, AttributeValue> item;
                try {
                    item = AuditLines.read(line);
                } catch (IllegalArgumentException unreadable) {
                    continue; // not an item of this request's that anyone could verify
                }
                AttributeValue id = item.get(REQUEST_ID);
                AttributeValue seq = item.get(SEQ);
                if (id == null || id.s() == null || seq == null || seq.s() == null || !out.containsKey(id.s())) {
                    continue;
                }
                // A redelivered batch writes the same line again: one copy counts.
                String canonical = AuditLines.write(item);
                List<String> lines = seen.computeIfAbsent(id.s() + "\n" + seq.s(), k -> new ArrayList<>());
                if (!lines.contains(canonical)) {
                    lines.add(canonical);
                    out.get(id.s()).computeIfAbsent(seq.s(), k -> new ArrayList<>()).add(item);
                }
            }
        }
        return out;
    }

    /** From the request's creation (or its first entry) to its last entry's day and one more, not past today. */
    private List<LocalDate> days(String requestId, Map<String, List<Map<String, AttributeValue>>> inTable) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<LocalDate> known = new ArrayList<>();
        requests.find(requestId).map(StoredRequest::request)
                .ifPresent(r -> known.add(r.createdAt().atOffset(ZoneOffset.UTC).toLocalDate()));
        inTable.values().forEach(items -> items.forEach(item -> dayOf(item).ifPresent(known::add)));
        if (known.isEmpty()) {
            return List.of();
        }
        LocalDate first = known.stream().min(LocalDate::compareTo).orElseThrow();
        LocalDate last = known.stream().max(LocalDate::compareTo).orElseThrow().plusDays(1);
        if (last.isAfter(today)) {
            last = today;
        }
        if (first.plusDays(MAX_DAYS).isBefore(last)) {
            first = last.minusDays(MAX_DAYS);
        }
        List<LocalDate> days = new ArrayList<>();
        for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
            days.add(d);
        }
        return days;
    }

    private static Optional<ExportComparison.Difference> firstDifference(
            String name, List<Map<String, AttributeValue>> tableItems,
            TreeMap<String, List<Map<String, AttributeValue>>> exported) {
        Map<String, Map<String, AttributeValue>> bySeq = new TreeMap<>();
        for (Map<String, AttributeValue> item : tableItems) {
            AttributeValue seq = item.get(SEQ);
            bySeq.put(seq == null || seq.s() == null ? "" : seq.s(), item);
        }
        TreeSet<String> seqs = new TreeSet<>(bySeq.keySet());
        seqs.addAll(exported.keySet());
        for (String seq : seqs) {
            Map<String, AttributeValue> inTable = bySeq.get(seq);
            List<Map<String, AttributeValue>> versions = exported.get(seq);
            ExportComparison.Kind kind = null;
            if (versions == null) {
                kind = ExportComparison.Kind.MISSING_FROM_EXPORT;
            } else if (inTable == null) {
                kind = ExportComparison.Kind.MISSING_FROM_TABLE;
            } else if (!AuditLines.write(inTable).equals(AuditLines.write(versions.get(0)))) {
                kind = ExportComparison.Kind.DIFFERS;
            } else if (versions.size() > 1) {
                kind = ExportComparison.Kind.REWRITTEN;
            }
            if (kind != null) {
                return Optional.of(new ExportComparison.Difference(name, seqNumber(seq), kind));
            }
        }
        return Optional.empty();
    }

    private static Optional<LocalDate> dayOf(Map<String, AttributeValue> item) {
        AttributeValue day = item.get(DAY);
        try {
            return day == null || day.s() == null ? Optional.empty() : Optional.of(LocalDate.parse(day.s()));
        } catch (DateTimeParseException altered) {
            return Optional.empty();
        }
    }

    private static long seqNumber(String seq) {
        try {
            return Long.parseLong(seq);
        } catch (NumberFormatException altered) {
            return 0;
        }
    }
}
