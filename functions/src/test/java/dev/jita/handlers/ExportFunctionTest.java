package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import dev.jita.app.InMemoryMetrics;
import dev.jita.export.AuditExporter;
import dev.jita.export.S3ExportStore;
import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The export function on the SDK's S3 client against a loopback S3: a delivery S3 refuses is reported back to Lambda
 * as batchItemFailures (so the stream delivers it again; exhausted retries go to the dead-letter queue, which alarms:
 * JitaApprovalTest), and the redelivery is written.
 */
class ExportFunctionTest {
    private final LoopbackAws aws = new LoopbackAws();
    private final ExportFunction function = new ExportFunction(
            new AuditExporter(new S3ExportStore(aws.s3(), "jita-export")), new InMemoryMetrics());

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void handleRequest_shouldReportEveryRecordAsABatchItemFailure_whenS3FailsThePut_andWriteItOnRedelivery() {
        DynamodbEvent batch = event(record("4100", "r-a", "0000000001"), record("4101", "r-a", "0000000002"));
        // The SDK's three attempts all fail: the delivery is lost for now.
        aws.reply(Reply.xml(503, slowDown()), Reply.xml(503, slowDown()), Reply.xml(503, slowDown()));

        StreamsEventResponse lost = function.handleRequest(batch, null);

        assertEquals(List.of("4100", "4101"), lost.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());

        aws.reply(new Reply(200, Map.of("ETag", "\"abc\""), ""));
        StreamsEventResponse retried = function.handleRequest(batch, null);

        assertEquals(List.of(), retried.getBatchItemFailures());
        LoopbackAws.Received put = aws.last();
        assertEquals("/jita-export/audit/2026/12/07/4100-4101.jsonl", put.path());
        assertEquals(2, put.text().lines().filter(l -> l.contains("\"requestId\":\"r-a\"")).count());
    }

    @Test
    void handleRequest_shouldReportNothing_whenEveryObjectIsWritten() {
        aws.reply(new Reply(200, Map.of(), ""));

        assertEquals(List.of(), function.handleRequest(event(record("4100", "r-a", "0000000001")), null)
                .getBatchItemFailures());
    }

    private static String slowDown() {
        return "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
    }

    private static DynamodbEvent event(DynamodbEvent.DynamodbStreamRecord... records) {
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(List.of(records));
        return event;
    }

    private static DynamodbEvent.DynamodbStreamRecord record(String sequence, String requestId, String seq) {
        StreamRecord stream = new StreamRecord();
        stream.setSequenceNumber(sequence);
        stream.setApproximateCreationDateTime(Date.from(java.time.Instant.parse("2026-12-07T10:00:01Z")));
        stream.setNewImage(Map.of(
                "requestId", new AttributeValue().withS(requestId),
                "seq", new AttributeValue().withS(seq),
                "day", new AttributeValue().withS("2026-12-07"),
                "details", new AttributeValue().withM(Map.of("role", new AttributeValue().withS("Dev")))));
        DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
        record.setEventName("INSERT");
        record.setDynamodb(stream);
        return record;
    }
}
