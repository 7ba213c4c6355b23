package dev.jita.infra.bench;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.handlers.IntakeFunction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One cold start, run in a fresh JVM by {@link ColdStartBenchmark} on the shaded jar: what the Lambda runtime does
 * (the no-arg constructor, then one invocation) and nothing more. Prints the answer's status on one line.
 *
 * <p>Arguments: the API Gateway event file, the Idempotency-Key to put in it, and {@code prime} to call the handler's
 * org.crac {@code beforeCheckpoint} before the invocation, which is what SnapStart does before it takes the snapshot
 * (a plain JVM never calls it). Prints how long construction, priming and the invocation took.
 */
public final class ColdStartProbe {
    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        boolean prime = args.length > 2 && "prime".equals(args[2]);
        ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        APIGatewayProxyRequestEvent event = json.readValue(Files.readString(Path.of(args[0])),
                APIGatewayProxyRequestEvent.class);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("Idempotency-Key", args[1]);
        event.setHeaders(headers);
        event.setMultiValueHeaders(null);

        long start = System.nanoTime();
        IntakeFunction function = new IntakeFunction();
        long constructed = System.nanoTime();
        if (prime) {
            function.beforeCheckpoint(null);
        }
        long primed = System.nanoTime();
        APIGatewayProxyResponseEvent response = function.handleRequest(event, new ProbeContext(args[1]));
        long answered = System.nanoTime();
        System.out.printf("timings init %.1f prime %.1f invoke %.1f%n", (constructed - start) / 1e6,
                (primed - constructed) / 1e6, (answered - primed) / 1e6);
        System.out.println("status " + response.getStatusCode());
        System.out.flush();
        // The Lambda runtime freezes the process here; the SDK's idle-connection threads would keep it alive.
        System.exit(0);
    }

    private record ProbeContext(String requestId) implements Context {
        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/jita-intake"; }
        @Override public String getLogStreamName() { return "bench"; }
        @Override public String getFunctionName() { return "jita-intake"; }
        @Override public String getFunctionVersion() { return "1"; }
        @Override public String getInvokedFunctionArn() {
            return "arn:aws:lambda:eu-west-1:111122223333:function:jita-intake:live";
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
