package dev.jita.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IdempotencyStoreIT {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T09:00:00Z"));
    private IdempotencyStore idempotency;

    @BeforeEach
    void table() {
        idempotency = new IdempotencyStore(DynamoLocal.client(), DynamoLocal.freshIdempotencyTable(), clock,
                Duration.ofHours(24));
    }

    @Test
    void claim_shouldReplaySameBody_andRefuseOtherBody() {
        assertEquals(new IdempotencyStore.Claim.Claimed("r1"),
                idempotency.claim(Fixtures.ALICE_ARN, "key-1", "body-a", "r1"));

        assertEquals(new IdempotencyStore.Claim.Replay("r1"),
                idempotency.claim(Fixtures.ALICE_ARN, "key-1", "body-a", "r2"));
        assertEquals(new IdempotencyStore.Claim.Mismatch("r1"),
                idempotency.claim(Fixtures.ALICE_ARN, "key-1", "body-b", "r3"));
    }

    @Test
    void claim_shouldScopeKeysPerCaller() {
        idempotency.claim(Fixtures.ALICE_ARN, "key-1", "body-a", "r1");

        assertEquals(new IdempotencyStore.Claim.Claimed("r2"),
                idempotency.claim(Fixtures.requester("bob").arn(), "key-1", "body-a", "r2"));
    }

    @Test
    void claim_shouldFreeKey_onceItsRecordExpired() {
        idempotency.claim(Fixtures.ALICE_ARN, "key-1", "body-a", "r1");
        clock.advance(Duration.ofHours(25));

        assertEquals(new IdempotencyStore.Claim.Claimed("r2"),
                idempotency.claim(Fixtures.ALICE_ARN, "key-1", "body-b", "r2"));
    }
}
