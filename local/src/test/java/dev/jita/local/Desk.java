package dev.jita.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.jita.asl.EngineClock;
import dev.jita.asl.ExecutionDescription;
import dev.jita.asl.ExecutionStatus;
import dev.jita.asl.HistoryEvent;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.domain.Status;
import dev.jita.standins.Outbox;
import dev.jita.store.StoredRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@link LocalJita} on virtual time and the people around it: an engineer who asks, approvers who decide.
 *
 * <p>Asking, cancelling and revoking go through the real IntakeFunction with API Gateway events; approvers follow the
 * links the real NotifyFunction put in the outbox and decide through the real ApprovalFunction (events/approvals). Everything else (the interpreter, approval.asl.json,
 * GrantFunction, RevokeFunction, DynamoDB Local, the IAM stand-in) is real.
 */
final class Desk implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    final LocalJita jita;
    final Api api;
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    Desk() {
        this(false);
    }

    /** @param notifyFails true to make the notify step fail, as an unreachable mail service would */
    Desk(boolean notifyFails) {
        this(notifyFails ? LocalJita.builder().clock(EngineClock.virtual(T0)).notify((payload, context) -> {
            throw new IllegalStateException("the mail service is unreachable");
        }).build() : LocalJita.builder().clock(EngineClock.virtual(T0)).build());
    }

    /** Around a jita of the test's own making (a data directory, another start time). */
    Desk(LocalJita jita) {
        this.jita = jita;
        api = new Api(jita);
    }

    /** POST /requests (events/intake/{@code sample}.json) as Engineer/{@code session}; returns the request id. */
    String ask(String sample, String session) {
        return ask(sample, session, null);
    }

    /** The same with another body. */
    String ask(String sample, String session, String body) {
        Api.Answer answer = api.send(sample, "Engineer", session, null, body);
        if (answer.status() != 202) {
            throw new AssertionError("POST /requests answered " + answer.status() + ": " + answer.body());
        }
        jita.stepFunctions().runUntilIdle();
        return answer.body().get("requestId").asText();
    }

    /** ec2:TerminateInstances on one instance for 30 minutes (prod-ec2-terminate: one SRE lead approves). */
    String askToTerminate(String session) {
        return ask("create-ok", session);
    }

    /** A rule that approves on arrival (prod-reports-read). */
    String askAutoApproved(String session) {
        return ask("create-auto-approved", session);
    }

    /** POST /requests/{id}/revoke or /cancel (events/intake/revoke.json, cancel.json) as Engineer/{@code session}. */
    Api.Answer requesterPosts(String session, String requestId, String action) {
        return api.send(action, "Engineer", session, requestId, null);
    }

    /** The token of the link the outbox holds for {@code approverId} on {@code requestId}. */
    String linkToken(String requestId, String approverId) {
        Outbox.Entry entry = jita.outbox().snapshot().stream()
                .filter(e -> e.requestId().equals(requestId) && e.recipientId().equals(approverId)
                        && e.link().isPresent())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no link for " + approverId + " on " + requestId + " in "
                        + jita.outbox().snapshot()));
        String path = entry.link().orElseThrow().getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** What an approver's browser gets back. */
    record Page(int status, String body) {
    }

    /** GET /approvals/{token} (events/approvals/get-confirm.json) with the link the outbox holds for the approver. */
    Page view(String requestId, String approverId) {
        return approvals("get-confirm", linkToken(requestId, approverId), null);
    }

    /** The confirm page's CSRF token, for the form. */
    String csrf(String requestId, String approverId) {
        Page page = view(requestId, approverId);
        Matcher csrf = CSRF_FIELD.matcher(page.body() == null ? "" : page.body());
        if (page.status() != 200 || !csrf.find()) {
            throw new AssertionError("the confirm page of " + approverId + " answered " + page.status());
        }
        return csrf.group(1).replace("&amp;", "&");
    }

    /** POST /approvals/{token} (events/approvals/post-approve.json) with the confirm page's form. */
    Page decide(String requestId, String approverId, String csrf, String decision) {
        String form = "decision=" + decision + "&comment=" + URLEncoder.encode("looked at it", StandardCharsets.UTF_8)
                + "&csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
        Page page = approvals("post-approve", linkToken(requestId, approverId), form);
        jita.stepFunctions().runUntilIdle();
        return page;
    }

    /** An approver opens their link and approves. */
    Page approve(String requestId, String approverId) {
        return decide(requestId, approverId, csrf(requestId, approverId), "approve");
    }

    /** An approver approves with a link kept from earlier (the outbox lives in memory: a restart empties it). */
    Page approveWithLink(String token) {
        Page confirm = approvals("get-confirm", token, null);
        Matcher csrf = CSRF_FIELD.matcher(confirm.body() == null ? "" : confirm.body());
        if (confirm.status() != 200 || !csrf.find()) {
            throw new AssertionError("the confirm page answered " + confirm.status());
        }
        String form = "decision=approve&comment=" + URLEncoder.encode("looked at it", StandardCharsets.UTF_8)
                + "&csrf=" + URLEncoder.encode(csrf.group(1).replace("&amp;", "&"), StandardCharsets.UTF_8);
        Page page = approvals("post-approve", token, form);
        jita.stepFunctions().runUntilIdle();
        return page;
    }

    Page deny(String requestId, String approverId) {
        return decide(requestId, approverId, csrf(requestId, approverId), "deny");
    }

    private Page approvals(String sample, String token, String body) {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("../events/approvals/" + sample
                + ".json");
        event.setPathParameters(Map.of("token", token));
        event.setPath("/approvals/" + token);
        if (body != null) {
            event.setBody(body);
            event.setIsBase64Encoded(false);
        }
        APIGatewayProxyResponseEvent response = jita.approvals().handleRequest(event,
                LocalLambdaContext.of("approval"));
        return new Page(response.getStatusCode(), response.getBody());
    }

    /** Runs the workflow on virtual time, timer by timer, until the request is in {@code status}. */
    StoredRequest runUntil(String requestId, Status status) {
        for (int timers = 0; timers < 1000; timers++) {
            jita.stepFunctions().runUntilIdle();
            StoredRequest now = jita.store().get(requestId);
            if (now.status() == status) {
                return now;
            }
            if (!jita.stepFunctions().advanceToNextTimer()) {
                throw new AssertionError("request " + requestId + " is " + now.status() + " and nothing is pending;"
                        + " expected " + status);
            }
        }
        throw new AssertionError("request " + requestId + " did not reach " + status + " within 1000 timers");
    }

    ExecutionDescription finish(String requestId) {
        ExecutionDescription done = jita.stepFunctions().runToCompletion(jita.executionArn(requestId));
        if (done.status() == ExecutionStatus.RUNNING) {
            throw new AssertionError("still running");
        }
        return done;
    }

    List<HistoryEvent> history(String requestId) {
        return jita.stepFunctions().getExecutionHistory(jita.executionArn(requestId));
    }

    /** Standard workflows bill per state transition: each *StateEntered event is one. */
    long stateTransitions(String requestId) {
        return history(requestId).stream().filter(e -> e.type().isStateEntered()).count();
    }

    List<AuditType> auditTypes(String requestId) {
        return jita.auditLog().entries(requestId).stream().map(AuditEntry::type).toList();
    }

    StoredRequest request(String requestId) {
        return jita.store().get(requestId);
    }

    @Override
    public void close() {
        jita.close();
    }
}
