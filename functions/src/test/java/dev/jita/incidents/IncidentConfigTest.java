package dev.jita.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentConfigTest {

    @Test
    void fromEnvironment_shouldDefaultMaxAgeToAnHour_andReadAliases() {
        IncidentConfig config = IncidentConfig.fromEnvironment(Map.of("JITA_INCIDENTS_TABLE", "incidents",
                "JITA_RESPONDER_ALIASES", "PXPGF42=alice, carol@example.com=carol,"));
        assertEquals(Duration.ofHours(1), config.maxEventAge());
        assertEquals(Map.of("PXPGF42", "alice", "carol@example.com", "carol"), config.responderAliases());
    }

    @Test
    void fromEnvironment_shouldSayWhatIsWrong_withABadAgeOrAlias() {
        IllegalStateException age = assertThrows(IllegalStateException.class, () -> IncidentConfig.fromEnvironment(
                Map.of("JITA_INCIDENTS_TABLE", "incidents", "JITA_INCIDENT_MAX_AGE", "1h")));
        assertTrue(age.getMessage().contains("PT1H"), age.getMessage());
        IllegalStateException alias = assertThrows(IllegalStateException.class, () -> IncidentConfig.fromEnvironment(
                Map.of("JITA_INCIDENTS_TABLE", "incidents", "JITA_RESPONDER_ALIASES", "alice")));
        assertTrue(alias.getMessage().contains("toolId=identity"), alias.getMessage());
        assertThrows(IllegalStateException.class, () -> IncidentConfig.fromEnvironment(Map.of()));
    }
}
