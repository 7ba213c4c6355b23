package dev.jita.grants;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The error a Catch hands on ({@code {"Error": ..., "Cause": ...}}), read into what a person needs: the error's name
 * and its message. A Lambda function's Cause is itself JSON ({@code {"errorMessage","errorType","stackTrace"}}): only
 * the message is kept, never the stack trace.
 *
 * @param error   the error name, e.g. {@code dev.jita.grants.GrantRefused} or {@code States.Timeout}
 * @param message what went wrong, for the audit trail
 */
public record TaskError(String error, String message) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Audit details stay small: a message is cut beyond this. */
    static final int MAX_MESSAGE = 1000;

    public static final TaskError NONE = new TaskError("Unknown", "The workflow gave no reason.");

    public TaskError {
        error = error == null || error.isBlank() ? "Unknown" : error;
        message = message == null || message.isBlank() ? "The workflow gave no reason." : cut(message);
    }

    /** Reads a Catch's error object; null or a missing node gives {@link #NONE}. */
    public static TaskError from(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        if (node.isTextual()) {
            return new TaskError(null, node.asText());
        }
        String error = node.path("Error").asText(null);
        String cause = node.path("Cause").asText(null);
        return new TaskError(error, messageOf(cause));
    }

    private static String messageOf(String cause) {
        if (cause == null) {
            return null;
        }
        String trimmed = cause.strip();
        if (trimmed.startsWith("{")) {
            try {
                JsonNode lambdaError = JSON.readTree(trimmed);
                if (lambdaError.hasNonNull("errorMessage")) {
                    return lambdaError.get("errorMessage").asText();
                }
            } catch (JsonProcessingException notJson) {
                // a plain cause that happens to start with '{'
            }
        }
        return cause;
    }

    private static String cut(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE - 1) + "…";
    }
}
