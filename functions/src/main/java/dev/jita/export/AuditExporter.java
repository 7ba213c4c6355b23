package dev.jita.export;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes audit entries, as the audit table's stream delivers them, to the {@link ExportStore}: one JSON Lines object
 * per day of the batch ({@link AuditLines}), named by the stream sequence numbers of its first and last record, so a
 * redelivered range writes the same name again and the store keeps the first (nothing is overwritten). A record that
 * could not be written is reported, not dropped: the stream retries from it (Lambda's batchItemFailures), and after its
 * retries the range goes to the dead-letter queue, which alarms.
 */
public final class AuditExporter {
    private static final Logger LOG = LoggerFactory.getLogger(AuditExporter.class);
    private static final String DAY = "day";

    private final ExportStore store;

    public AuditExporter(ExportStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * One stream record.
     *
     * @param sequenceNumber the stream's sequence number (what Lambda retries from)
     * @param newImage       the item as written; null for a removal, which the export has nothing to add for
     * @param approximateAt  when the stream saw the change: the day of an item whose own {@code day} is unreadable
     */
    public record Change(String sequenceNumber, Map<String, AttributeValue> newImage, Instant approximateAt) {
        public Change {
            Objects.requireNonNull(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(approximateAt, "approximateAt");
        }
    }

    /** @return the sequence numbers of the changes not written (empty: every one is in the store) */
    public List<String> export(List<Change> changes) {
        Map<LocalDate, List<Change>> byDay = new LinkedHashMap<>();
        for (Change change : changes) {
            if (change.newImage() == null || change.newImage().isEmpty()) {
                // A removal: the table is append-only, so this is someone deleting an entry; the export keeps it.
                LOG.warn("audit stream record {} removes an item; the export keeps its earlier copy",
                        change.sequenceNumber());
                continue;
            }
            byDay.computeIfAbsent(dayOf(change), d -> new ArrayList<>()).add(change);
        }
        List<String> failed = new ArrayList<>();
        byDay.forEach((day, dayChanges) -> {
            String name = dayChanges.get(0).sequenceNumber() + "-" + dayChanges.get(dayChanges.size() - 1).sequenceNumber();
            try {
                store.put(day, name, dayChanges.stream().map(c -> AuditLines.write(c.newImage())).toList());
            } catch (RuntimeException e) {
                LOG.error("could not export {} audit entries of {} ({}): {}", dayChanges.size(), day, name,
                        e.getMessage());
                dayChanges.forEach(c -> failed.add(c.sequenceNumber()));
            }
        });
        return failed;
    }

    /** The item's own UTC day (the table's byDay key), else the day the stream saw it. */
    private static LocalDate dayOf(Change change) {
        AttributeValue day = change.newImage().get(DAY);
        if (day != null && day.s() != null) {
            try {
                return LocalDate.parse(day.s());
            } catch (DateTimeParseException altered) {
                // fall through
            }
        }
        return change.approximateAt().atOffset(ZoneOffset.UTC).toLocalDate();
    }
}
