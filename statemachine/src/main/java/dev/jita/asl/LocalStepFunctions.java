package dev.jita.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.data.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Step Functions on the JVM: state machines in the Amazon States Language (JSONPath), executed in process with
 * Lambda functions as Java handlers. Methods are named after the Step Functions API actions they stand for and
 * throw {@link StepFunctionsException}s named after its errors. Thread-safe.
 *
 * <pre>{@code
 * LocalStepFunctions sfn = LocalStepFunctions.builder()
 *         .clock(EngineClock.virtual(Instant.parse("2026-01-01T00:00:00Z")))
 *         .function("notify", (payload, ctx) -> payload)
 *         .build();
 * String machine = sfn.createStateMachine("approval", definitionJson, Map.of("NotifyArn", "..."));
 * String execution = sfn.startExecution(machine, "req-1", "{\"id\":\"req-1\"}");
 * ExecutionDescription done = sfn.runToCompletion(execution);
 * }</pre>
 */
public final class LocalStepFunctions implements AutoCloseable {
    private static final Pattern NAME = Pattern.compile("[^\\s<>{}\\[\\]?*\"#%\\\\^|~`$&,;:/\\p{Cntrl}]{1,80}");

    private record StateMachine(String arn, String name, String definition, Map<String, String> substitutions,
                                Machine machine) {
    }

    private final Engine engine;
    private final Map<String, StateMachine> machines = new ConcurrentHashMap<>();
    private final Map<String, Execution> executions = new ConcurrentHashMap<>();

    private LocalStepFunctions(Engine engine) {
        this.engine = engine;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configures a {@link LocalStepFunctions}. */
    public static final class Builder {
        private EngineClock clock = EngineClock.real();
        private final Map<String, LambdaFunction> functions = new HashMap<>();
        private RandomGenerator random = new Random();
        private String region = "us-east-1";
        private String account = "123456789012";

        private Builder() {
        }

        /** Where time comes from; the default is {@link EngineClock#real()}. */
        public Builder clock(EngineClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The handler of the Lambda function {@code name} (the last part of its ARN, or FunctionName). */
        public Builder function(String name, LambdaFunction handler) {
            functions.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** The randomness of JitterStrategy FULL; seed it for repeatable retry delays. */
        public Builder random(RandomGenerator random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Region and account of the ARNs this engine makes; default us-east-1 and 123456789012. */
        public Builder arnScope(String region, String account) {
            this.region = Objects.requireNonNull(region, "region");
            this.account = Objects.requireNonNull(account, "account");
            return this;
        }

        public LocalStepFunctions build() {
            return new LocalStepFunctions(new Engine(Scheduler.of(clock), functions, random, region, account));
        }
    }

    // ---- state machines ----------------------------------------------------------------------------------------

    /** CreateStateMachine without substitutions. */
    public String createStateMachine(String name, String definition) {
        return createStateMachine(name, definition, Map.of());
    }

    /**
     * CreateStateMachine: substitutes {@code ${key}} in {@code definition} (like CDK's definitionSubstitutions),
     * validates it and returns its ARN. The same name with the same definition returns the same ARN.
     *
     * @throws InvalidDefinitionException naming the state and field at fault, or what is not supported
     */
    public String createStateMachine(String name, String definition, Map<String, String> substitutions) {
        checkName(name, "state machine");
        Objects.requireNonNull(definition, "definition");
        Map<String, String> subs = substitutions == null ? Map.of() : Map.copyOf(substitutions);
        Machine machine = DefinitionLoader.load(definition, subs);
        String arn = "arn:aws:states:" + engine.region + ":" + engine.account + ":stateMachine:" + name;
        StateMachine created = new StateMachine(arn, name, definition, subs, machine);
        StateMachine existing = machines.putIfAbsent(arn, created);
        if (existing != null && !(existing.definition.equals(definition) && existing.substitutions.equals(subs))) {
            throw new StateMachineAlreadyExistsException("A state machine named '" + name + "' already exists with "
                    + "another definition; use another name");
        }
        return arn;
    }

    // ---- executions --------------------------------------------------------------------------------------------

    /** StartExecution with JSON text input (null or blank means {@code {}}); name null means a random UUID. */
    public String startExecution(String stateMachineArn, String name, String input) {
        JsonNode in;
        try {
            in = input == null || input.isBlank() ? Json.NODES.objectNode() : Json.parse(input);
        } catch (JsonProcessingException e) {
            throw new InvalidExecutionInputException("The execution input is not valid JSON ("
                    + e.getOriginalMessage() + "); pass a JSON document");
        }
        return startExecution(stateMachineArn, name, in);
    }

    /**
     * StartExecution. Names are unique per state machine: the same name and input as a RUNNING execution returns
     * that execution's ARN; otherwise a used name fails with ExecutionAlreadyExists. Under the virtual clock the
     * execution only records ExecutionStarted here; it runs when the caller runs the engine.
     */
    public String startExecution(String stateMachineArn, String name, JsonNode input) {
        StateMachine sm = machines.get(stateMachineArn);
        if (sm == null) {
            throw new StateMachineDoesNotExistException("No state machine has the ARN " + stateMachineArn
                    + "; create it first with createStateMachine");
        }
        String executionName = name == null ? UUID.randomUUID().toString() : name;
        checkName(executionName, "execution");
        JsonNode in = input == null ? Json.NODES.objectNode() : input.deepCopy();
        if (Json.exceeds(in, Execution.MAX_PAYLOAD_BYTES)) {
            throw new InvalidExecutionInputException("The execution input is larger than " + Execution.MAX_PAYLOAD_BYTES
                    + " bytes; pass a reference to the data instead");
        }
        String arn = "arn:aws:states:" + engine.region + ":" + engine.account + ":execution:" + sm.name + ":"
                + executionName;
        Execution created;
        synchronized (sm) {
            Execution existing = executions.get(arn);
            if (existing != null) {
                if (existing.status() == ExecutionStatus.RUNNING && existing.input.equals(in)) {
                    return arn;
                }
                throw new ExecutionAlreadyExistsException("An execution named '" + executionName + "' already exists "
                        + (existing.status() == ExecutionStatus.RUNNING ? "with another input" : "and has closed")
                        + "; use another name");
            }
            created = new Execution(engine, arn, executionName, sm.arn, sm.name, sm.machine, in);
            executions.put(arn, created);
        }
        created.start();
        return arn;
    }

    /** DescribeExecution. */
    public ExecutionDescription describeExecution(String executionArn) {
        return execution(executionArn).describe();
    }

    /** StopExecution: aborts a running execution (ExecutionAborted); returns the stop date. */
    public Instant stopExecution(String executionArn, String error, String cause) {
        return execution(executionArn).stop(error, cause);
    }

    /** GetExecutionHistory: every event so far, oldest first. */
    public List<HistoryEvent> getExecutionHistory(String executionArn) {
        return execution(executionArn).history();
    }

    private Execution execution(String arn) {
        Execution e = arn == null ? null : executions.get(arn);
        if (e == null) {
            throw new ExecutionDoesNotExistException("No execution has the ARN " + arn
                    + "; use the ARN that startExecution returned");
        }
        return e;
    }

    // ---- task tokens -------------------------------------------------------------------------------------------

    /** SendTaskSuccess with JSON text output. */
    public void sendTaskSuccess(String taskToken, String output) {
        JsonNode out;
        try {
            out = Json.parse(Objects.requireNonNull(output, "output"));
        } catch (JsonProcessingException e) {
            throw new InvalidOutputException("The task output is not valid JSON (" + e.getOriginalMessage()
                    + "); send a JSON document");
        }
        sendTaskSuccess(taskToken, out);
    }

    /** SendTaskSuccess: the waiting task succeeds with {@code output} as its result. */
    public void sendTaskSuccess(String taskToken, JsonNode output) {
        TaskWait w = task(taskToken);
        w.tasks.complete(w, output == null ? Json.NODES.nullNode() : output.deepCopy(), null);
    }

    /** SendTaskFailure: the waiting task fails with {@code error} (as Retry and Catch match it) and cause. */
    public void sendTaskFailure(String taskToken, String error, String cause) {
        TaskWait w = task(taskToken);
        w.tasks.complete(w, null, new StatesError(error, cause));
    }

    /** SendTaskHeartbeat: restarts the task's HeartbeatSeconds. */
    public void sendTaskHeartbeat(String taskToken) {
        TaskWait w = task(taskToken);
        w.tasks.heartbeat(w);
    }

    private TaskWait task(String token) {
        TaskWait w = token == null ? null : engine.tokens.get(token);
        if (w == null) {
            if (!Engine.wellFormed(token)) {
                throw new InvalidTokenException("The task token is not one this engine issued; pass the $$.Task.Token "
                        + "value unchanged");
            }
            throw new TaskDoesNotExistException("No task of this engine has that token; it was issued by another "
                    + "engine instance");
        }
        return w;
    }

    // ---- time ----------------------------------------------------------------------------------------------------

    /** The engine's time, for handlers and tests that must agree with the workflow (virtual or scaled). */
    public Clock clock() {
        return engine.clock;
    }

    /** Virtual clock only: runs every runnable piece of work without moving time. */
    public void runUntilIdle() {
        virtual().runUntilIdle();
    }

    /**
     * Virtual clock only: runs what is runnable, then moves time to the earliest pending timer (a Wait's end, a task
     * timeout or heartbeat timeout, a retry delay, a function's simulated duration) and runs what it wakes.
     *
     * @return false when no timer was pending (time did not move)
     */
    public boolean advanceToNextTimer() {
        return virtual().advanceToNextTimer();
    }

    /**
     * Virtual clock only: alternates {@link #runUntilIdle()} and {@link #advanceToNextTimer()} until the execution
     * closes, and returns its description. Timers of task-token waits count: to answer a waitForTaskToken task
     * before its timeout, call runUntilIdle, send the result, then call this.
     *
     * @throws IllegalStateException when the execution waits for something no timer will bring (a task token)
     */
    public ExecutionDescription runToCompletion(String executionArn) {
        VirtualScheduler v = virtual();
        Execution e = execution(executionArn);
        v.runUntilIdle();
        while (e.status() == ExecutionStatus.RUNNING) {
            if (!v.advanceToNextTimer() && e.status() == ExecutionStatus.RUNNING) {
                throw new IllegalStateException("Execution " + e.name + " cannot complete: " + e.waitingOn()
                        + "; no timer is pending (send the task result first, or give the state a TimeoutSeconds)");
            }
        }
        return e.describe();
    }

    private VirtualScheduler virtual() {
        if (engine.scheduler instanceof VirtualScheduler v) {
            return v;
        }
        throw new IllegalStateException("runUntilIdle, advanceToNextTimer and runToCompletion need the virtual clock: "
                + "build with .clock(EngineClock.virtual(start))");
    }

    /** Stops the engine's threads (real and scaled time); running executions stop where they are. */
    @Override
    public void close() {
        engine.scheduler.close();
    }

    private static void checkName(String name, String what) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidNameException("The " + what + " name '" + name + "' is invalid: use 1 to 80 characters "
                    + "without whitespace, brackets, wildcards or any of \" # % \\ ^ | ~ ` $ & , ; : /");
        }
    }
}
