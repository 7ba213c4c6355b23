package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.export.AuditExporter;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit table's stream (NEW_IMAGE) into the export bucket. Records that could not be written come back as
 * batchItemFailures, so Lambda retries the batch from the first of them (the event source mapping reports batch item
 * failures); nothing is acknowledged that is not in the bucket. After the mapping's retries the range goes to the
 * dead-letter queue, which alarms.
 */
public final class ExportFunction implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    private final AuditExporter exporter;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public ExportFunction() {
        this(LambdaServices.forFunction("export"));
    }

    /** On any composition root: jita local's, a test's. */
    public ExportFunction(JitaServices services) {
        this(services.auditExporter(), services.metrics());
    }

    ExportFunction(AuditExporter exporter, Metrics metrics) {
        this.exporter = exporter;
        this.metrics = metrics;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return LambdaInvocation.run(context, null, metrics, () -> {
            List<AuditExporter.Change> changes = new ArrayList<>();
            if (event != null && event.getRecords() != null) {
                for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
                    changes.add(change(record));
                }
            }
            List<StreamsEventResponse.BatchItemFailure> failures = exporter.export(changes).stream()
                    .map(seq -> StreamsEventResponse.BatchItemFailure.builder().withItemIdentifier(seq).build())
                    .toList();
            return StreamsEventResponse.builder().withBatchItemFailures(failures).build();
        });
    }

    private static AuditExporter.Change change(DynamodbEvent.DynamodbStreamRecord record) {
        var stream = record.getDynamodb();
        Instant at = stream.getApproximateCreationDateTime() == null ? Instant.EPOCH
                : stream.getApproximateCreationDateTime().toInstant();
        return new AuditExporter.Change(stream.getSequenceNumber(), StreamImages.sdk(stream.getNewImage()), at);
    }
}
