package dev.jita.handlers;

import com.fasterxml.jackson.databind.JsonNode;

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
}
