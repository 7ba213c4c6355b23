package dev.jita.store;

import static dev.jita.store.RequestItems.n;
import static dev.jita.store.RequestItems.s;

import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The counters behind {@link Caps}: one item per role and {@link Caps.Kind} in the requests table, keyed
 * {@code counter#<kind>#<roleId>} (request ids are {@code r-} and base32, so no request can ever have that key; the
 * item carries none of the indexes' keys, so no query sees it). A request takes its place in the transaction that
 * creates it, under the condition that the count is below the cap, so concurrent creates cannot overshoot; it gives
 * the place back in the transaction of the move that ends what was counted. The request item names the counters it
 * holds ({@link RequestItems#PENDING_COUNTER}, {@link RequestItems#GRANTS_COUNTER}) and the release removes the name,
 * so a place is given back once, to the counter that was taken, and a request stored before the caps gives back
 * nothing it never took.
 */
final class Counters {

    static final String COUNT = "count";

    private Counters() {
    }

    static String key(Caps.Kind kind, Requester who) {
        return "counter#" + kind.name().toLowerCase(Locale.ROOT) + "#" + who.capsKey();
    }

    /** The request item's attribute naming the counter of {@code kind} it holds. */
    static String attribute(Caps.Kind kind) {
        return switch (kind) {
            case PENDING -> RequestItems.PENDING_COUNTER;
            case GRANTS -> RequestItems.GRANTS_COUNTER;
        };
    }

    /** One more, refused by DynamoDB (ConditionalCheckFailed) when the count is already {@code max}. */
    static TransactWriteItem take(StoreConfig config, String counterKey, int max) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(config.requestsTable())
                .key(Map.of(RequestItems.REQUEST_ID, s(counterKey)))
                .updateExpression("ADD #count :one")
                .conditionExpression("attribute_not_exists(#count) OR #count < :max")
                .expressionAttributeNames(Map.of("#count", COUNT))
                .expressionAttributeValues(Map.of(":one", n(1), ":max", n(max)))
                .build()).build();
    }

    /** One fewer. Unconditional: a move out of a counted status must never fail for its counter's sake. */
    static TransactWriteItem release(StoreConfig config, String counterKey) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(config.requestsTable())
                .key(Map.of(RequestItems.REQUEST_ID, s(counterKey)))
                .updateExpression("ADD #count :minusOne")
                .expressionAttributeNames(Map.of("#count", COUNT))
                .expressionAttributeValues(Map.of(":minusOne", n(-1)))
                .build()).build();
    }

    /** The counters, kind to key, that the request gives back by moving to {@code target}; none without a move. */
    static Map<Caps.Kind, String> releasedBy(StoredRequest current, Status target) {
        Map<Caps.Kind, String> released = new EnumMap<>(Caps.Kind.class);
        if (target != null) {
            current.counters().forEach((kind, key) -> {
                if (!kind.counts(target)) {
                    released.put(kind, key);
                }
            });
        }
        return released;
    }
}
