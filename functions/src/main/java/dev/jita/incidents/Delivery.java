package dev.jita.incidents;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/**
 * One delivery of an incident event, for the claim that lets exactly one delivery apply it
 * ({@link IncidentRecords#admit}).
 *
 * @param id       Lambda's request id: Lambda's own retries of a failed or timed-out invocation keep it, so a
 *                 retry recognises the claim its crashed first attempt left, while a duplicate delivery by
 *                 EventBridge has another id
 * @param timeLeft how long this delivery can still run; its claim lasts that long and no longer, so a delivery
 *                 that died without releasing its claim holds the event up for at most that time
 */
public record Delivery(String id, Duration timeLeft) {

    /** The incident function's timeout (infrastructure FunctionSpec.INCIDENT): no delivery outlives it. */
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);

    public Delivery {
        Objects.requireNonNull(id, "id");
        if (timeLeft == null || timeLeft.isNegative() || timeLeft.isZero()) {
            timeLeft = FUNCTION_TIMEOUT;
        }
    }

    /** A delivery with no Lambda request behind it (jita local, tests): its own id, the function's timeout. */
    public static Delivery unnamed() {
        return new Delivery(UUID.randomUUID().toString(), FUNCTION_TIMEOUT);
    }
}
