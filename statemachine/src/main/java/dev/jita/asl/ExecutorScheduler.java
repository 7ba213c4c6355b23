package dev.jita.asl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real or scaled time: work runs on a cached pool (Lambda handlers may block on I/O), timers on one thread that
 * hands each due task to the pool. Engine time is {@code origin + factor * elapsed wall time}.
 */
final class ExecutorScheduler implements Scheduler {
    private static final System.Logger LOG = System.getLogger(ExecutorScheduler.class.getName());

    private final Clock clock;
    private final double factor;
    private final Instant origin;
    private final long originNanos;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;

    ExecutorScheduler(Clock clock, double factor) {
        this.clock = clock;
        this.factor = factor;
        this.origin = clock.instant();
        this.originNanos = System.nanoTime();
        this.workers = Executors.newCachedThreadPool(daemon("asl-worker-"));
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("asl-timer-"));
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public Instant now() {
        if (factor == 1.0) {
            return clock.instant();
        }
        return origin.plusNanos((long) ((System.nanoTime() - originNanos) * factor));
    }

    @Override
    public void execute(Runnable task) {
        workers.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "ASL engine task failed", e);
            }
        });
    }

    @Override
    public Timer schedule(Instant at, Runnable task) {
        long delayNanos = (long) (Duration.between(now(), at).toNanos() / factor);
        ScheduledFuture<?> f = timers.schedule(() -> execute(task), Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public boolean inline() {
        return false;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        long nanos = (long) (duration.toNanos() / factor);
        TimeUnit.NANOSECONDS.sleep(nanos);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        workers.shutdownNow();
    }
}
