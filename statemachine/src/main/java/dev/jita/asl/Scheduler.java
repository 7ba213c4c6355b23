package dev.jita.asl;

import java.time.Duration;
import java.time.Instant;

/** Runs the engine's work and timers, in real, scaled or virtual time. */
interface Scheduler extends AutoCloseable {

    /** A scheduled timer that can be cancelled. */
    interface Timer {
        void cancel();
    }

    Instant now();

    /** Runs {@code task} soon. */
    void execute(Runnable task);

    /** Runs {@code task} at {@code at} (at once if that has passed). */
    Timer schedule(Instant at, Runnable task);

    /** True when work runs on the caller's thread and Lambda handlers run inline (virtual time). */
    boolean inline();

    /** Blocks the calling handler thread for {@code duration} of engine time (real and scaled time only). */
    void sleep(Duration duration) throws InterruptedException;

    @Override
    void close();

    static Scheduler of(EngineClock clock) {
        if (clock instanceof EngineClock.Virtual v) {
            return new VirtualScheduler(v.start());
        } else if (clock instanceof EngineClock.Real r) {
            return new ExecutorScheduler(r.clock(), 1.0);
        } else {
            EngineClock.Scaled s = (EngineClock.Scaled) clock;
            return new ExecutorScheduler(s.clock(), s.factor());
        }
    }
}
