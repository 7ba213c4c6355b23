package dev.jita.asl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.asl.data.Json;

/**
 * A named ASL error, as Retry and Catch match it: {@code States.Timeout}, {@code States.Runtime}, a Lambda's
 * errorType, or the error of a SendTaskFailure. The cause is free text (often JSON), may be null.
 */
public class StatesError extends RuntimeException {
    private final String error;
    private final String errorCause;

    public StatesError(String error, String cause) {
        super(cause == null ? error : error + ": " + cause, null, false, false);
        this.error = error;
        this.errorCause = cause;
    }

    /** The error name that ErrorEquals matches. */
    public String error() {
        return error;
    }

    /** The cause string, or null. */
    public String errorCause() {
        return errorCause;
    }

    /** {@code {"Error", "Cause"}}: what a Catch passes on, and what a tolerated Map iteration leaves as its result. */
    ObjectNode errorOutput() {
        ObjectNode output = Json.NODES.objectNode();
        output.put("Error", error);
        if (errorCause != null) {
            output.put("Cause", errorCause);
        }
        return output;
    }
}
