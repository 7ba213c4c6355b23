package dev.jita.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.audit.AuditType;
import dev.jita.audit.Verification;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.store.Approval;
import dev.jita.domain.Status;
import dev.jita.standins.TestAuditKey;
import dev.jita.store.AuditLog;
import dev.jita.store.DynamoLocal;
import dev.jita.store.Fixtures;
import dev.jita.store.MutableClock;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Verify from the export on DynamoDB Local and the folder store: a request's chain exported as the stream delivers it
 * (the items as stored, across midnight), then the table or the export changed behind jita's back.
 */
class ExportVerifierIT {
    private static final Instant BEFORE_MIDNIGHT = Instant.parse("2026-12-06T23:59:58Z");

    @TempDir
    Path dir;

    private final DynamoDbClient ddb = DynamoLocal.client();
    private final MutableClock clock = new MutableClock(BEFORE_MIDNIGHT);
    private StoreConfig config;
    private RequestStore store;
    private AuditLog audit;
    private ExportVerifier verifier;

    @BeforeEach
    void tables() {
        config = DynamoLocal.freshTables();
        store = new RequestStore(ddb, config, clock, TestAuditKey.SIGNER);
        audit = new AuditLog(ddb, config, TestAuditKey.SIGNER);
        verifier = new ExportVerifier(new FolderExportStore(dir), audit, store, clock);
    }

    @Test
    void compare_shouldAgree_onAnUntouchedRequest_exportedAcrossTwoDays() throws Exception {
        StoredRequest r = throughFourEntries();
        exportAll(r.requestId());
        assertTrue(Files.exists(dir.resolve("2026/12/06")) && Files.exists(dir.resolve("2026/12/07")));

        ExportComparison c = verifier.compare(r.requestId());

        assertTrue(c.agree(), c.toString());
        assertEquals(List.of(), c.differences());
        assertEquals(4, c.export().events());
        assertEquals(c.table(), c.export());
    }

    @Test
    void compare_shouldNameTheAlteredSeq_whenAnEntryIsChangedInTheTableAfterExport() {
        StoredRequest r = throughFourEntries();
        exportAll(r.requestId());
        ddb.updateItem(b -> b.tableName(config.auditTable())
                .key(Map.of("requestId", AttributeValue.fromS(r.requestId()),
                        "seq", AttributeValue.fromS("0000000002")))
                .updateExpression("SET #actor = :actor")
                .expressionAttributeNames(Map.of("#actor", "actor"))
                .expressionAttributeValues(Map.of(":actor", AttributeValue.fromS("mallory"))));

        ExportComparison c = verifier.compare(r.requestId());

        assertFalse(c.agree());
        assertEquals(OptionalLong.of(2), c.table().firstBadSeq());
        assertTrue(c.export().valid(), "the export still holds the entry as written");
        assertEquals(List.of(new ExportComparison.Difference(Verification.MAIN, 2, ExportComparison.Kind.DIFFERS)),
                c.differences());
    }

    @Test
    void compare_shouldNameTheSeq_whenTheTablesTailIsDeleted_andTheExportStillHasIt() {
        StoredRequest r = throughFourEntries();
        exportAll(r.requestId());
        ddb.deleteItem(b -> b.tableName(config.auditTable()).key(Map.of(
                "requestId", AttributeValue.fromS(r.requestId()), "seq", AttributeValue.fromS("0000000004"))));

        ExportComparison c = verifier.compare(r.requestId());

        assertFalse(c.agree());
        assertTrue(c.export().valid());
        assertEquals(List.of(new ExportComparison.Difference(Verification.MAIN, 4,
                ExportComparison.Kind.MISSING_FROM_TABLE)), c.differences());
    }

    @Test
    void compare_shouldNameTheSeq_thatNeverReachedTheExport() {
        StoredRequest r = throughFourEntries();
        List<Map<String, AttributeValue>> items = audit.items(r.requestId());
        export(items.subList(0, 3));

        ExportComparison c = verifier.compare(r.requestId());

        assertTrue(c.table().valid());
        assertTrue(c.export().valid(), "three entries, each chained to the one before");
        assertEquals(List.of(new ExportComparison.Difference(Verification.MAIN, 4,
                ExportComparison.Kind.MISSING_FROM_EXPORT)), c.differences());
    }

    @Test
    void compare_shouldFailTheExportsChain_whenAnExportedLineIsEdited() throws Exception {
        StoredRequest r = throughFourEntries();
        exportAll(r.requestId());
        Path object;
        try (Stream<Path> files = Files.list(dir.resolve("2026/12/06"))) {
            object = files.findFirst().orElseThrow();
        }
        Files.writeString(object, Files.readString(object).replaceFirst("\"actor\":\"[^\"]*\"", "\"actor\":\"bob\""));

        ExportComparison c = verifier.compare(r.requestId());

        assertTrue(c.table().valid());
        assertEquals(OptionalLong.of(1), c.export().firstBadSeq());
        assertEquals(ExportComparison.Kind.DIFFERS, c.differences().get(0).kind());
        assertEquals(1, c.differences().get(0).seq());
    }

    @Test
    void compare_shouldNameTheRewrittenSeq_whenTheExportHoldsTwoVersionsOfAnEntry() {
        StoredRequest r = throughFourEntries();
        exportAll(r.requestId());
        ddb.updateItem(b -> b.tableName(config.auditTable())
                .key(Map.of("requestId", AttributeValue.fromS(r.requestId()),
                        "seq", AttributeValue.fromS("0000000003")))
                .updateExpression("SET #actor = :actor")
                .expressionAttributeNames(Map.of("#actor", "actor"))
                .expressionAttributeValues(Map.of(":actor", AttributeValue.fromS("mallory"))));
        // The stream delivers the modification too: the export keeps both versions.
        export(List.of(audit.items(r.requestId()).get(2)));

        ExportComparison c = verifier.compare(r.requestId());

        assertFalse(c.agree());
        assertEquals(OptionalLong.of(3), c.export().firstBadSeq());
        assertEquals(List.of(new ExportComparison.Difference(Verification.MAIN, 3, ExportComparison.Kind.DIFFERS)),
                c.differences());
    }

    /** Created just before midnight, approved, granted and revoked after it: seqs 1..4 over two days. */
    private StoredRequest throughFourEntries() {
        AccessRequest a = Fixtures.request(Fixtures.requester("alice"), clock.instant());
        StoredRequest s = store.create(a, Fixtures.hashOf(a), Fixtures.requested(a));
        clock.advance(Duration.ofSeconds(1));
        s = store.apply(s, RequestUpdate.decision("alice", new Approval(Decision.APPROVE, clock.instant(), "ok"))
                .withTarget(Status.APPROVED)
                .withWindow(new GrantWindow(clock.instant(), clock.instant().plus(Duration.ofMinutes(30)))),
                Fixtures.approver(AuditType.APPROVED, "alice"));
        clock.advance(Duration.ofSeconds(2));
        s = store.apply(s, RequestUpdate.moveTo(Status.ACTIVE), Fixtures.system(AuditType.GRANTED));
        clock.advance(Duration.ofMinutes(30));
        return store.apply(s, RequestUpdate.moveTo(Status.REVOKED), Fixtures.system(AuditType.REVOKED));
    }

    private void exportAll(String requestId) {
        export(audit.items(requestId));
    }

    private int sequence = 1000;

    /** What the stream would deliver: the items as stored, one batch. */
    private void export(List<Map<String, AttributeValue>> items) {
        List<AuditExporter.Change> changes = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            changes.add(new AuditExporter.Change(Integer.toString(sequence++), item, clock.instant()));
        }
        assertEquals(List.of(), new AuditExporter(new FolderExportStore(dir)).export(changes));
    }
}
