package dev.jita.local.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void parse_shouldDefaultToPort8080InMemoryRealTimeAndTheCheckoutsRules() {
        Options options = Options.parse(List.of());

        assertEquals(8080, options.port());
        assertNull(options.dataDir());
        assertEquals(1, options.timeScale());
        assertNull(options.rulesFile());
    }

    @Test
    void parse_shouldReadEveryOption_inBothSpellings() {
        Options options = Options.parse(List.of("--port", "9000", "--data-dir=/tmp/j", "--time-scale", "60",
                "--rules", "my.yaml", "--help"));

        assertEquals(9000, options.port());
        assertEquals(Path.of("/tmp/j"), options.dataDir());
        assertEquals(60, options.timeScale());
        assertEquals(Path.of("my.yaml"), options.rulesFile());
        assertTrue(options.help());
    }

    @Test
    void parse_shouldSayWhatWasWrong_forABadCommandLine() {
        assertTrue(assertThrows(Options.UsageException.class, () -> Options.parse(List.of("--port", "http")))
                .getMessage().contains("--port needs a number from 0 to 65535"));
        assertTrue(assertThrows(Options.UsageException.class, () -> Options.parse(List.of("--time-scale", "0")))
                .getMessage().contains("--time-scale needs a number"));
        assertTrue(assertThrows(Options.UsageException.class, () -> Options.parse(List.of("--rules")))
                .getMessage().contains("--rules needs a value"));
        assertTrue(assertThrows(Options.UsageException.class, () -> Options.parse(List.of("local")))
                .getMessage().contains("unknown option 'local'"));
    }
}
