package dev.jita.local;

import dev.jita.export.AuditExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's event source mapping for jita local: DynamoDB Local has the audit table's stream but no trigger, so this
 * reads the stream with the SDK's streams client, shard by shard, and hands each batch to the same
 * {@link AuditExporter} the export function runs. A batch with a failed record is read again from that record on the
 * next poll (as Lambda retries from the first batchItemFailure); a restart reads the stream from its oldest record,
 * which writes objects of the same names again (never replaced) or, where batches fall differently, duplicate lines
 * that verify counts once.
 */
final class LocalAuditStream implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalAuditStream.class);
    /** Wall-clock time between polls: entries reach the folder within a second or two. */
    static final Duration EVERY = Duration.ofSeconds(1);
    private static final int BATCH = 100;
    private static final Duration STOP = Duration.ofSeconds(10);

    private final DynamoDbStreamsClient streams;
    private final DynamoDbClient dynamoDb;
    private final String auditTable;
    private final AuditExporter exporter;
    /** Per shard: the sequence number of the last record written, the point to read after. */
    private final Map<String, String> exported = new HashMap<>();
    /** Per shard: where the next read starts; absent after a failure or a closed shard read to its end. */
    private final Map<String, String> iterators = new HashMap<>();
    private final java.util.Set<String> finished = new java.util.HashSet<>();
    /** One poll at a time; not this object's monitor, which {@link #close} holds while it waits for a poll. */
    private final Object polling = new Object();
    private ScheduledExecutorService executor;

    LocalAuditStream(DynamoDbStreamsClient streams, DynamoDbClient dynamoDb, String auditTable,
                     AuditExporter exporter) {
        this.streams = Objects.requireNonNull(streams, "streams");
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.auditTable = Objects.requireNonNull(auditTable, "auditTable");
        this.exporter = Objects.requireNonNull(exporter, "exporter");
    }

    /** Polls every {@link #EVERY} on one daemon thread until {@link #close}. */
    synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jita-audit-export");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                exportNow();
            } catch (RuntimeException e) {
                // A throw would cancel the schedule for good; the next poll reads from the same place.
                LOG.error("audit export poll failed, the next one tries again", e);
            }
        }, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Reads every shard of the audit table's stream up to its end and exports what it finds.
     *
     * @return how many records were written
     */
    int exportNow() {
        synchronized (polling) {
            return poll();
        }
    }

    private int poll() {
        String streamArn = dynamoDb.describeTable(d -> d.tableName(auditTable)).table().latestStreamArn();
        if (streamArn == null) {
            return 0;
        }
        int written = 0;
        for (Shard shard : shards(streamArn)) {
            written += exportShard(streamArn, shard.shardId());
        }
        return written;
    }

    private List<Shard> shards(String streamArn) {
        List<Shard> out = new ArrayList<>();
        String start = null;
        do {
            String from = start;
            var description = streams.describeStream(d -> d.streamArn(streamArn).exclusiveStartShardId(from))
                    .streamDescription();
            out.addAll(description.shards());
            start = description.lastEvaluatedShardId();
        } while (start != null);
        return out;
    }

    private int exportShard(String streamArn, String shardId) {
        if (finished.contains(shardId)) {
            return 0;
        }
        int written = 0;
        String iterator = iterators.computeIfAbsent(shardId, id -> {
            String after = exported.get(id);
            return streams.getShardIterator(g -> {
                g.streamArn(streamArn).shardId(id);
                if (after == null) {
                    g.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    g.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
                }
            }).shardIterator();
        });
        while (iterator != null) {
            String current = iterator;
            GetRecordsResponse page = streams.getRecords(g -> g.shardIterator(current).limit(BATCH));
            List<Record> records = page.records();
            if (records.isEmpty()) {
                if (page.nextShardIterator() == null) {
                    finished.add(shardId); // a closed shard read to its end
                    iterators.remove(shardId);
                } else {
                    iterators.put(shardId, page.nextShardIterator()); // the end of an open shard, for now
                }
                return written;
            }
            List<AuditExporter.Change> changes = records.stream().map(r -> new AuditExporter.Change(
                    r.dynamodb().sequenceNumber(), r.dynamodb().hasNewImage() ? r.dynamodb().newImage() : null,
                    r.dynamodb().approximateCreationDateTime() != null ? r.dynamodb().approximateCreationDateTime()
                            : Instant.EPOCH)).toList();
            List<String> failed = exporter.export(changes);
            if (!failed.isEmpty()) {
                // Read again from the first failed record next time, as Lambda retries from a batchItemFailure.
                int firstFailed = changes.stream().map(AuditExporter.Change::sequenceNumber).toList()
                        .indexOf(failed.get(0));
                if (firstFailed > 0) {
                    exported.put(shardId, changes.get(firstFailed - 1).sequenceNumber());
                    written += firstFailed;
                }
                iterators.remove(shardId);
                return written;
            }
            exported.put(shardId, changes.get(changes.size() - 1).sequenceNumber());
            written += changes.size();
            iterator = page.nextShardIterator();
            if (iterator == null) {
                finished.add(shardId);
                iterators.remove(shardId);
            } else {
                iterators.put(shardId, iterator);
            }
        }
        return written;
    }

    /** Stops polling; a poll in progress finishes first (up to 10 s). */
    @Override
    public synchronized void close() {
        if (executor == null) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
