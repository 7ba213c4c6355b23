package dev.jita.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EventBridge's schedule for the sweeper: the function every minute of jita's clock, on one daemon thread. A run that
 * fails is logged and the next one tries again; nothing it throws reaches the rest of jita local.
 */
final class SweeperSchedule implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SweeperSchedule.class);
    /** The schedule in jita's time, as CDK's rate(1 minute). */
    static final Duration EVERY = Duration.ofMinutes(1);
    /** However fast time runs, no more often than this in wall-clock time: each run reads every grant. */
    static final Duration AT_MOST_EVERY = Duration.ofSeconds(1);
    private static final Duration STOP = Duration.ofSeconds(10);

    private final ScheduledExecutorService executor;
    private final Duration period;

    private SweeperSchedule(RequestHandler<Map<String, Object>, Map<String, Object>> sweeper, Duration period) {
        Objects.requireNonNull(sweeper, "sweeper");
        this.period = period;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jita-sweeper");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> run(sweeper), period.toMillis(), period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Starts running {@code sweeper} every {@link #period(double)} of wall-clock time. */
    static SweeperSchedule start(RequestHandler<Map<String, Object>, Map<String, Object>> sweeper, double timeScale) {
        return new SweeperSchedule(sweeper, period(timeScale));
    }

    /** One minute of jita's time in wall-clock time at {@code timeScale}, but not under {@link #AT_MOST_EVERY}. */
    static Duration period(double timeScale) {
        long millis = Math.round(EVERY.toMillis() / timeScale);
        return Duration.ofMillis(Math.max(AT_MOST_EVERY.toMillis(), millis));
    }

    Duration period() {
        return period;
    }

    private static void run(RequestHandler<Map<String, Object>, Map<String, Object>> sweeper) {
        try {
            Map<String, Object> report = sweeper.handleRequest(Map.of("source", "aws.events",
                    "detail-type", "Scheduled Event"), LocalLambdaContext.of("sweeper"));
            LOG.debug("sweeper run: {}", report);
        } catch (RuntimeException e) {
            // A throw would cancel the schedule for good; the next run must still happen.
            LOG.error("sweeper run failed, the next one tries again in a minute of jita's time", e);
        }
    }

    /** Stops the schedule; a run in progress finishes first (up to 10 s). */
    @Override
    public void close() {
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
