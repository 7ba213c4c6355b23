package dev.jita.infra.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.handlers.GrantFunction;
import dev.jita.handlers.IntakeFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.crac.Resource;

/**
 * One cold start, run in a fresh JVM by {@link ColdStartBenchmark} on the shaded jar: what the Lambda runtime does
 * (the no-arg constructor, then one invocation) and nothing more. Prints the answer's status on one line.
 *
 * <p>Arguments: the function ({@code intake} or {@code grant}), its event file, an id (intake: the Idempotency-Key
 * to put in the event; grant: unused) and {@code prime} to call the handler's org.crac {@code beforeCheckpoint}
 * before the invocation, which is what SnapStart does before it takes the snapshot (a plain JVM never calls it).
 * Prints how long construction, priming and the invocation took.
 */
public final class ColdStartProbe {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        String function = args[0];
        String event = Files.readString(Path.of(args[1]));
        boolean prime = args.length > 3 && "prime".equals(args[3]);

        long start = System.nanoTime();
        Resource handler = function.equals("intake") ? new IntakeFunction() : new GrantFunction();
        long constructed = System.nanoTime();
        if (prime) {
            handler.beforeCheckpoint(null);
        }
        long primed = System.nanoTime();
        String status = function.equals("intake")
                ? Integer.toString(((IntakeFunction) handler).handleRequest(intakeEvent(event, args[2]),
                        new ProbeContext(args[2], "jita-intake")).getStatusCode())
                : String.valueOf(((GrantFunction) handler).handleRequest(JSON.readValue(event,
                        new TypeReference<Map<String, Object>>() { }), new ProbeContext(args[2], "jita-grant"))
                        .get("status"));
        long answered = System.nanoTime();
        System.out.printf("timings init %.1f prime %.1f invoke %.1f%n", (constructed - start) / 1e6,
                (primed - constructed) / 1e6, (answered - primed) / 1e6);
        System.out.println("status " + status);
        System.out.flush();
        // The Lambda runtime freezes the process here; the SDK's idle-connection threads would keep it alive.
        System.exit(0);
    }

    static APIGatewayProxyRequestEvent intakeEvent(String json, String idempotencyKey) throws Exception {
        APIGatewayProxyRequestEvent event = JSON.readValue(json, APIGatewayProxyRequestEvent.class);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("Idempotency-Key", idempotencyKey);
        event.setHeaders(headers);
        event.setMultiValueHeaders(null);
        return event;
    }

    record ProbeContext(String requestId, String function) implements Context {
        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/" + function; }
        @Override public String getLogStreamName() { return "bench"; }
        @Override public String getFunctionName() { return function; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:111122223333:function:" + function + ":live";
        }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 29_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.err.print(message); }
                @Override public void log(byte[] message) { System.err.write(message, 0, message.length); }
            };
        }
    }
}
