package dev.jita.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs every case of src/test/resources/conformance (format: its README.md) on the virtual clock. */
class ConformanceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    /** Numbers compare by value (1 equals 1.0), everything else exactly. */
    static final Comparator<JsonNode> NUMERIC_AWARE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    /**
     * Cases whose expectation this interpreter disputes, with the AWS documentation behind its own answer. Such a
     * case must still fail here: once the corpus is corrected, this test says to remove the entry.
     */
    static final Map<String, String> DISPUTED = Map.of(
            "context/start-time-fixed.json",
            "$$.Execution.StartTime has millisecond precision (\"2026-01-01T00:00:00.000Z\"), as in the context "
                    + "object example of https://docs.aws.amazon.com/step-functions/latest/dg/"
                    + "input-output-contextobject.html (\"StartTime\": \"2019-03-26T20:14:13.192Z\") and as "
                    + "aws-local-stepfunctions prints it (Date.toISOString)");

    @TestFactory
    Stream<DynamicTest> corpus() throws IOException, URISyntaxException {
        Path root = Path.of(Objects.requireNonNull(getClass().getResource("/conformance")).toURI());
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 80, "the corpus should hold at least 80 cases, found " + files.size());
        return files.stream().map(f -> {
            String name = root.relativize(f).toString().replace('\\', '/');
            String dispute = DISPUTED.get(name);
            if (dispute == null) {
                return DynamicTest.dynamicTest(name, f.toUri(), () -> runCase(MAPPER.readTree(f.toFile())));
            }
            return DynamicTest.dynamicTest(name + " (disputed)", f.toUri(), () -> {
                AssertionError disagreement = assertThrows(AssertionError.class,
                        () -> runCase(MAPPER.readTree(f.toFile())),
                        "this disputed case now passes: remove it from ConformanceTest.DISPUTED");
                System.out.println("DISPUTED " + name + ": " + disagreement.getMessage().lines().findFirst()
                        .orElse("") + " -- " + dispute);
            });
        });
    }

    static void runCase(JsonNode c) throws Exception {
        JsonNode expected = c.get("expected");
        JsonNode context = c.path("context");
        Instant start = context.has("startTime") ? Instant.parse(context.get("startTime").asText()) : DEFAULT_START;
        LocalStepFunctions.Builder builder = LocalStepFunctions.builder()
                .clock(EngineClock.virtual(start))
                .random(new Random(7));
        for (Iterator<Map.Entry<String, JsonNode>> it = c.path("functions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> fn = it.next();
            builder.function(fn.getKey(), scripted(fn.getValue()));
        }
        Map<String, String> substitutions = new HashMap<>();
        c.path("substitutions").fields().forEachRemaining(e -> substitutions.put(e.getKey(), e.getValue().asText()));
        String definition = c.get("definition").toString();
        try (LocalStepFunctions sfn = builder.build()) {
            if (expected.has("loadError")) {
                InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class,
                        () -> sfn.createStateMachine("case", definition, substitutions));
                assertTrue(e.getMessage().contains(expected.get("loadError").asText()),
                        "load error should contain '" + expected.get("loadError").asText() + "' but was: "
                                + e.getMessage());
                return;
            }
            String machine = sfn.createStateMachine("case", definition, substitutions);
            String name = context.has("executionName") ? context.get("executionName").asText() : "conformance";
            JsonNode input = c.has("input") ? c.get("input") : MAPPER.createObjectNode();
            String execution = sfn.startExecution(machine, name, input);
            ExecutionDescription done = sfn.runToCompletion(execution);
            if (expected.has("output")) {
                assertEquals(ExecutionStatus.SUCCEEDED, done.status(),
                        () -> "execution should succeed but ended " + done.status() + " with " + done.error() + ": "
                                + done.cause());
                if (!expected.get("output").equals(NUMERIC_AWARE, done.output())) {
                    assertEquals(expected.get("output").toPrettyString(), done.output().toPrettyString(),
                            "output differs");
                }
            } else if (expected.has("error")) {
                assertNotEquals(ExecutionStatus.SUCCEEDED, done.status(),
                        () -> "execution should fail with " + expected.get("error").asText() + " but succeeded with "
                                + done.output());
                assertEquals(expected.get("error").asText(), done.error(), () -> "error (cause: " + done.cause() + ")");
                if (expected.has("cause")) {
                    assertEquals(expected.get("cause").asText(), done.cause(), "cause");
                }
            } else {
                fail("case has no expected output, error or loadError");
            }
        }
    }

    /** A function that plays the case's steps, one per call, the last one repeating. */
    static LambdaFunction scripted(JsonNode steps) {
        List<JsonNode> list = new ArrayList<>();
        steps.forEach(list::add);
        AtomicInteger calls = new AtomicInteger();
        return (payload, ctx) -> {
            JsonNode step = list.get(Math.min(calls.getAndIncrement(), list.size() - 1));
            if (step.has("sleepSeconds")) {
                ctx.sleep(Duration.ofMillis((long) (step.get("sleepSeconds").asDouble() * 1000)));
            }
            if (step.has("throw")) {
                throw new LambdaException(step.get("throw").asText(), step.path("message").asText(null));
            }
            if (step.path("echo").asBoolean(false)) {
                return payload;
            }
            return step.get("return");
        };
    }
}
