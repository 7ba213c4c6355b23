package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.asl.EngineClock;
import dev.jita.domain.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * jita local's audit export: DynamoDB Local's stream of the audit table, read as Lambda's event source mapping would,
 * into {@code <data-dir>/audit-export/YYYY/MM/DD/*.jsonl}; verify from the export through intake.
 */
class LocalAuditExportIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void auditStream_shouldReachTheExportFolder_andVerifyFromItAgreesUntilTheTableIsAltered() throws Exception {
        try (Desk desk = new Desk(LocalJita.builder().clock(EngineClock.virtual(Desk.T0)).dataDir(dataDir).build())) {
            LocalJita jita = desk.jita;
            String id = desk.askToTerminate("bob-engineer");
            desk.approve(id, "alice");
            desk.runUntil(id, Status.ACTIVE);
            int entries = jita.auditLog().entries(id).size();

            assertTrue(jita.exportAuditStream() >= entries);
            Path day = dataDir.resolve("audit-export/2026/03/02");
            assertEquals(dataDir.resolve(DataDir.AUDIT_EXPORT), jita.auditExportFolder());
            List<String> lines;
            try (Stream<Path> files = Files.list(day)) {
                lines = files.filter(f -> f.toString().endsWith(".jsonl")).flatMap(LocalAuditExportIT::lines)
                        .filter(l -> l.contains("\"requestId\":\"" + id + "\"")).toList();
            }
            assertEquals(entries, lines.size());
            // Nothing new: a second read of the stream writes nothing.
            assertEquals(0, jita.exportAuditStream());

            JsonNode agree = verifyFromExport(jita, id);
            assertTrue(agree.get("agree").asBoolean(), agree.toString());
            assertEquals(entries, agree.get("sources").get("export").get("events").asInt());

            jita.dynamoDb().updateItem(u -> u.tableName(jita.storeConfig().auditTable())
                    .key(Map.of("requestId", AttributeValue.fromS(id), "seq", AttributeValue.fromS("0000000002")))
                    .updateExpression("SET actor = :x")
                    .expressionAttributeValues(Map.of(":x", AttributeValue.fromS("mallory"))));
            // The stream carries the modification too; the export keeps both versions.
            assertEquals(1, jita.exportAuditStream());

            JsonNode differ = verifyFromExport(jita, id);
            assertFalse(differ.get("agree").asBoolean());
            assertEquals(2, differ.get("firstDifferentSeq").asInt());
            assertEquals(2, differ.get("sources").get("table").get("firstBadSeq").asInt());
            assertEquals(2, differ.get("sources").get("export").get("firstBadSeq").asInt());
        }
    }

    private static JsonNode verifyFromExport(LocalJita jita, String requestId) throws Exception {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("../events/intake/audit-verify.json");
        var identity = event.getRequestContext().getIdentity();
        identity.setUserArn("arn:aws:sts::" + LocalJita.ACCOUNT + ":assumed-role/Auditor/olivia");
        identity.setAccountId(LocalJita.ACCOUNT);
        identity.setCaller(jita.userId(LocalJita.ACCOUNT, "Auditor", "olivia"));
        identity.setUser(jita.userId(LocalJita.ACCOUNT, "Auditor", "olivia"));
        event.getRequestContext().setRequestId(UUID.randomUUID().toString());
        event.setQueryStringParameters(Map.of("requestId", requestId, "source", "export"));
        event.setMultiValueQueryStringParameters(Map.of("requestId", List.of(requestId), "source",
                List.of("export")));
        var response = jita.intake().handleRequest(event, LocalLambdaContext.of("intake"));
        assertEquals(200, response.getStatusCode(), response.getBody());
        return JSON.readTree(response.getBody());
    }

    private static Stream<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
