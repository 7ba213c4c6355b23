package dev.jita.export;

import java.time.LocalDate;
import java.util.List;

/**
 * Where exported audit entries are kept, write-once: an S3 bucket under Object Lock in AWS ({@link S3ExportStore}),
 * a folder in jita local ({@link FolderExportStore}). Objects are JSON Lines, one audit item per line, under
 * {@code audit/YYYY/MM/DD/} (the entries' own UTC day).
 */
public interface ExportStore {

    /**
     * Writes one object of {@code lines} under {@code day}, named {@code name}. Never replaces an object: if one of
     * that name exists it is left as it is (a retried delivery of the same records writes the same name).
     *
     * @throws ExportFailedException when the object could not be written (the caller reports its records as failed)
     */
    void put(LocalDate day, String name, List<String> lines);

    /** Every line of every object under {@code day}, object by object in name order; none for a day without any. */
    List<String> lines(LocalDate day);

    /** The key of an object: {@code audit/YYYY/MM/DD/<name>.jsonl}. */
    static String key(LocalDate day, String name) {
        return prefix(day) + name + ".jsonl";
    }

    /** The key prefix of one day: {@code audit/YYYY/MM/DD/}. */
    static String prefix(LocalDate day) {
        return String.format("audit/%04d/%02d/%02d/", day.getYear(), day.getMonthValue(), day.getDayOfMonth());
    }
}
