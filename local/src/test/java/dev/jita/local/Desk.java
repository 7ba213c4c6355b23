package dev.jita.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.asl.EngineClock;
import dev.jita.asl.ExecutionDescription;
import dev.jita.asl.ExecutionStatus;
import dev.jita.asl.HistoryEvent;
import dev.jita.asl.LambdaFunction;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Eligibility;
import dev.jita.domain.EligibilityRequest;
import dev.jita.domain.EligibilityResult;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.Rule;
import dev.jita.domain.Status;
import dev.jita.store.ActorKind;
import dev.jita.store.AuditDraft;
import dev.jita.store.AuditEntry;
import dev.jita.store.AuditType;
import dev.jita.store.Outcome;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.WorkflowErrors;
import dev.jita.workflow.WorkflowInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link LocalJita} on virtual time and the people around it: an engineer who asks, approvers who decide.
 *
 * <p>Until the intake and approvals branches land, asking and deciding go through the store and the Workflow port
 * exactly as IntakeFunction and ApprovalFunction will (status + audit first, then the workflow), and the notify
 * step is a stand-in that stores the task token with its NOTIFIED entry. Everything after the decision (the
 * interpreter, approval.asl.json, GrantFunction, RevokeFunction, DynamoDB Local, the IAM stand-in) is real.
 */
final class Desk implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    final LocalJita jita;
    /** Set to make the notify step fail, as an unreachable mail service would. */
    final AtomicBoolean notifyFails = new AtomicBoolean();

    Desk() {
        AtomicReference<LocalJita> self = new AtomicReference<>();
        jita = LocalJita.builder().clock(EngineClock.virtual(T0)).notify(notifyStandIn(self)).build();
        self.set(jita);
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

    Requester engineer(String session) {
        return new Requester("arn:aws:sts::" + LocalJita.ACCOUNT + ":assumed-role/Engineer/" + session,
                LocalJita.ACCOUNT, "Engineer", session, jita.userId("Engineer", session));
    }

    AccessRequest terminate(String session, String instance) {
        return new AccessRequest(UUID.randomUUID().toString(), engineer(session), List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/" + instance), Duration.ofMinutes(30),
                "Terminate the wedged batch host, see ticket", "OPS-1234", null, "prod-ec2-terminate",
                jita.clock().instant());
    }

    AccessRequest readReports(String session) {
        return new AccessRequest(UUID.randomUUID().toString(), engineer(session), List.of("s3:GetObject"),
                List.of("arn:aws:s3:::example-prod-reports/2026/03/summary.csv"), Duration.ofHours(1),
                "Read the March summary for the audit", null, null, "prod-reports-read", jita.clock().instant());
    }

    /** What IntakeFunction does: check, store PENDING + REQUESTED, start the execution named requestId. */
    String ask(AccessRequest request) {
        EligibilityResult result = new Eligibility(jita.rules(), jita.clock()).decide(EligibilityRequest.of(request));
        if (!(result instanceof EligibilityResult.Eligible eligible)) {
            throw new AssertionError("the test's request is not eligible: " + result);
        }
        Rule rule = eligible.rule();
        StoredRequest stored = jita.store().create(request, RequestHash.of(request), AuditDraft.of(
                AuditType.REQUESTED, request.requester().arn(), ActorKind.REQUESTER, Outcome.SUCCESS));
        WorkflowInput input;
        if (eligible.autoApproved()) {
            GrantWindow window = GrantWindow.fixedAt(jita.clock().instant(), request);
            jita.store().apply(stored, RequestUpdate.moveTo(Status.SCHEDULED).withWindow(window),
                    AuditDraft.of(AuditType.APPROVED, "jita:intake", ActorKind.SYSTEM, Outcome.SUCCESS)
                            .withDetail("autoApproved", "true"));
            input = new WorkflowInput(request.requestId(), true, rule.approvalTimeout(), window);
        } else {
            input = new WorkflowInput(request.requestId(), false, rule.approvalTimeout(), null);
        }
        jita.workflow().start(input);
        jita.stepFunctions().runUntilIdle();
        return request.requestId();
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

    void cancel(String requestId) {
        StoredRequest stored = jita.store().get(requestId);
        String token = jita.store().taskToken(requestId).orElseThrow();
        jita.store().apply(stored, RequestUpdate.moveTo(Status.CANCELLED), AuditDraft.of(AuditType.CANCELLED,
                stored.request().requester().arn(), ActorKind.REQUESTER, Outcome.SUCCESS));
        jita.workflow().rejected(token, WorkflowErrors.CANCELLED, "withdrawn by the requester");
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
