package dev.jita.asl;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

    /**
     * Cases whose expectation this interpreter disputes, with the AWS documentation behind its own answer. Such a
     * case must still fail here: once the corpus is corrected, this test says to remove the entry.
     */
    static final Map<String, String> DISPUTED = Map.of();

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
        JsonNode actual = run(c);
        String disagreement = CaseResults.disagreement(expected, actual);
        assertNull(disagreement, () -> disagreement.replace("oracle", "interpreter") + "; the interpreter gave "
                + actual.toPrettyString());
    }

    /** What the interpreter does with a case, in the shape of a case's "expected": output, error + cause, or loadError. */
    static JsonNode run(JsonNode c) throws Exception {
        JsonNode context = c.path("context");
        Instant start = context.has("startTime") ? Instant.parse(context.get("startTime").asText()) : DEFAULT_START;
        LocalStepFunctions.Builder builder = LocalStepFunctions.builder()
                .clock(EngineClock.virtual(start))
                .random(new Random(7));
        for (Map.Entry<String, JsonNode> fn : c.path("functions").properties()) {
            builder.function(fn.getKey(), scripted(fn.getValue()));
        }
        Map<String, String> substitutions = new HashMap<>();
        c.path("substitutions").properties().forEach(e -> substitutions.put(e.getKey(), e.getValue().asText()));
        String definition = c.get("definition").toString();
        ObjectNode result = MAPPER.createObjectNode();
        try (LocalStepFunctions sfn = builder.build()) {
            String machine;
            try {
                machine = sfn.createStateMachine("case", definition, substitutions);
            } catch (InvalidDefinitionException e) {
                return result.put("loadError", e.getMessage());
            }
            String name = context.has("executionName") ? context.get("executionName").asText() : "conformance";
            JsonNode input = c.has("input") ? c.get("input") : MAPPER.createObjectNode();
            ExecutionDescription done = sfn.runToCompletion(sfn.startExecution(machine, name, input));
            if (done.status() == ExecutionStatus.SUCCEEDED) {
                return result.set("output", done.output());
            }
            result.put("error", done.error());
            return done.cause() == null ? result : result.put("cause", done.cause());
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
