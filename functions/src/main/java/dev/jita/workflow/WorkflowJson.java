package dev.jita.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.domain.GrantWindow;
import java.time.format.DateTimeFormatter;

/** The JSON shapes exchanged with approval.asl.json, written in one place. */
public final class WorkflowJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkflowJson() {
    }

    static String input(WorkflowInput input) {
        ObjectNode node = JSON.createObjectNode()
                .put("requestId", input.requestId())
                .put("autoApproved", input.autoApproved())
                .put("approvalTimeoutSeconds", Math.max(1, input.approvalTimeout().toSeconds()));
        if (input.window() != null) {
            node.set("window", window(input.window()));
        }
        return write(node);
    }

    /** The task output of AwaitApproval: the window, which the Decision state checks. */
    public static String windowJson(GrantWindow window) {
        return write(window(window));
    }

    private static ObjectNode window(GrantWindow window) {
        return JSON.createObjectNode()
                .put("notBefore", DateTimeFormatter.ISO_INSTANT.format(window.notBefore()))
                .put("notAfter", DateTimeFormatter.ISO_INSTANT.format(window.notAfter()));
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write workflow JSON", e);
        }
    }
}
