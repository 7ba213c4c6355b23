package dev.jita.local;

import dev.jita.approvals.ApprovalOutcome;
import dev.jita.asl.EngineClock;
import dev.jita.asl.ExecutionDescription;
import dev.jita.asl.ExecutionStatus;
import dev.jita.asl.HistoryEvent;
import dev.jita.domain.Status;
import dev.jita.notify.Outbox;
import dev.jita.store.AuditEntry;
import dev.jita.store.AuditType;
import dev.jita.store.Origin;
import dev.jita.store.StoredRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A {@link LocalJita} on virtual time and the people around it: an engineer who asks, approvers who decide.
 *
 * <p>Asking, cancelling and revoking go through the real IntakeFunction with API Gateway events; approvers follow the
 * links the real notify step put in the outbox and decide through the approvals desk (until the approvals branch's
 * ApprovalFunction lands, its service directly). Everything else (the interpreter, approval.asl.json,
 * GrantFunction, RevokeFunction, DynamoDB Local, the IAM stand-in) is real.
 */
final class Desk implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    final LocalJita jita;
    final Api api;
    private static final Origin BROWSER = new Origin("198.51.100.4", "Mozilla/5.0");

    Desk() {
        this(false);
    }

    /** @param notifyFails true to make the notify step fail, as an unreachable mail service would */
    Desk(boolean notifyFails) {
        LocalJita.Builder builder = LocalJita.builder().clock(EngineClock.virtual(T0));
        if (notifyFails) {
            builder.notify((payload, context) -> {
                throw new IllegalStateException("the mail service is unreachable");
            });
        }
        jita = builder.build();
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

    /** GET /approvals/{token}: whatever the approver's link shows now. */
    ApprovalOutcome view(String requestId, String approverId) {
        return jita.approvals().view(linkToken(requestId, approverId), BROWSER);
    }

    /** GET /approvals/{token}: the confirm page, with its CSRF token. */
    ApprovalOutcome.Confirm confirm(String requestId, String approverId) {
        ApprovalOutcome page = view(requestId, approverId);
        if (!(page instanceof ApprovalOutcome.Confirm confirm)) {
            throw new AssertionError("the confirm page of " + approverId + " is " + page);
        }
        return confirm;
    }

    /** POST /approvals/{token} with the confirm page's form. */
    ApprovalOutcome decide(String requestId, String approverId, ApprovalOutcome.Confirm confirm, String decision) {
        String form = "decision=" + decision + "&comment=" + URLEncoder.encode("looked at it", StandardCharsets.UTF_8)
                + "&csrf=" + URLEncoder.encode(confirm.csrf(), StandardCharsets.UTF_8);
        ApprovalOutcome outcome = jita.approvals().decide(linkToken(requestId, approverId), form, false, BROWSER);
        jita.stepFunctions().runUntilIdle();
        return outcome;
    }

    /** An approver opens their link and approves. */
    ApprovalOutcome approve(String requestId, String approverId) {
        return decide(requestId, approverId, confirm(requestId, approverId), "approve");
    }

    ApprovalOutcome deny(String requestId, String approverId) {
        return decide(requestId, approverId, confirm(requestId, approverId), "deny");
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
