package dev.jita.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.asl.EngineClock;
import dev.jita.asl.ExecutionDescription;
import dev.jita.asl.ExecutionStatus;
import dev.jita.asl.HistoryEvent;
import dev.jita.asl.LambdaFunction;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.store.ActorKind;
import dev.jita.store.AuditDraft;
import dev.jita.store.AuditEntry;
import dev.jita.store.AuditType;
import dev.jita.store.Outcome;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.WorkflowErrors;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link LocalJita} on virtual time and the people around it: an engineer who asks, approvers who decide.
 *
 * <p>Asking, cancelling and revoking go through the real IntakeFunction with API Gateway events. Until the approvals
 * branch lands, deciding goes through the store and the Workflow port exactly as ApprovalFunction will (status +
 * audit first, then the workflow), and the notify step is a stand-in that stores the task token with its NOTIFIED
 * entry. Everything else (the interpreter, approval.asl.json, GrantFunction, RevokeFunction, DynamoDB Local, the IAM
 * stand-in) is real.
 */
final class Desk implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    final LocalJita jita;
    final Api api;
    /** Set to make the notify step fail, as an unreachable mail service would. */
    final AtomicBoolean notifyFails = new AtomicBoolean();

    Desk() {
        AtomicReference<LocalJita> self = new AtomicReference<>();
        jita = LocalJita.builder().clock(EngineClock.virtual(T0)).notify(notifyStandIn(self)).build();
        self.set(jita);
        api = new Api(jita);
    }

    private LambdaFunction notifyStandIn(AtomicReference<LocalJita> self) {
        return (payload, context) -> {
            if (notifyFails.get()) {
                throw new IllegalStateException("the mail service is unreachable");
            }
            LocalJita j = self.get();
            String requestId = payload.get("requestId").asText();
            StoredRequest stored = j.store().get(requestId);
            j.store().apply(stored, RequestUpdate.taskTokenOnly(payload.get("taskToken").asText()),
                    AuditDraft.of(AuditType.NOTIFIED, "jita:notify", ActorKind.SYSTEM, Outcome.SUCCESS));
            return JSON.createObjectNode();
        };
    }

    /** POST /requests (events/intake/{@code sample}.json) as Engineer/{@code session}; returns the request id. */
    String ask(String sample, String session) {
        Api.Answer answer = api.send(sample, "Engineer", session, null, null);
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

    /** What ApprovalFunction does on the last needed approval: APPROVED + window recorded, then SendTaskSuccess. */
    GrantWindow approve(String requestId, String approverId) {
        StoredRequest stored = jita.store().get(requestId);
        String token = jita.store().taskToken(requestId).orElseThrow();
        GrantWindow window = GrantWindow.fixedAt(jita.clock().instant(), stored.request());
        jita.store().apply(stored, RequestUpdate.moveTo(Status.APPROVED).withWindow(window), List.of(
                AuditDraft.of(AuditType.APPROVAL_RECORDED, approverId, ActorKind.APPROVER, Outcome.SUCCESS),
                AuditDraft.of(AuditType.APPROVED, "jita:approvals", ActorKind.SYSTEM, Outcome.SUCCESS)));
        jita.workflow().approved(token, window);
        return window;
    }

    void deny(String requestId, String approverId) {
        StoredRequest stored = jita.store().get(requestId);
        String token = jita.store().taskToken(requestId).orElseThrow();
        jita.store().apply(stored, RequestUpdate.moveTo(Status.DENIED), List.of(
                AuditDraft.of(AuditType.DENIAL_RECORDED, approverId, ActorKind.APPROVER, Outcome.SUCCESS),
                AuditDraft.of(AuditType.DENIED, "jita:approvals", ActorKind.SYSTEM, Outcome.SUCCESS)));
        jita.workflow().rejected(token, WorkflowErrors.DENIED, "denied by " + approverId);
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
