package dev.jita.asl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.asl.EngineClock;
import dev.jita.asl.ExecutionDescription;
import dev.jita.asl.ExecutionStatus;
import dev.jita.asl.LocalStepFunctions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * State transitions per second on one thread, virtual clock: each operation is one state transition (the
 * 20-state machine makes 20 per execution, the Map 101: the Map state and one Pass per item). Run with the
 * {@code bench} profile (statemachine/README.md); the same definitions feed oracle/bench.mjs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
public class TransitionsBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private String passChoiceDefinition;
    private JsonNode passChoiceInput;
    private String mapDefinition;
    private JsonNode mapInput;
    private LocalStepFunctions sfn;
    private String passChoice;
    private String map;
    private long count;

    @Setup(Level.Trial)
    public void load() throws IOException {
        Path dir = Path.of(System.getProperty("bench.dir", "bench"));
        passChoiceDefinition = Files.readString(dir.resolve("pass-choice-20.asl.json"));
        passChoiceInput = MAPPER.readTree(dir.resolve("pass-choice-20.input.json").toFile());
        mapDefinition = Files.readString(dir.resolve("map-100.asl.json"));
        mapInput = MAPPER.readTree(dir.resolve("map-100.input.json").toFile());
    }

    /** A fresh engine per iteration, so that the executions it keeps (like AWS, it forgets none) stay few. */
    @Setup(Level.Iteration)
    public void engine() {
        sfn = LocalStepFunctions.builder().clock(EngineClock.virtual(Instant.parse("2026-01-01T00:00:00Z"))).build();
        passChoice = sfn.createStateMachine("pass-choice-20", passChoiceDefinition);
        map = sfn.createStateMachine("map-100", mapDefinition);
    }

    @Benchmark
    @OperationsPerInvocation(20)
    public ExecutionDescription passChoice20() {
        return run(passChoice, passChoiceInput);
    }

    @Benchmark
    @OperationsPerInvocation(101)
    public ExecutionDescription map100() {
        return run(map, mapInput);
    }

    private ExecutionDescription run(String machine, JsonNode input) {
        String execution = sfn.startExecution(machine, "e" + count++, input);
        ExecutionDescription done = sfn.runToCompletion(execution);
        if (done.status() != ExecutionStatus.SUCCEEDED) {
            throw new IllegalStateException("benchmark execution failed: " + done.error() + " " + done.cause());
        }
        return done;
    }
}
