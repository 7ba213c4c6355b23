package dev.jita.store;

import dev.jita.domain.Status;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Why DynamoDB refused one of the store's transactions, read from its cancellation reasons and the item as it stood,
 * and how long to wait before writing again: the request store's conflict diagnosis, kept apart from its writes.
 */
final class Refusals {
    private Refusals() {
    }

    /**
     * Throws the conflict that explains why DynamoDB refused the write, read from the item as it stood; returns
     * normally only when the sole difference is that the audit chain moved on.
     */
    static void explain(String requestId, long expectedVersion, RequestUpdate update,
                        Map<String, AttributeValue> found, TransactionCanceledException cause) {
        if (found.isEmpty()) {
            throw new RequestNotFoundException(requestId);
        }
        long version = RequestItems.num(found, RequestItems.VERSION);
        Status status = RequestItems.status(found);
        ConflictException.Reason reason = null;
        if (update.approverId() != null && decided(found, update.approverId())) {
            reason = ConflictException.Reason.ALREADY_DECIDED;
        } else if (version != expectedVersion) {
            reason = ConflictException.Reason.STALE_VERSION;
        } else if (update.target() != null && !Status.sourcesOf(update.target()).contains(status)) {
            reason = ConflictException.Reason.ILLEGAL_TRANSITION;
        } else if (update.approverId() != null && status != Status.PENDING_APPROVAL) {
            reason = ConflictException.Reason.NOT_PENDING;
        } else if (!failedAt(cause, 0) && !contended(cause)) {
            reason = ConflictException.Reason.AUDIT_SEQ_TAKEN;
        }
        if (reason != null) {
            ConflictException conflict =
                    new ConflictException(requestId, reason, expectedVersion, version, status, update.target());
            conflict.initCause(cause);
            throw conflict;
        }
    }

    static boolean decided(Map<String, AttributeValue> item, String approverId) {
        AttributeValue approvals = item.get(RequestItems.APPROVALS);
        return approvals != null && approvals.hasM() && approvals.m().containsKey(approverId);
    }

    static boolean failedAt(TransactionCanceledException e, int index) {
        return e.hasCancellationReasons() && e.cancellationReasons().size() > index
                && "ConditionalCheckFailed".equals(e.cancellationReasons().get(index).code());
    }

    /** Whether an item in [from, from + count) failed its condition. */
    static boolean failedIn(TransactionCanceledException e, int from, int count) {
        for (int i = from; i < from + count; i++) {
            if (failedAt(e, i)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A short random wait before writing again after a TransactionConflict or a moved audit head: writers on one
     * role's counter, or on one request's chain, otherwise collide again at once.
     */
    static void backOff(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 1 + Math.min(200, 5L << attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to write again", e);
        }
    }

    static boolean contended(TransactionCanceledException e) {
        return e.hasCancellationReasons() && e.cancellationReasons().stream()
                .anyMatch(r -> "TransactionConflict".equals(r.code()));
    }
}
