package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.data.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One call of a Lambda handler: the LambdaContext it sees, and what it returns or throws turned into the result or
 * error a Task records, as the Lambda Java runtime would report it. Under virtual time, sleep only adds to the
 * delivery delay.
 */
final class LambdaInvocation implements LambdaContext {
    private final String function;
    private final String qualifier;
    private final String token;
    private final Engine engine;
    volatile long sleptNanos;

    LambdaInvocation(String function, String qualifier, String token, Engine engine) {
        this.function = function;
        this.qualifier = qualifier;
        this.token = token;
        this.engine = engine;
    }

    record Outcome(JsonNode result, StatesError failure) {
    }

    /** Runs {@code handler} on {@code event}; a missing handler fails as Lambda does for an unknown function. */
    Outcome call(LambdaFunction handler, JsonNode event) {
        if (handler == null) {
            return new Outcome(null, new StatesError("Lambda.ResourceNotFoundException",
                    "Function not found: arn:aws:lambda:" + engine.region + ":" + engine.account + ":function:"
                            + functionName() + " (register a handler for '" + functionName()
                            + "' with LocalStepFunctions.Builder.function)"));
        }
        try {
            JsonNode out = handler.handle(event, this);
            return new Outcome(out == null ? NullNode.getInstance() : out.deepCopy(), null);
        } catch (LambdaException e) {
            return new Outcome(null, new StatesError(e.errorType(), lambdaCause(e.getMessage(), e.errorType(), null)));
        } catch (StatesError e) {
            return new Outcome(null, e);
        } catch (Exception | AssertionError | LinkageError e) {
            return new Outcome(null, new StatesError(e.getClass().getName(),
                    lambdaCause(e.getMessage(), e.getClass().getName(), e)));
        }
    }

    /** The cause text the Lambda runtime reports for an unhandled error. */
    static String lambdaCause(String message, String type, Throwable t) {
        ObjectNode c = Json.NODES.objectNode();
        c.put("errorMessage", message);
        c.put("errorType", type);
        ArrayNode trace = c.putArray("stackTrace");
        if (t != null) {
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(frames.length, 20); i++) {
                trace.add(frames[i].toString());
            }
            if (t.getCause() != null && t.getCause() != t) {
                Throwable inner = t.getCause();
                try {
                    c.set("cause", Json.parse(lambdaCause(inner.getMessage(), inner.getClass().getName(), inner)));
                } catch (Exception ignored) {
                    StringWriter w = new StringWriter();
                    inner.printStackTrace(new PrintWriter(w));
                    c.put("cause", w.toString());
                }
            }
        }
        return c.toString();
    }

    @Override
    public String functionName() {
        return function;
    }

    @Override
    public Optional<String> qualifier() {
        return Optional.ofNullable(qualifier);
    }

    @Override
    public Optional<String> taskToken() {
        return Optional.ofNullable(token);
    }

    @Override
    public Clock clock() {
        return engine.clock;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (engine.scheduler.inline()) {
            sleptNanos += duration.toNanos();
        } else {
            engine.scheduler.sleep(duration);
        }
    }
}
