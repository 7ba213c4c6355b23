package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.asl.EngineClock;
import dev.jita.asl.LocalStepFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClockFileTest {
    static final Instant W0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve(DataDir.CLOCK);
    }

    private static Clock wall(Instant at) {
        return Clock.fixed(at, ZoneOffset.UTC);
    }

    /** jita's time at the start of a run that resumed {@code requested}. */
    private static Instant start(EngineClock clock) {
        if (clock instanceof EngineClock.Scaled s) {
            return s.clock().instant();
        }
        return ((EngineClock.Real) clock).clock().instant();
    }

    @Test
    void resume_shouldStartAtTheWallClock_andWriteItsAnchor0600_whenThereIsNoFileYet() throws IOException {
        EngineClock clock = new ClockFile(file()).resume(new EngineClock.Scaled(wall(W0), 60));

        assertEquals(W0, start(clock));
        assertEquals(new ClockFile.Anchor(W0, W0, 60), new ClockFile(file()).read().orElseThrow());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file())));
    }

    @Test
    void resume_shouldGoOnFromTheLastRunsTime_whenRestartedWithAScaledClock() {
        new ClockFile(file()).resume(new EngineClock.Scaled(wall(W0), 60));

        // Restarted 10 s later: 10 minutes of jita's time have passed, not minus the lead of the first run.
        EngineClock clock = new ClockFile(file()).resume(new EngineClock.Scaled(wall(W0.plusSeconds(10)), 60));

        assertEquals(W0.plusSeconds(600), start(clock));
        assertEquals(60, ((EngineClock.Scaled) clock).factor());
    }

    @Test
    void resume_shouldGoOnFromWhereTheClockStopped_whenTheWallClockWentBack() {
        ClockFile first = new ClockFile(file());
        first.resume(new EngineClock.Scaled(wall(W0), 60));
        first.stop(W0.plus(Duration.ofHours(2)));

        EngineClock clock = new ClockFile(file()).resume(new EngineClock.Scaled(wall(W0.minusSeconds(3600)), 60));

        assertEquals(W0.plus(Duration.ofHours(2)), start(clock), "never before where the last run stopped");
    }

    @Test
    void resume_shouldKeepTheLeadOfAScaledRun_whenRestartedInRealTime() {
        new ClockFile(file()).resume(new EngineClock.Scaled(wall(W0), 60));

        EngineClock clock = new ClockFile(file()).resume(new EngineClock.Real(wall(W0.plusSeconds(10))));

        assertInstanceOf(EngineClock.Real.class, clock);
        assertEquals(W0.plusSeconds(600), start(clock));
        assertEquals(new ClockFile.Anchor(W0.plusSeconds(600), W0.plusSeconds(10), 1),
                new ClockFile(file()).read().orElseThrow());
    }

    @Test
    void resume_shouldGoOnAtTheNewScale_fromWhereTheOldOneGot() {
        new ClockFile(file()).resume(new EngineClock.Scaled(wall(W0), 60));
        new ClockFile(file()).resume(new EngineClock.Scaled(wall(W0.plusSeconds(10)), 10));

        EngineClock clock = new ClockFile(file()).resume(new EngineClock.Scaled(wall(W0.plusSeconds(20)), 10));

        assertEquals(W0.plusSeconds(600 + 100), start(clock));
    }

    @Test
    void resume_shouldRunTheWallClock_whenJitaTimeNeverRanAhead() {
        Clock system = Clock.systemUTC();
        new ClockFile(file()).resume(new EngineClock.Real(system));

        EngineClock clock = new ClockFile(file()).resume(new EngineClock.Real(system));

        assertEquals(system, ((EngineClock.Real) clock).clock(), "real time stays the wall clock itself");
    }

    @Test
    void resume_shouldLeaveAVirtualClockAlone() {
        EngineClock virtual = EngineClock.virtual(W0);

        assertEquals(virtual, new ClockFile(file()).resume(virtual));
        assertFalse(Files.exists(file()));
    }

    @Test
    void resume_shouldStartTheInterpretersTime_whereTheLastRunGot() {
        Instant lastRun = Instant.now().plus(Duration.ofHours(5));
        new ClockFile(file()).write(new ClockFile.Anchor(lastRun, Instant.now(), 3600));

        try (LocalStepFunctions sfn = LocalStepFunctions.builder()
                .clock(new ClockFile(file()).resume(EngineClock.scaled(3600))).build()) {
            assertFalse(sfn.clock().instant().isBefore(lastRun), sfn.clock().instant() + " vs " + lastRun);
        }
    }

    @Test
    void read_shouldSayWhatToDo_whenTheFileIsBroken() throws IOException {
        Files.writeString(file(), "{\"jitaTime\": \"yesterday\"}");

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ClockFile(file()).resume(EngineClock.scaled(60)));

        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }
}
