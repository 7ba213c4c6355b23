package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event of GetExecutionHistory. Fields that the type has no use for are null ({@code index} is -1 outside
 * MapIteration* events). {@link #toJson()} gives the shape of the AWS API's answer.
 *
 * @param name       the state's name (StateEntered/Exited), or the Map state's name (MapIteration*)
 * @param input      the state's input (StateEntered), the execution input, or the input sent to a function
 * @param output     the state's output (StateExited), the execution output, or a task's result
 * @param resource   the Task's resource (Lambda ARN, or {@code invoke} / {@code invoke.waitForTaskToken})
 * @param index      the iteration's index (MapIteration*), the item count (MapStateStarted), otherwise -1
 */
public record HistoryEvent(
        long id,
        long previousEventId,
        Instant timestamp,
        HistoryEventType type,
        String name,
        JsonNode input,
        JsonNode output,
        String error,
        String cause,
        String resource,
        int index) {

    /** This event as the AWS API would print it: {@code {"id":..,"type":..,"stateEnteredEventDetails":{..}}}. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode event = f.objectNode();
        event.put("id", id);
        event.put("previousEventId", previousEventId);
        event.put("timestamp", timestamp.toString());
        event.put("type", type.name());
        ObjectNode details = f.objectNode();
        if (name != null) {
            details.put("name", name);
        }
        if (index >= 0) {
            details.put(type == HistoryEventType.MapStateStarted ? "length" : "index", index);
        }
        if (resource != null) {
            boolean lambdaArn = type.name().startsWith("LambdaFunction");
            details.put("resource", resource);
            if (!lambdaArn) {
                details.put("resourceType", "lambda");
            }
        }
        if (input != null) {
            details.put(type == HistoryEventType.TaskScheduled ? "parameters" : "input", input.toString());
        }
        if (output != null) {
            details.put("output", output.toString());
        }
        if (error != null) {
            details.put("error", error);
        }
        if (cause != null) {
            details.put("cause", cause);
        }
        if (!details.isEmpty()) {
            String key;
            if (type.isStateEntered()) {
                key = "stateEnteredEventDetails";
            } else if (type.isStateExited()) {
                key = "stateExitedEventDetails";
            } else {
                key = Character.toLowerCase(type.name().charAt(0)) + type.name().substring(1) + "EventDetails";
            }
            event.set(key, details);
        }
        return event;
    }
}
