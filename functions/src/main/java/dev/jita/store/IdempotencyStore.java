package dev.jita.store;

import static dev.jita.store.RequestItems.s;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * Idempotency-Key support for intake: the first request with a key claims it by a conditional put; a repeat
 * with the same body gets the first request's id back, one with another body a mismatch (409).
 */
public final class IdempotencyStore {

    static final String KEY = "key";
    static final String EXPIRES_AT = "expiresAt";
    private static final String REQUEST_ID = "requestId";
    private static final String BODY_HASH = "bodyHash";

    private final DynamoDbClient ddb;
    private final String table;
    private final Clock clock;
    private final Duration keep;

    /** @param keep how long a key is remembered (DynamoDB's TTL removes it some time after) */
    public IdempotencyStore(DynamoDbClient ddb, String table, Clock clock, Duration keep) {
        this.ddb = Objects.requireNonNull(ddb, "ddb");
        this.table = Objects.requireNonNull(table, "table");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.keep = Objects.requireNonNull(keep, "keep");
    }

    /** What claiming a key found. */
    public sealed interface Claim {
        /** The key was free and is now this request's. */
        record Claimed(String requestId) implements Claim {
        }

        /** The same body came before with this key: answer with that request. */
        record Replay(String requestId) implements Claim {
        }

        /** The key was used before with another body. */
        record Mismatch(String requestId) implements Claim {
        }
    }

    /**
     * @param principal the caller's ARN; keys are scoped per caller so nobody can probe another's keys
     * @param bodyHash  a hash of the request body as received
     * @param requestId the id the new request will get if the key is free
     */
    public Claim claim(String principal, String idempotencyKey, String bodyHash, String requestId) {
        long now = clock.instant().getEpochSecond();
        String key = principal + "\n" + idempotencyKey;
        try {
            ddb.putItem(PutItemRequest.builder()
                    .tableName(table)
                    .item(Map.of(KEY, s(key), REQUEST_ID, s(requestId), BODY_HASH, s(bodyHash),
                            EXPIRES_AT, AttributeValue.fromN(Long.toString(now + keep.toSeconds()))))
                    // TTL deletes late; an expired record no longer holds its key.
                    .conditionExpression("attribute_not_exists(#k) OR #exp < :now")
                    .expressionAttributeNames(Map.of("#k", KEY, "#exp", EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now))))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build());
            return new Claim.Claimed(requestId);
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.item();
            String earlier = old.get(REQUEST_ID).s();
            return bodyHash.equals(old.get(BODY_HASH).s()) ? new Claim.Replay(earlier) : new Claim.Mismatch(earlier);
        }
    }
}
