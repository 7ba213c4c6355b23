package dev.jita.handlers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.domain.GrantWindow;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reading the workflow's task inputs (events/grant, events/revoke): what every task input carries. */
final class TaskInputs {
    private TaskInputs() {
    }

    static String requestId(JsonNode payload) {
        String requestId = payload.path("requestId").asText(null);
        if (requestId == null || requestId.isBlank()) {
            throw new IllegalArgumentException("the task input has no requestId; check approval.asl.json's payloads");
        }
        return requestId;
    }

    /** A text field the task's payload must carry, e.g. the AwaitProvisioning task's provisioningRequestId. */
    static String required(JsonNode payload, String field) {
        String value = payload.path(field).asText(null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the task input has no " + field
                    + "; check approval.asl.json's payloads");
        }
        return value;
    }

    /** The Grant task's {@code window: {notBefore, notAfter}}. */
    static GrantWindow window(JsonNode window) {
        String notBefore = window.path("notBefore").asText(null);
        String notAfter = window.path("notAfter").asText(null);
        if (notBefore == null || notAfter == null) {
            throw new IllegalArgumentException("the grant task input needs window.notBefore and window.notAfter as"
                    + " ISO-8601 instants; check approval.asl.json's Grant payload");
        }
        try {
            return new GrantWindow(Instant.parse(notBefore), Instant.parse(notAfter));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("window.notBefore and window.notAfter must be ISO-8601 instants, like"
                    + " 2026-01-01T09:00:00Z; got " + notBefore + " and " + notAfter, e);
        }
    }
}
