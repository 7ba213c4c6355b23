package dev.jita.approvals;

import static dev.jita.approvals.ApprovalWorld.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Outcome;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Status;
import dev.jita.links.LinkPayload;
import dev.jita.notifications.Kind;
import dev.jita.notifications.Notification;
import dev.jita.notifications.NotificationException;
import dev.jita.notifications.Notifier;
import dev.jita.standins.Outbox;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.WorkflowErrors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyApproversIT {

    @TempDir
    Path dir;
    private ApprovalWorld world;

    @BeforeEach
    void setUp() {
        world = new ApprovalWorld(dir);
    }

    // security.md "Approval links": the requester can never approve their own request, even when listed as an
    // approver. alice asks; alice is an sre-lead; only bob and carol get links.
    @Test
    void notify_shouldSendOneLinkPerEligibleApprover_butNeverToTheRequester() {
        StoredRequest request = world.ec2Request("alice");
        String taskToken = world.taskToken();

        NotifyApprovers.Result result = world.notifier().notify(request.requestId(), taskToken);

        assertEquals(new NotifyApprovers.Notified(request.requestId(), List.of("bob", "carol"), List.of()), result);
        Map<String, String> tokens = world.tokens(request.requestId());
        assertEquals(Set.of("bob", "carol"), tokens.keySet());
        assertTrue(world.outbox.snapshot().stream().allMatch(e -> e.kind() == Kind.DECISION_NEEDED));
        assertEquals(taskToken, world.store.taskToken(request.requestId()).orElseThrow());
        List<AuditEntry> notified = world.entries(request.requestId(), AuditType.NOTIFIED);
        assertEquals(1, notified.size());
        assertEquals("bob,carol", notified.get(0).details().get(AuditEvents.APPROVERS));
        assertEquals(Status.PENDING_APPROVAL, world.store.get(request.requestId()).status());
    }

    @Test
    void notify_shouldBindRequestApproverAndHash_andLiveForTheApprovalWaitPlusGrace() {
        StoredRequest request = world.ec2Request("dave");
        world.notifyApprovers(request);

        for (Map.Entry<String, String> link : world.tokens(request.requestId()).entrySet()) {
            LinkPayload payload = world.links().verify(link.getValue());
            assertEquals(request.requestId(), payload.rid());
            assertEquals(link.getKey(), payload.aid());
            assertEquals(RequestHash.of(request.request()), payload.rh());
            // prod-ec2-terminate waits PT30M for approvers.
            assertEquals(Duration.ofMinutes(30).plus(ApprovalsConfig.DEFAULT_LINK_GRACE).toSeconds(),
                    payload.exp() - payload.iat());
            assertEquals(T0.getEpochSecond(), payload.iat());
        }
        assertTrue(world.outbox.snapshot().stream()
                .allMatch(e -> e.link().orElseThrow().toString().startsWith("https://jita.example.com/prod/approvals/v1.")));
    }

    // security.md "Workflow": every handler can run twice on the same input with one effect.
    @Test
    void notify_shouldHaveOneEffect_whenRunTwiceOnTheSameInput() {
        StoredRequest request = world.ec2Request("dave");
        String taskToken = world.taskToken();
        world.notifier().notify(request.requestId(), taskToken);
        long version = world.store.get(request.requestId()).version();
        int entries = world.entries(request.requestId()).size();

        NotifyApprovers.Result again = world.notifier().notify(request.requestId(), taskToken);

        assertInstanceOf(NotifyApprovers.AlreadyNotified.class, again);
        assertEquals(3, world.outbox.snapshot().size(), "alice, bob and carol once each");
        assertEquals(version, world.store.get(request.requestId()).version());
        assertEquals(entries, world.entries(request.requestId()).size());
    }

    @Test
    void notify_shouldReplaceTheTokenWithoutSendingAgain_whenTheWorkflowRetriesWithANewToken() {
        StoredRequest request = world.ec2Request("dave");
        world.notifier().notify(request.requestId(), world.taskToken());
        String newToken = world.taskToken();

        NotifyApprovers.Result retried = world.notifier().notify(request.requestId(), newToken);

        assertInstanceOf(NotifyApprovers.WaitRenewed.class, retried);
        assertEquals(newToken, world.store.taskToken(request.requestId()).orElseThrow());
        assertEquals(3, world.outbox.snapshot().size());
        List<AuditEntry> notified = world.entries(request.requestId(), AuditType.NOTIFIED);
        assertEquals(2, notified.size());
        assertEquals("true", notified.get(1).details().get(AuditEvents.LINKS_SENT_BEFORE));
        // The links sent first still work, and the decision reaches the workflow under the new token.
        world.click(world.tokens(request.requestId()).get("bob"), "approve");
        assertEquals(newToken, world.workflow.calls().get(0).taskToken());
    }

    @Test
    void notify_shouldFailAndStoreNoToken_whenTooFewApproversCanBeReached() {
        StoredRequest request = world.rdsRequest("zoe");
        Outbox delivered = new Outbox(world.clock);
        // Two of three db-owners are needed; only dave's channel works.
        Notifier flaky = new Notifier() {
            @Override
            public String channel() {
                return "test";
            }

            @Override
            public void send(Notification n) {
                if (!n.to().approverId().equals("dave")) {
                    throw new NotificationException("test", true, "Mail server unavailable for " + n.to().approverId() + ".");
                }
                delivered.send(n);
            }
        };

        NotifyFailedException e = assertThrows(NotifyFailedException.class,
                () -> world.notifier(flaky).notify(request.requestId(), world.taskToken()));

        assertTrue(e.getMessage().contains("erin"), e.getMessage());
        assertTrue(world.store.taskToken(request.requestId()).isEmpty());
        AuditEntry failed = world.entries(request.requestId(), AuditType.NOTIFIED).get(0);
        assertEquals(Outcome.FAILURE, failed.outcome());
        assertEquals("dave", failed.details().get(AuditEvents.APPROVERS));
        assertEquals("erin,frank", failed.details().get(AuditEvents.UNREACHED));
    }

    @Test
    void notify_shouldSucceed_whenEnoughApproversAreReachedAndNameTheOthers() {
        StoredRequest request = world.ec2Request("dave");
        Notifier bobDown = new Notifier() {
            @Override
            public String channel() {
                return "test";
            }

            @Override
            public void send(Notification n) {
                if (n.to().approverId().equals("bob")) {
                    throw new NotificationException("test", false, "Address of bob rejected.");
                }
                world.outbox.send(n);
            }
        };

        NotifyApprovers.Result result = world.notifier(bobDown).notify(request.requestId(), world.taskToken());

        assertEquals(new NotifyApprovers.Notified(request.requestId(), List.of("alice", "carol"), List.of("bob")),
                result);
        assertEquals("bob", world.entries(request.requestId(), AuditType.NOTIFIED).get(0).details()
                .get(AuditEvents.UNREACHED));
    }

    @Test
    void notify_shouldEndTheWaitAndSendNothing_whenTheRequestWasCancelledFirst() {
        StoredRequest request = world.ec2Request("dave");
        world.store.apply(request, RequestUpdate.moveTo(Status.CANCELLED),
                AuditDraft.of(AuditType.CANCELLED, request.request().requester().arn(), ActorKind.REQUESTER,
                        Outcome.SUCCESS));
        String taskToken = world.taskToken();

        NotifyApprovers.Result result = world.notifier().notify(request.requestId(), taskToken);

        assertEquals(new NotifyApprovers.NotPending(request.requestId(), Status.CANCELLED), result);
        assertTrue(world.outbox.snapshot().isEmpty());
        assertEquals(List.of(new RecordingWorkflow.Call("rejected", taskToken, null, WorkflowErrors.CANCELLED)),
                world.workflow.calls());
    }

    @Test
    void notify_shouldFail_whenTheRuleNoLongerExists() {
        StoredRequest request = world.ec2Request("dave");
        RuleBookEdits.without(world, ApprovalWorld.EC2_RULE);

        assertThrows(NotifyFailedException.class,
                () -> world.notifier().notify(request.requestId(), world.taskToken()));
        assertTrue(world.outbox.snapshot().isEmpty());
    }
}
