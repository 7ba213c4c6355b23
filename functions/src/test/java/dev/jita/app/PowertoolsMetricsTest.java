package dev.jita.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.config.EnvironmentConfigurationProvider;
import software.amazon.cloudwatchlogs.emf.environment.Environments;

class PowertoolsMetricsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** In Lambda, EMF detects the Lambda environment and writes to stdout; here, tell it to write to stdout too. */
    @BeforeAll
    static void writeEmfToStdout() {
        EnvironmentConfigurationProvider.getConfig().setEnvironmentOverride(Environments.Local);
    }

    @Test
    void flush_shouldWriteOneEmbeddedMetricLineInTheJitaNamespace_whenCountedThroughLambdaInvocation() throws Exception {
        PowertoolsMetrics metrics = new PowertoolsMetrics("grant");

        String out = capture(() -> LambdaInvocation.run(null, "r-abc", metrics, () -> {
            metrics.count(Metric.Granted);
            metrics.count(Metric.Granted);
            return null;
        }));

        JsonNode emf = emfLine(out);
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals(PowertoolsMetrics.NAMESPACE, directive.path("Namespace").asText());
        assertEquals("Granted", directive.path("Metrics").get(0).path("Name").asText());
        assertEquals("Count", directive.path("Metrics").get(0).path("Unit").asText());
        assertEquals(2.0, emf.path("Granted").isArray() ? sum(emf.path("Granted")) : emf.path("Granted").asDouble());
    }

    @Test
    void flush_shouldStartAfresh_afterEachInvocation() throws Exception {
        PowertoolsMetrics metrics = new PowertoolsMetrics("revoke");
        capture(() -> LambdaInvocation.run(null, "r-1", metrics, () -> {
            metrics.count(Metric.Revoked);
            return null;
        }));

        String second = capture(() -> LambdaInvocation.run(null, "r-2", metrics, () -> {
            metrics.count(Metric.RevokeFailed);
            return null;
        }));

        JsonNode emf = emfLine(second);
        assertTrue(emf.has("RevokeFailed"));
        assertFalse(emf.has("Revoked"), "the previous invocation's count was flushed with it: " + emf);
    }

    private static double sum(JsonNode values) {
        double total = 0;
        for (JsonNode v : values) {
            total += v.asDouble();
        }
        return total;
    }

    private static JsonNode emfLine(String out) throws Exception {
        for (String line : out.split("\n")) {
            if (line.contains("\"_aws\"")) {
                return JSON.readTree(line);
            }
        }
        throw new AssertionError("no EMF line in: " + out);
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
