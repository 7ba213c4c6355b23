package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Lambda function as a Task state sees it: payload in, result out. Throwing fails the invocation the way the
 * Lambda Java runtime reports it: errorType is the exception's class name, or {@link LambdaException#errorType()}.
 */
@FunctionalInterface
public interface LambdaFunction {
    /**
     * @param payload the function's event (a copy: changing it changes nothing else); may be a JSON null
     * @param context the function name, the task token of a waitForTaskToken task, and the engine's time
     * @return the function's result; Java null stands for a JSON null
     */
    JsonNode handle(JsonNode payload, LambdaContext context) throws Exception;
}
