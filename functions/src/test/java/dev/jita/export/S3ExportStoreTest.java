package dev.jita.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The S3 export store through the SDK's S3 client against a loopback S3: what goes on the wire, what comes back. */
class S3ExportStoreTest {
    private static final LocalDate DAY = LocalDate.parse("2026-12-07");
    private final LoopbackAws aws = new LoopbackAws();
    private final S3ExportStore store = new S3ExportStore(aws.s3(), "jita-export");

    @AfterEach
    void close() {
        aws.close();
    }

    @Test
    void put_shouldWriteOneJsonLinesObjectUnderItsDay_onlyIfNoneExists() {
        aws.reply(new Reply(200, java.util.Map.of("ETag", "\"abc\""), ""));

        store.put(DAY, "100-102", List.of("{\"seq\":\"1\"}", "{\"seq\":\"2\"}"));

        LoopbackAws.Received put = aws.last();
        assertEquals("PUT", put.method());
        assertEquals("/jita-export/audit/2026/12/07/100-102.jsonl", put.path());
        // Never an overwrite: S3 refuses a second write of the key.
        assertEquals("*", put.header("If-None-Match"));
        assertTrue(put.text().contains("{\"seq\":\"1\"}\n{\"seq\":\"2\"}\n"), put.text());
        assertTrue(LoopbackAws.credentialScope(put).endsWith("/s3/aws4_request"));
    }

    @Test
    void put_shouldTakeTheObjectAsWritten_whenS3AnswersThatItExists() {
        aws.reply(Reply.xml(412, "<Error><Code>PreconditionFailed</Code><Message>At least one of the"
                + " pre-conditions you specified did not hold</Message></Error>"));

        store.put(DAY, "100-102", List.of("{}"));

        assertEquals(1, aws.received().size());
    }

    @Test
    void put_shouldFail_whenS3RefusesTheWrite_soTheRecordsAreRetried() {
        aws.reply(Reply.xml(403, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"));

        ExportFailedException e = assertThrows(ExportFailedException.class,
                () -> store.put(DAY, "100-102", List.of("{}")));
        assertTrue(e.getMessage().contains("s3://jita-export/audit/2026/12/07/100-102.jsonl"), e.getMessage());
    }

    @Test
    void lines_shouldListTheDaysPrefix_andReadEveryObjectInKeyOrder() {
        aws.respond(request -> {
            if (request.query() != null && request.query().contains("list-type=2")) {
                assertTrue(request.query().contains("prefix=audit%2F2026%2F12%2F07%2F"), request.query());
                return Reply.xml(200, "<ListBucketResult><Name>jita-export</Name><KeyCount>2</KeyCount>"
                        + "<IsTruncated>false</IsTruncated>"
                        + "<Contents><Key>audit/2026/12/07/200-201.jsonl</Key></Contents>"
                        + "<Contents><Key>audit/2026/12/07/100-102.jsonl</Key></Contents></ListBucketResult>");
            }
            return new Reply(200, java.util.Map.of("Content-Type", "application/x-ndjson"),
                    request.path().endsWith("100-102.jsonl") ? "{\"a\":1}\n{\"a\":2}\n" : "{\"a\":3}\n");
        });

        assertEquals(List.of("{\"a\":1}", "{\"a\":2}", "{\"a\":3}"), store.lines(DAY));
    }
}
