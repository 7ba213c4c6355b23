package dev.jita.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.EngineClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * jita's time across restarts of {@code jita local --data-dir}. A scaled clock that started again at the wall clock
 * would jump back: links minted before the restart would be "not yet valid" and audit times would go backwards. So
 * the file keeps the clock's anchor (a jita time, the wall-clock time it was read at, and the scale), and the next
 * start continues that line: jita's time goes on as if jita local had kept running at its scale while stopped,
 * and never starts before the anchor, whatever the wall clock did meanwhile. A clock written at start is enough
 * for a crash; the anchor is written again at a clean stop.
 *
 * <p>Virtual clocks (the workflow tests) are left alone.
 */
final class ClockFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int VERSION = 1;

    /**
     * A point on jita's time line: at wall-clock {@code wallTime} jita's time was {@code jitaTime}, and it runs
     * {@code scale} times faster than the wall clock.
     */
    record Anchor(Instant jitaTime, Instant wallTime, double scale) {
        Anchor {
            Objects.requireNonNull(jitaTime, "jitaTime");
            Objects.requireNonNull(wallTime, "wallTime");
            if (!(scale > 0) || Double.isInfinite(scale)) {
                throw new IllegalArgumentException("scale must be a positive number, was " + scale);
            }
        }

        /** jita's time at wall-clock {@code wall} on this line; never before {@link #jitaTime}. */
        Instant at(Instant wall) {
            Duration elapsed = Duration.between(wallTime, wall);
            if (elapsed.isNegative()) {
                return jitaTime; // the wall clock went back: jita's time stays
            }
            return jitaTime.plusNanos((long) (elapsed.toNanos() * scale));
        }
    }

    private final Path file;
    /** The wall clock and the scale of this run, once resumed with a real or scaled clock. */
    private Clock wall;
    private double scale;

    ClockFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    /**
     * The clock for this run: {@code requested}'s scale, starting where the last run's line has got to by now (at
     * the wall clock the first time, and never behind it); the new anchor is written before it is returned.
     */
    EngineClock resume(EngineClock requested) {
        if (requested instanceof EngineClock.Real r) {
            wall = r.clock();
            scale = 1;
        } else if (requested instanceof EngineClock.Scaled s) {
            wall = s.clock();
            scale = s.factor();
        } else {
            return requested;
        }
        Instant now = wall.instant();
        Instant start = read().map(a -> a.at(now)).filter(t -> t.isAfter(now)).orElse(now);
        write(new Anchor(start, now, scale));
        if (scale != 1) {
            // The interpreter reads a scaled clock's source once, as its origin, then counts elapsed nanoseconds.
            return new EngineClock.Scaled(Clock.fixed(start, ZoneOffset.UTC), scale);
        }
        return new EngineClock.Real(start.equals(now) ? wall : Clock.offset(wall, Duration.between(now, start)));
    }

    /** At a clean stop: the anchor where jita's time is now, so the next start never begins before it. */
    void stop(Instant jitaNow) {
        if (wall != null) {
            write(new Anchor(jitaNow, wall.instant(), scale));
        }
    }

    /** The anchor in the file, if there is one. */
    Optional<Anchor> read() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return Optional.of(new Anchor(Instant.parse(root.path("jitaTime").asText()),
                    Instant.parse(root.path("wallTime").asText()), root.path("timeScale").asDouble()));
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalStateException("could not read jita's clock from " + file + " (" + e.getMessage()
                    + "); fix it or delete it (jita's time then starts again at the wall clock)", e);
        }
    }

    /** Replaces the file at once (written 0600 beside it, then moved), so a crash leaves the old or the new one. */
    void write(Anchor anchor) {
        ObjectNode root = JSON.createObjectNode()
                .put("version", VERSION)
                .put("jitaTime", anchor.jitaTime().toString())
                .put("wallTime", anchor.wallTime().toString())
                .put("timeScale", anchor.scale());
        try {
            Path dir = file.toAbsolutePath().getParent();
            Path tmp = DataDir.posix(dir)
                    ? Files.createTempFile(dir, ".jita-clock", ".tmp", DataDir.attribute(DataDir.OWNER_ONLY_FILE))
                    : Files.createTempFile(dir, ".jita-clock", ".tmp");
            try {
                Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write jita's clock to " + file + "; check that the data"
                    + " directory is writable", e);
        }
    }
}
