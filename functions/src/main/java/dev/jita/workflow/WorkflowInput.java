package dev.jita.workflow;

import dev.jita.domain.GrantWindow;
import java.time.Duration;
import java.util.Objects;

/**
 * The execution input of approval.asl.json. It carries only what the workflow itself reads; the request lives in
 * DynamoDB, so nothing the approvers see can be changed through the execution.
 *
 * @param window fixed by intake for an auto-approved request, else null (fixed at approval)
 */
public record WorkflowInput(String requestId, boolean autoApproved, Duration approvalTimeout, GrantWindow window) {
    public WorkflowInput {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(approvalTimeout, "approvalTimeout");
        if (autoApproved && window == null) {
            throw new IllegalArgumentException("an auto-approved request needs its window");
        }
    }

    /** The JSON the definition reads: requestId, autoApproved, approvalTimeoutSeconds, window {notBefore, notAfter}. */
    public String toJson() {
        return WorkflowJson.input(this);
    }
}
