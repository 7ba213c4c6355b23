package dev.jita.export;

import dev.jita.audit.Verification;
import java.util.List;
import java.util.Objects;

/**
 * A request's chains verified from the table and from the export, and where the two differ.
 *
 * @param table       {@code store.AuditLog#verify}: the table's own result (its head included)
 * @param export      the same checks on the items read back from the export
 * @param differences per chain, the first seq at which table and export differ; none when they agree
 */
public record ExportComparison(Verification table, Verification export, List<Difference> differences) {

    public ExportComparison {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(export, "export");
        differences = List.copyOf(differences);
    }

    /** True when both sources verify and hold the same items. */
    public boolean agree() {
        return table.valid() && export.valid() && differences.isEmpty();
    }

    /** How a seq differs. */
    public enum Kind {
        /** In the table, not (yet) in the export: not delivered, or added to the table afterwards. */
        MISSING_FROM_EXPORT,
        /** In the export, not in the table: removed from the table. */
        MISSING_FROM_TABLE,
        /** In both, not the same item: altered in the table after it was exported (or the export's copy). */
        DIFFERS,
        /** The export holds two different versions of the entry: it was rewritten in the table after export. */
        REWRITTEN
    }

    /** The first difference in one chain ({@link Verification#MAIN} or {@link Verification#LINK_REJECTIONS}). */
    public record Difference(String chain, long seq, Kind kind) {
    }
}
