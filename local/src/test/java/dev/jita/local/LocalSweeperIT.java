package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The sweeper's schedule in jita local: every minute of jita's clock (at x600, once a wall-clock second, the floor),
 * it removes a hand-made orphan jita-* policy, and stops with the server.
 */
class LocalSweeperIT {

    @Test
    void sweeper_shouldRemoveAnOrphanPolicy_withinAFewRuns_underAScaledClock() {
        try (JitaLocalServer server = JitaLocalServer.start(new JitaLocalServer.Settings(0, null, 600, null, 2))) {
            assertEquals(Duration.ofSeconds(1), server.sweeperPeriod(), "60 s / 600 is under the 1 s floor");
            String policy = "jita-r-orphan" + System.nanoTime();
            server.jita().localIam().putRolePolicy("Engineer", policy, """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
                     "Resource":"arn:aws:s3:::example-prod-reports/*"}]}""");
            assertTrue(server.jita().localIam().listRolePolicies("Engineer").contains(policy));

            Instant put = Instant.now();
            LocalIncidentsIT.await(() -> !server.jita().localIam().listRolePolicies("Engineer").contains(policy),
                    "the orphan " + policy + " removed by the sweeper");
            Duration took = Duration.between(put, Instant.now());
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "removed within a few 1 s runs, took " + took);
        }
    }

    @Test
    void sweeperPeriod_shouldBeAMinuteOfJitasTime_butNotUnderASecond() {
        assertEquals(Duration.ofMinutes(1), SweeperSchedule.period(1));
        assertEquals(Duration.ofSeconds(6), SweeperSchedule.period(10));
        assertEquals(Duration.ofSeconds(1), SweeperSchedule.period(60));
        assertEquals(Duration.ofSeconds(1), SweeperSchedule.period(6000));
    }
}
