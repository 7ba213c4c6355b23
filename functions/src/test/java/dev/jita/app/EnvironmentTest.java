package dev.jita.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvironmentTest {

    private static final Duration DEFAULT = Duration.ofMinutes(30);

    @Test
    void duration_shouldReturnTheDefault_whenUnsetOrBlank() {
        assertEquals(DEFAULT, Environment.duration(Map.of(), Environment.LINK_GRACE, DEFAULT));
        assertEquals(DEFAULT, Environment.duration(Map.of(Environment.LINK_GRACE, " "), Environment.LINK_GRACE,
                DEFAULT));
    }

    @Test
    void duration_shouldParseAnIsoDuration_whenSet() {
        assertEquals(Duration.ofMinutes(5), Environment.duration(Map.of(Environment.LINK_GRACE, "PT5M"),
                Environment.LINK_GRACE, DEFAULT));
        assertEquals(Duration.ZERO, Environment.duration(Map.of(Environment.LINK_GRACE, " PT0S\n"),
                Environment.LINK_GRACE, DEFAULT));
    }

    @Test
    void duration_shouldNameTheVariableTheValueAndAnExample_whenNotADuration() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Environment.duration(Map.of(Environment.SWEEPER_GRACE, "30 minutes"),
                        Environment.SWEEPER_GRACE, DEFAULT));
        assertEquals("JITA_SWEEPER_GRACE '30 minutes' is not an ISO-8601 duration; write it like PT15M,"
                + " or leave it unset for PT30M", e.getMessage());
        assertEquals(DateTimeParseException.class, e.getCause().getClass());
    }
}
