package dev.jita.asl;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Where the engine's time comes from.
 * <ul>
 *   <li>{@link #real()}: the wall clock; work runs on an executor.</li>
 *   <li>{@link #scaled(double)}: time passes {@code factor} times faster than the wall clock (for demos: a one-hour
 *   Wait takes 36 s at 100x); work runs on an executor.</li>
 *   <li>{@link #virtual(Instant)}: for tests. Time never moves by itself and nothing runs until the caller asks:
 *   {@link LocalStepFunctions#runUntilIdle()}, {@link LocalStepFunctions#advanceToNextTimer()},
 *   {@link LocalStepFunctions#runToCompletion(String)}. Work runs on the caller's thread.</li>
 * </ul>
 */
public sealed interface EngineClock {

    /** Wall-clock time from the system clock. */
    static EngineClock real() {
        return new Real(Clock.systemUTC());
    }

    /** Time that starts now and runs {@code factor} times faster than the wall clock. */
    static EngineClock scaled(double factor) {
        return new Scaled(Clock.systemUTC(), factor);
    }

    /** Virtual time starting at {@code start}, moved only by the test. */
    static EngineClock virtual(Instant start) {
        return new Virtual(start);
    }

    /** Wall-clock time from {@code clock}. */
    record Real(Clock clock) implements EngineClock {
        public Real {
            Objects.requireNonNull(clock, "clock");
        }
    }

    /** Time that starts at {@code clock}'s now and runs {@code factor} times faster. */
    record Scaled(Clock clock, double factor) implements EngineClock {
        public Scaled {
            Objects.requireNonNull(clock, "clock");
            if (!(factor > 0) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("time scale factor must be a positive finite number, was " + factor);
            }
        }
    }

    /** Virtual time that starts at {@code start}. */
    record Virtual(Instant start) implements EngineClock {
        public Virtual {
            Objects.requireNonNull(start, "start");
        }
    }
}
