package dev.jita.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class LambdaInvocationTest {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaInvocationTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void run_shouldLogJsonWithTheRequestIdAsCorrelationId_onlyDuringTheInvocation() throws Exception {
        String during = capture(() -> LambdaInvocation.run(null, "r-abcdefghijklmnopqrstuvwxyz", new InMemoryMetrics(),
                () -> {
                    LOG.info("granting");
                    return null;
                }));
        String after = capture(() -> LOG.info("between invocations"));

        JsonNode line = JSON.readTree(during.strip());
        assertEquals("granting", line.path("message").asText());
        assertEquals("INFO", line.path("level").asText());
        assertEquals("r-abcdefghijklmnopqrstuvwxyz", line.path("correlation_id").asText());
        assertFalse(JSON.readTree(after.strip()).has("correlation_id"));
    }

    private static String capture(Runnable body) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
