package dev.jita.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class AuditExporterTest {
    private static final Instant AT = Instant.parse("2026-12-07T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void export_shouldWriteOneJsonLinesObjectPerDay_namedByItsFirstAndLastSequenceNumbers() throws Exception {
        FolderExportStore store = new FolderExportStore(dir);
        List<String> failed = new AuditExporter(store).export(List.of(
                change("101", "r-a", 1, "2026-12-06"), change("102", "r-a", 2, "2026-12-07"),
                change("103", "r-b", 1, "2026-12-07")));

        assertEquals(List.of(), failed);
        assertEquals(List.of(AuditLines.write(item("r-a", 1, "2026-12-06"))),
                Files.readAllLines(dir.resolve("2026/12/06/101-101.jsonl")));
        assertEquals(List.of(AuditLines.write(item("r-a", 2, "2026-12-07")), AuditLines.write(item("r-b", 1,
                "2026-12-07"))), Files.readAllLines(dir.resolve("2026/12/07/102-103.jsonl")));
    }

    @Test
    void export_shouldReportEveryChangeOfAnObjectItCouldNotWrite_andStillWriteTheOthers() {
        List<LocalDate> written = new ArrayList<>();
        ExportStore failingOnTheSeventh = new ExportStore() {
            @Override
            public void put(LocalDate day, String name, List<String> lines) {
                if (day.getDayOfMonth() == 7) {
                    throw new ExportFailedException("S3 said no", null);
                }
                written.add(day);
            }

            @Override
            public List<String> lines(LocalDate day) {
                return List.of();
            }
        };

        List<String> failed = new AuditExporter(failingOnTheSeventh).export(List.of(
                change("101", "r-a", 1, "2026-12-06"), change("102", "r-a", 2, "2026-12-07"),
                change("103", "r-b", 1, "2026-12-07")));

        assertEquals(List.of("102", "103"), failed);
        assertEquals(List.of(LocalDate.parse("2026-12-06")), written);
    }

    @Test
    void export_shouldSkipRemovals_whichHaveNoNewImage() {
        FolderExportStore store = new FolderExportStore(dir);
        List<String> failed = new AuditExporter(store).export(List.of(
                new AuditExporter.Change("101", null, AT), change("102", "r-a", 1, "2026-12-07")));

        assertEquals(List.of(), failed);
        assertEquals(1, store.lines(LocalDate.parse("2026-12-07")).size());
    }

    @Test
    void folderStore_shouldNeverReplaceAnObject_whenTheSameRangeIsDeliveredAgain() throws Exception {
        FolderExportStore store = new FolderExportStore(dir);
        LocalDate day = LocalDate.parse("2026-12-07");
        store.put(day, "101-102", List.of("{\"first\":\"1\"}"));
        store.put(day, "101-102", List.of("{\"second\":\"2\"}"));

        assertEquals(List.of("{\"first\":\"1\"}"), store.lines(day));
        try (var files = Files.list(dir.resolve("2026/12/07"))) {
            assertEquals(1, files.count()); // no temporary file left behind
        }
    }

    @Test
    void lines_shouldHoldTheItemExactlyAsStored_everyAttributeAndType() {
        Map<String, AttributeValue> item = item("r-a", 1, "2026-12-07");
        item.put("details", AttributeValue.fromM(Map.of("b", AttributeValue.fromS("2"), "a",
                AttributeValue.fromS("1"))));
        item.put("mac", AttributeValue.fromS("bWFj"));

        String line = AuditLines.write(item);

        assertEquals(item, AuditLines.read(line));
        assertTrue(line.startsWith("{\"at\":"), "keys sorted: " + line);
        assertTrue(!line.contains("\n"));
    }

    private static AuditExporter.Change change(String sequence, String requestId, long seq, String day) {
        return new AuditExporter.Change(sequence, item(requestId, seq, day), AT);
    }

    private static Map<String, AttributeValue> item(String requestId, long seq, String day) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("requestId", AttributeValue.fromS(requestId));
        item.put("seq", AttributeValue.fromS(String.format("%010d", seq)));
        item.put("day", AttributeValue.fromS(day));
        item.put("at", AttributeValue.fromS(day + "T10:00:00.000Z"));
        item.put("hash", AttributeValue.fromS("h" + seq));
        return item;
    }
}
