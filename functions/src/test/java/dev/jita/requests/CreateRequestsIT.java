package dev.jita.requests;

import static dev.jita.requests.RequestsFixture.ORIGIN;
import static dev.jita.requests.RequestsFixture.READ_REPORTS;
import static dev.jita.requests.RequestsFixture.RULES;
import static dev.jita.requests.RequestsFixture.TERMINATE;
import static dev.jita.requests.RequestsFixture.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.Metric;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.domain.Reason;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.rules.RulesFile;
import dev.jita.store.Caps;
import dev.jita.store.StoredRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CreateRequests on DynamoDB Local, called as the route calls it: each outcome asserted as a record, not as HTTP. */
class CreateRequestsIT {

    private static final Requester ALICE = session("Engineer", "alice");
    private static final String KEY = "6f1c2a53-3f7e-4c55-9a7e-1b2c3d4e5f60";

    private final RequestsFixture world = new RequestsFixture();
    private final CreateRequests creates = world.creates(RULES, new Caps(2, 3));

    @Test
    void create_shouldAcceptAndStartTheWorkflow_namingTheApproversButNeverTheRequester() {
        CreateOutcome.Accepted accepted = accepted(create(ALICE, TERMINATE, KEY));

        assertEquals(Status.PENDING_APPROVAL, accepted.request().status());
        assertEquals("prod-ec2-terminate", accepted.rule().id());
        assertEquals(List.of("bob", "carol"), accepted.approverIds());
        assertFalse(accepted.replay());
        assertEquals(Status.PENDING_APPROVAL, world.store.get(accepted.request().requestId()).status());
        assertTrue(world.workflow.started.containsKey(accepted.request().requestId()));
        assertEquals(1, world.metrics.get(Metric.RequestsCreated));
    }

    @Test
    void create_shouldAcceptAsScheduledWithNoApprovers_whenTheRuleAlwaysAutoApproves() {
        CreateOutcome.Accepted accepted = accepted(create(ALICE, READ_REPORTS, null));

        assertEquals(Status.SCHEDULED, accepted.request().status());
        assertEquals(List.of(), accepted.approverIds());
        assertTrue(world.workflow.started.get(accepted.request().requestId()).autoApproved());
    }

    @Test
    void create_shouldReplayTheEarlierRequest_whenTheKeyAndBodyRepeat() {
        StoredRequest first = accepted(create(ALICE, TERMINATE, KEY)).request();

        CreateOutcome.Accepted again = accepted(create(ALICE, TERMINATE, KEY));

        assertTrue(again.replay());
        assertEquals(first.requestId(), again.request().requestId());
        assertEquals(1, world.metrics.get(Metric.RequestsCreated));
    }

    @Test
    void create_shouldBeInvalid_whenTheIdempotencyKeyIsNotVisibleAscii() {
        assertEquals("invalid-idempotency-key", invalid(create(ALICE, TERMINATE, "two words")).reason());
        assertNothingStored();
    }

    @Test
    void create_shouldBeInvalidNamingTheLimit_whenTheGrantPolicyWouldBeTooLarge() {
        List<String> large = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            large.add("arn:aws:s3:::example-prod-reports/" + i + "x".repeat(1_860));
        }
        NewRequest asked = new NewRequest(List.of("s3:GetObject"), large, 240, "Read the large reports for the audit",
                null, null, "prod-reports-read");

        CreateOutcome.Invalid invalid = invalid(create(ALICE, asked, KEY));

        assertEquals("policy-too-large", invalid.reason());
        assertTrue(invalid.detail().contains("5,120"), invalid.detail());
        assertNothingStored();
    }

    // Identities refuses such a caller before intake; the use case still will not store what it could never grant.
    @Test
    void create_shouldBeInvalidNotGrantable_whenTheCallersUserIdCannotScopeAPolicy() {
        Requester odd = new Requester(ALICE.arn(), "111122223333", "Engineer", "alice", "AROAEXAMPLEENGINEER1:bob");

        CreateOutcome.Invalid invalid = invalid(create(odd, TERMINATE, KEY));

        assertEquals("not-grantable", invalid.reason());
        assertTrue(invalid.detail().contains("aws:userid"), invalid.detail());
        assertNothingStored();
    }

    @Test
    void create_shouldBeRefusedWithTheReason_andRecordTheRefusal_whenTheActionIsForbidden() {
        NewRequest passRole = new NewRequest(List.of("iam:PassRole"),
                List.of("arn:aws:iam::111122223333:role/PlatformAdmin"), 30, "Pass the admin role to the batch host",
                null, null, null);

        CreateOutcome.Refused refused = assertInstanceOf(CreateOutcome.Refused.class,
                create(ALICE, passRole, KEY));

        assertEquals(Reason.FORBIDDEN_ACTION, refused.reason());
        List<AuditEntry> day = world.audit.between(RequestsFixture.T0.minusSeconds(1),
                RequestsFixture.T0.plusSeconds(1), 10, null).items();
        assertEquals(List.of(AuditType.REJECTED), day.stream().map(AuditEntry::type).toList());
        assertNothingStored();
    }

    @Test
    void create_shouldBeKeyReused_whenTheKeyComesBackWithAnotherBody() {
        create(ALICE, TERMINATE, KEY);
        NewRequest other = new NewRequest(List.of("ec2:StopInstances"), TERMINATE.resources(), 30,
                TERMINATE.justification(), null, null, null);

        assertEquals(new CreateOutcome.KeyReused(), create(ALICE, other, KEY));
        assertEquals(1, mine().size());
    }

    @Test
    void create_shouldBeRuleRemoved_whenTheKeyLeadsBackToARequestWhoseRuleIsGone() throws Exception {
        String first = accepted(create(ALICE, TERMINATE, KEY)).request().requestId();
        String yaml = Files.readString(Path.of("..", "config", "rules.yaml"));
        RuleBook renamed = RulesFile.parse(yaml.replace("id: prod-ec2-terminate", "id: prod-ec2-renamed"),
                "rules.yaml");

        CreateOutcome outcome = world.creates(renamed, Caps.NONE).create(ALICE, ORIGIN, TERMINATE,
                TERMINATE.toString(), KEY);

        assertEquals(new CreateOutcome.RuleRemoved(first), outcome);
    }

    @Test
    void create_shouldBeTooManyPending_forTheRoleWhateverTheSession() {
        create(ALICE, TERMINATE, null);
        create(session("Engineer", "alice-2"), TERMINATE, null);

        assertEquals(new CreateOutcome.TooMany(Caps.Kind.PENDING, "Engineer", 2),
                create(session("Engineer", "alice-3"), TERMINATE, null));
    }

    @Test
    void create_shouldBeTooManyGrants_countingPendingAndAutoApproved() {
        create(ALICE, TERMINATE, null);
        create(ALICE, READ_REPORTS, null);
        create(ALICE, READ_REPORTS, null);

        assertEquals(new CreateOutcome.TooMany(Caps.Kind.GRANTS, "Engineer", 3), create(ALICE, READ_REPORTS, null));
    }

    @Test
    void create_shouldBeNotStartedAndKeepTheRequest_whenTheWorkflowNeverStartsAndAKeyWasSent() {
        world.workflow.failNextStarts = 3;

        CreateOutcome outcome = create(ALICE, TERMINATE, KEY);

        StoredRequest kept = mine().get(0);
        assertEquals(new CreateOutcome.NotStarted(kept.requestId()), outcome);
        assertEquals(Status.PENDING_APPROVAL, kept.status());
        assertEquals(3, world.workflow.startCalls.size());
        assertEquals(kept.requestId(), accepted(create(ALICE, TERMINATE, KEY)).request().requestId(),
                "the same POST again finishes it");
        assertTrue(world.workflow.started.containsKey(kept.requestId()));
    }

    @Test
    void create_shouldBeUnavailableAndEndTheRequest_whenTheWorkflowNeverStartsAndNoKeyWasSent() {
        world.workflow.failNextStarts = 3;

        CreateOutcome outcome = create(ALICE, TERMINATE, null);

        StoredRequest ended = mine().get(0);
        assertEquals(new CreateOutcome.Unavailable(ended.requestId()), outcome);
        assertEquals(Status.CANCELLED, ended.status());
    }

    private CreateOutcome create(Requester who, NewRequest asked, String key) {
        return creates.create(who, ORIGIN, asked, asked.toString(), key);
    }

    private static CreateOutcome.Accepted accepted(CreateOutcome outcome) {
        return assertInstanceOf(CreateOutcome.Accepted.class, outcome, outcome::toString);
    }

    private static CreateOutcome.Invalid invalid(CreateOutcome outcome) {
        return assertInstanceOf(CreateOutcome.Invalid.class, outcome, outcome::toString);
    }

    private List<StoredRequest> mine() {
        return world.store.byRequester(ALICE.arn(), Optional.empty(), 10, null).items();
    }

    private void assertNothingStored() {
        assertTrue(mine().isEmpty());
        assertTrue(world.workflow.startCalls.isEmpty());
        assertEquals(0, world.metrics.get(Metric.RequestsCreated));
    }
}
