package dev.jita.requests;

import static dev.jita.requests.RequestsFixture.ORIGIN;
import static dev.jita.requests.RequestsFixture.READ_REPORTS;
import static dev.jita.requests.RequestsFixture.RULES;
import static dev.jita.requests.RequestsFixture.TERMINATE;
import static dev.jita.requests.RequestsFixture.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.domain.Requester;
import dev.jita.domain.Status;
import dev.jita.grants.RevokeService;
import dev.jita.standins.LocalIam;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Withdrawals on DynamoDB Local, called as the route calls it: each outcome asserted as a record, not as HTTP. */
class WithdrawalsIT {

    private static final Requester ALICE = session("Engineer", "alice");
    private static final Requester MALLORY = session("Engineer", "mallory");
    private static final Requester ADMIN = session("PlatformAdmin", "pat");
    private static final Requester AUDITOR = session("Auditor", "olivia");

    private final RequestsFixture world = new RequestsFixture();
    private final GrantRevoker revoker = new GrantRevoker(new RevokeService(world.store,
            dev.jita.standins.FixedTargets.single("111122223333", new LocalIam("111122223333", new Random(1))),
            world.metrics));
    private final Withdrawals withdrawals = new Withdrawals(RULES, world.store, world.workflow, revoker);

    // ---------------------------------------------------------------- cancel

    @Test
    void cancel_shouldBeDone_recordTheCancel_andFailTheWaitingTaskWithCancelled() {
        String id = waiting(world.created(ALICE, TERMINATE));

        Withdrawal.Done done = assertInstanceOf(Withdrawal.Done.class, withdrawals.cancel(ALICE, ORIGIN, id));

        assertEquals(Status.CANCELLED, done.request().status());
        assertEquals(AuditType.CANCELLED, last(id).type());
        assertEquals(List.of("token-1:Cancelled"), world.workflow.rejectedTokens);
    }

    @Test
    void cancel_shouldBeDoneAgain_whenAlreadyCancelledAndTheWorkflowNoLongerWaits() {
        String id = waiting(world.created(ALICE, TERMINATE));
        world.workflow.rejections = ScriptedWorkflow.Rejections.TASK_GONE;
        withdrawals.cancel(ALICE, ORIGIN, id);

        Withdrawal again = withdrawals.cancel(ALICE, ORIGIN, id);

        assertEquals(Status.CANCELLED, assertInstanceOf(Withdrawal.Done.class, again).request().status());
        assertEquals(1, world.audit.entries(id).stream().filter(e -> e.type() == AuditType.CANCELLED).count());
    }

    @Test
    void cancel_shouldBeNotFound_forAStrangerAsForAMissingOrMalformedId() {
        String id = world.created(ALICE, TERMINATE).requestId();

        assertEquals(new Withdrawal.NotFound(id), withdrawals.cancel(MALLORY, ORIGIN, id));
        assertEquals(new Withdrawal.NotFound("r-aaaaaaaaaaaaaaaaaaaaaaaaaa"),
                withdrawals.cancel(ALICE, ORIGIN, "r-aaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assertEquals(new Withdrawal.NotFound("nope"), withdrawals.cancel(ALICE, ORIGIN, "nope"));
        assertEquals(Status.PENDING_APPROVAL, world.store.get(id).status());
    }

    @Test
    void cancel_shouldBeNotYours_forAnAdminWhoIsNotTheRequester() {
        String id = world.created(ALICE, TERMINATE).requestId();

        assertEquals(new Withdrawal.NotYours(id, Withdrawal.Kind.CANCEL), withdrawals.cancel(ADMIN, ORIGIN, id));
        assertEquals(Status.PENDING_APPROVAL, world.store.get(id).status());
    }

    @Test
    void cancel_shouldBeNotPending_onceTheRequestIsApproved() {
        String id = world.created(ALICE, READ_REPORTS).requestId();

        assertEquals(new Withdrawal.NotPending(id, Status.SCHEDULED), withdrawals.cancel(ALICE, ORIGIN, id));
    }

    @Test
    void cancel_shouldBeWorkflowNotTold_butStayCancelled_whenTheWorkflowIsUnreachable() {
        String id = waiting(world.created(ALICE, TERMINATE));
        world.workflow.rejections = ScriptedWorkflow.Rejections.UNREACHABLE;

        assertEquals(new Withdrawal.WorkflowNotTold(id), withdrawals.cancel(ALICE, ORIGIN, id));
        assertEquals(Status.CANCELLED, world.store.get(id).status());

        world.workflow.rejections = ScriptedWorkflow.Rejections.ACCEPTED;
        assertInstanceOf(Withdrawal.Done.class, withdrawals.cancel(ALICE, ORIGIN, id), "cancelling again finishes");
        assertEquals(2, world.workflow.rejectedTokens.size());
    }

    // ---------------------------------------------------------------- revoke

    @Test
    void revoke_shouldBeDone_endingTheGrantOnce_whenAskedTwice() {
        String id = world.created(ALICE, READ_REPORTS).requestId();

        Withdrawal first = withdrawals.revoke(ALICE, ORIGIN, id);
        Withdrawal again = withdrawals.revoke(ALICE, ORIGIN, id);

        assertEquals(Status.REVOKED, assertInstanceOf(Withdrawal.Done.class, first).request().status());
        assertEquals(Status.REVOKED, assertInstanceOf(Withdrawal.Done.class, again).request().status());
        assertEquals(1, world.audit.entries(id).stream().filter(e -> e.type() == AuditType.REVOKED).count());
    }

    @Test
    void revoke_shouldBeDoneByAnAdmin_recordedAsAdmin() {
        String id = world.created(ALICE, READ_REPORTS).requestId();

        assertInstanceOf(Withdrawal.Done.class, withdrawals.revoke(ADMIN, ORIGIN, id));

        assertEquals(ActorKind.ADMIN, last(id).actorKind());
    }

    @Test
    void revoke_shouldBeNotYoursForAnAuditor_andNotFoundForAStranger() {
        String id = world.created(ALICE, READ_REPORTS).requestId();

        assertEquals(new Withdrawal.NotYours(id, Withdrawal.Kind.REVOKE), withdrawals.revoke(AUDITOR, ORIGIN, id));
        assertEquals(new Withdrawal.NotFound(id), withdrawals.revoke(MALLORY, ORIGIN, id));
        assertEquals(Status.SCHEDULED, world.store.get(id).status());
    }

    @Test
    void revoke_shouldBeNotGranted_whileStillPending_andOnceEndedWithoutAGrant() {
        String pending = world.created(ALICE, TERMINATE).requestId();
        String cancelled = world.created(ALICE, TERMINATE).requestId();
        withdrawals.cancel(ALICE, ORIGIN, cancelled);

        assertEquals(new Withdrawal.NotGranted(pending, Status.PENDING_APPROVAL),
                withdrawals.revoke(ALICE, ORIGIN, pending));
        assertEquals(new Withdrawal.NotGranted(cancelled, Status.CANCELLED),
                withdrawals.revoke(ALICE, ORIGIN, cancelled));
    }

    @Test
    void revoke_shouldBeNoGrantNow_whenTheRevokerFindsNothingToRevokeOnItsSecondLook() {
        String id = world.created(ALICE, READ_REPORTS).requestId();
        Withdrawals raced = new Withdrawals(RULES, world.store, world.workflow,
                (requestId, by) -> new EarlyRevoker.NotRevocable(Status.PENDING_APPROVAL));

        assertEquals(new Withdrawal.NoGrantNow(id), raced.revoke(ALICE, ORIGIN, id));
    }

    @Test
    void grantRevoker_shouldSayNotRevocable_insteadOfThrowing_whenTheRequestIsStillPending() {
        String id = world.created(ALICE, TERMINATE).requestId();

        EarlyRevoker.Result result = revoker.revokeNow(id, new Revocation(ALICE.arn(), ActorKind.REQUESTER, ORIGIN));

        assertEquals(new EarlyRevoker.NotRevocable(Status.PENDING_APPROVAL), result);
        assertEquals(Status.PENDING_APPROVAL, world.store.get(id).status());
    }

    /** The notify function has stored the task token the workflow waits on. */
    private String waiting(StoredRequest request) {
        world.store.apply(request, RequestUpdate.taskTokenOnly("token-1"),
                AuditEvents.notified(List.of("bob", "carol"), List.of()));
        return request.requestId();
    }

    private AuditEntry last(String id) {
        List<AuditEntry> entries = world.audit.entries(id);
        return entries.get(entries.size() - 1);
    }
}
