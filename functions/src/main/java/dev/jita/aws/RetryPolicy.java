package dev.jita.aws;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * A small bounded retry for throttling, 5xx and network failures: {@code maxAttempts} in all, and before attempt n+1
 * a random wait in [0, min(maxDelay, baseDelay * 2^n)) ("full jitter", so that many callers do not retry in step).
 * Lambda bills the wait and the workflow retries on its own too, so it stays short.
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Sleeper sleeper,
                          RandomGenerator random) {

    /** How the client waits; tests record the waits instead. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());
    }

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(sleeper, "sleeper");
        Objects.requireNonNull(random, "random");
    }

    /** 3 attempts, waits below 100 ms then 200 ms, never above 1 s. */
    public static RetryPolicy standard() {
        return new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(1), Sleeper.THREAD,
                RandomGenerator.getDefault());
    }

    /** The wait before the attempt after {@code failedAttempts} failed ones (1 = after the first failure). */
    Duration delayAfter(int failedAttempts) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(failedAttempts - 1, 20));
        return ceiling <= 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(ceiling));
    }
}
