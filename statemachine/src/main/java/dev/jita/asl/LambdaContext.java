package dev.jita.asl;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** What a {@link LambdaFunction} knows about its invocation. */
public interface LambdaContext {
    /** The function's name, as resolved from the Task's Resource or FunctionName. */
    String functionName();

    /** The qualifier (version or alias) of the ARN or FunctionName, if one was given. */
    Optional<String> qualifier();

    /** The task token of a {@code lambda:invoke.waitForTaskToken} task (also in the payload where the ASL put it). */
    Optional<String> taskToken();

    /** The engine's clock: under a virtual or scaled clock this is the workflow's time, not the wall clock. */
    Clock clock();

    /**
     * Spends {@code duration} of the engine's time, as a slow function would. Under the virtual clock it returns at
     * once and the engine delivers the result that much later (so TimeoutSeconds applies); otherwise it sleeps.
     */
    void sleep(Duration duration) throws InterruptedException;
}
