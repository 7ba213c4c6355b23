package dev.jita.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.LambdaInvocation;
import dev.jita.app.Metrics;
import dev.jita.approvals.NotifyApprovers;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.LambdaServices;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workflow's AwaitApproval task ({@code lambda:invoke.waitForTaskToken}): input {@code {requestId, taskToken}}.
 * Its answer is ignored by Step Functions (the approval function ends the wait); it says what was done, without
 * the token. A {@link dev.jita.approvals.NotifyFailedException} sends the workflow to NotifyFailed.
 */
public final class NotifyFunction
        implements RequestHandler<Map<String, Object>, Map<String, Object>>, SnapStartPrimed {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotifyApprovers notify;
    private final Metrics metrics;

    /** Lambda's constructor: the services built once per container from the environment. */
    public NotifyFunction() {
        this(LambdaServices.forFunction("notify"));
        SnapStartPrimed.register(this);
    }

    /** On any composition root: jita local's, a test's, priming's. */
    public NotifyFunction(JitaServices services) {
        this.notify = services.notifyApprovers();
        this.metrics = services.metrics();
    }

    @Override
    public String function() {
        return "notify";
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        JsonNode payload = JSON.valueToTree(input);
        String requestId = TaskInputs.requestId(payload);
        String taskToken = payload.path("taskToken").asText(null);
        return LambdaInvocation.run(context, requestId, metrics, () -> answer(notify.notify(requestId, taskToken)));
    }

    private static Map<String, Object> answer(NotifyApprovers.Result result) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("requestId", result.requestId());
        if (result instanceof NotifyApprovers.Notified n) {
            out.put("outcome", "NOTIFIED");
            out.put("approvers", n.approvers());
            out.put("unreached", n.unreached());
        } else if (result instanceof NotifyApprovers.NotPending p) {
            out.put("outcome", "NOT_PENDING");
            out.put("status", p.status().name());
        } else {
            out.put("outcome", result instanceof NotifyApprovers.AlreadyNotified ? "ALREADY_NOTIFIED" : "WAIT_RENEWED");
        }
        return out;
    }


}
