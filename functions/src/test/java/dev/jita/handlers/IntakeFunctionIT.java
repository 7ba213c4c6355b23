package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.app.InMemoryMetrics;
import dev.jita.app.Metric;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Outcome;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.grants.RevokeOutcome;
import dev.jita.grants.RevokeService;
import dev.jita.grants.TaskError;
import dev.jita.rules.RulesFile;
import dev.jita.standins.LocalIam;
import dev.jita.standins.TestAuditKey;
import dev.jita.store.AuditLog;
import dev.jita.store.Caps;
import dev.jita.store.DynamoLocal;
import dev.jita.store.MutableClock;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import dev.jita.wiring.TestServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * IntakeFunction end to end on its real collaborators (store, audit, idempotency on DynamoDB Local in-process,
 * RevokeService on the IAM stand-in, config/rules.yaml), with a recording workflow; events from events/intake.
 */
class IntakeFunctionIT {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    private static final RuleBook RULES = RulesFile.load(Path.of("..", "config", "rules.yaml"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALICE = "arn:aws:sts::111122223333:assumed-role/Engineer/alice";
    private static final int MAX_PENDING = 3;
    private static final int MAX_GRANTS = 5;
    /** A pending request of role DbaRole (rule prod-rds-reboot): another role than alice's Engineer. */
    private static final String DBA_REBOOT = "{\"actions\": [\"rds:RebootDBInstance\"], \"resources\":"
            + " [\"arn:aws:rds:eu-west-1:111122223333:db:prod-orders\"], \"durationMinutes\": 30,"
            + " \"justification\": \"Reboot the wedged orders database, see OPS-1234\"}";

    private final MutableClock clock = new MutableClock(T0);
    private final RecordingWorkflow workflow = new RecordingWorkflow();
    private final InMemoryMetrics metrics = new InMemoryMetrics();
    private StoreConfig tables;
    private String idempotencyTable;
    private RequestStore store;
    private AuditLog audit;
    private RevokeService revokes;
    private IntakeFunction intake;

    @BeforeEach
    void setUp() {
        tables = DynamoLocal.freshTables();
        idempotencyTable = DynamoLocal.freshIdempotencyTable();
        store = new RequestStore(DynamoLocal.client(), tables, clock, TestAuditKey.SIGNER);
        audit = new AuditLog(DynamoLocal.client(), tables, TestAuditKey.SIGNER);
        revokes = new RevokeService(store, dev.jita.standins.FixedTargets.single("111122223333",
                new LocalIam("111122223333", new Random(1))), metrics);
        intake = function(tables);
    }

    private IntakeFunction function(StoreConfig config) {
        return new IntakeFunction(TestServices.on(DynamoLocal.client(), config, clock).rules(() -> RULES)
                .idempotencyTable(idempotencyTable).workflow(workflow)
                .iam(new LocalIam("111122223333", new Random(1))).metrics(metrics)
                .caps(new Caps(MAX_PENDING, MAX_GRANTS)).build());
    }

    // ---------------------------------------------------------------- POST /requests

    // security.md:31 "Each entry: who, what, when (ms, UTC), outcome, origin (source IP / user agent ...)" and
    // security.md:32 "Every status change has its audit entry ... (write them in one transaction)"
    @Test
    void create_shouldAnswer202_storePendingWithRequested_andStartWorkflowNamedByRequestId() {
        Answer a = call(event("create-ok"));

        assertEquals(202, a.status(), a.text());
        String id = a.json().get("requestId").asText();
        assertTrue(id.matches("r-[a-z2-7]{26}"), id);
        assertEquals("PENDING_APPROVAL", a.json().get("status").asText());
        assertEquals("prod-ec2-terminate", a.json().get("ruleId").asText());
        assertEquals(1, a.json().get("approvalsRequired").asInt());
        assertEquals(List.of("bob", "carol"), strings(a.json().get("approvers"))); // alice never approves herself
        assertEquals(30, a.json().get("durationMinutes").asInt());
        assertEquals("/requests/" + id, a.response().getHeaders().get("Location"));

        StoredRequest stored = store.get(id);
        assertEquals(Status.PENDING_APPROVAL, stored.status());
        assertEquals(ALICE, stored.request().requester().arn());
        assertEquals("AROAEXAMPLEENGINEER1:alice", stored.request().requester().userId());
        List<AuditEntry> entries = audit.entries(id);
        assertEquals(List.of(AuditType.REQUESTED), entries.stream().map(AuditEntry::type).toList());
        assertEquals("203.0.113.7", entries.get(0).origin().sourceIp());
        assertEquals("jita-cli/0.1 aws-sdk-java/2.40.2", entries.get(0).origin().userAgent());

        JsonNode input = parse(workflow.executions.get(id));
        assertEquals(id, input.get("requestId").asText());
        assertFalse(input.get("autoApproved").asBoolean());
        assertEquals(1800, input.get("approvalTimeoutSeconds").asInt());
        assertEquals(1, metrics.get(Metric.RequestsCreated));
    }

    @Test
    void create_shouldApproveOnArrival_fixWindowAtIntake_andStartAutoApprovedWorkflow_whenRuleAlwaysAutoApproves() {
        Answer a = call(event("create-auto-approved"));

        assertEquals(202, a.status(), a.text());
        String id = a.json().get("requestId").asText();
        assertEquals("SCHEDULED", a.json().get("status").asText());
        assertEquals(0, a.json().get("approvalsRequired").asInt());
        assertEquals(List.of(), strings(a.json().get("approvers")));
        assertEquals("2026-11-24T09:00:00Z", a.json().get("window").get("notBefore").asText());
        assertEquals("2026-11-24T10:00:00Z", a.json().get("window").get("notAfter").asText());

        assertEquals(List.of(AuditType.REQUESTED, AuditType.APPROVED),
                audit.entries(id).stream().map(AuditEntry::type).toList());
        assertEquals(1, store.get(id).version(), "created already approved, in one write: never seen pending");
        assertTrue(audit.verify(id).valid());
        JsonNode input = parse(workflow.executions.get(id));
        assertTrue(input.get("autoApproved").asBoolean());
        assertEquals("2026-11-24T09:00:00Z", input.get("window").get("notBefore").asText());
        assertEquals("2026-11-24T10:00:00Z", input.get("window").get("notAfter").asText());
    }

    // security.md:36 "Unknown JSON fields rejected"
    @Test
    void create_shouldAnswer400AndStoreNothing_whenBodyHasUnknownField() {
        Answer a = call(event("create-unknown-field"));

        assertProblem(a, 400, "unknown-field");
        assertNothingRequested();
    }

    // security.md:35 "Requester identity only from the authenticated request context; body fields naming a
    // requester are rejected."
    @Test
    void create_shouldAnswer400_whenBodyNamesARequester() {
        Answer a = call(event("create-requester-field"));

        assertProblem(a, 400, "requester-in-body");
        assertNothingRequested();
    }

    // security.md:35 "Requester identity only from the authenticated request context": a header naming someone is
    // not an identity
    @Test
    void create_shouldAnswer401_whenRequestContextHasNoIdentity_evenWithAPrincipalHeader() {
        Answer a = call(event("no-identity"));

        assertProblem(a, 401, "unauthenticated");
        assertNothingRequested();
    }

    @Test
    void create_shouldAnswer403_whenCallerIsAnIamUser() {
        APIGatewayProxyRequestEvent e = event("create-ok");
        e.getRequestContext().getIdentity().setUserArn("arn:aws:iam::111122223333:user/alice");
        e.getRequestContext().getIdentity().setCaller("AIDAEXAMPLEUSER00001");

        assertProblem(call(e), 403, "principal-not-supported");
        assertNothingRequested();
    }

    @Test
    void create_shouldAnswer403WithReasonAndAuditRefusal_whenActionIsForbidden() {
        Answer a = call(event("create-forbidden-action"));

        assertProblem(a, 403, "forbidden-action");
        assertNothingRequested();
        List<AuditEntry> day = audit.between(T0.minusSeconds(1), T0.plusSeconds(1), 10, null).items();
        assertEquals(1, day.size());
        assertEquals(AuditType.REJECTED, day.get(0).type());
        assertEquals(Outcome.REFUSED, day.get(0).outcome());
        assertEquals("FORBIDDEN_ACTION", day.get(0).details().get(AuditEvents.REASON_CODE));
    }

    // security.md:36 "ARNs validated strictly"; design.md: `*`, `?`, `$` in ARNs are rejected at intake
    @Test
    void create_shouldAnswer403_whenResourceHasAWildcard() {
        assertProblem(call(event("create-wildcard-resource")), 403, "wildcard-not-allowed");
        assertNothingRequested();
    }

    @Test
    void create_shouldAnswer403_whenNoRuleCoversTheResource() {
        APIGatewayProxyRequestEvent e = withBody(event("create-ok"), body("ec2:TerminateInstances",
                "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc1234567890def"));

        assertProblem(call(e), 403, "no-matching-rule");
    }

    // issue 13: a policy on the requester's role cannot reach another account's resource alone.
    @Test
    void create_shouldAnswer403ResourceInOtherAccount_namingBothAccounts_whenTheResourceIsInAnotherAccount() {
        APIGatewayProxyRequestEvent e = withBody(event("create-ok"), body("ec2:TerminateInstances",
                "arn:aws:ec2:eu-west-1:444455556666:instance/i-0abc1234567890def"));

        Answer a = call(e);

        assertProblem(a, 403, "resource-in-other-account");
        String detail = a.json().path("detail").asText();
        assertTrue(detail.contains("444455556666") && detail.contains("111122223333"), detail);
        assertNothingRequested();
    }

    @Test
    void create_shouldAnswer413_whenBodyIsTooLarge() {
        APIGatewayProxyRequestEvent e = withBody(event("create-ok"), "{\"ticket\":\"" + "x".repeat(20_000) + "\"}");

        assertProblem(call(e), 413, "body-too-large");
    }

    @Test
    void create_shouldReplayTheSameAnswer_whenIdempotencyKeyAndBodyRepeat() {
        Answer first = call(event("create-ok"));
        Answer second = call(event("create-ok"));

        assertEquals(202, second.status(), second.text());
        assertEquals(first.json(), second.json());
        assertEquals(1, store.byRequester(ALICE, java.util.Optional.empty(), 10, null).items().size());
        assertEquals(1, workflow.executions.size());
        assertEquals(1, metrics.get(Metric.RequestsCreated));
    }

    @Test
    void create_shouldAnswer409_whenIdempotencyKeyRepeatsWithAnotherBody() {
        call(event("create-ok"));
        APIGatewayProxyRequestEvent other = withBody(event("create-ok"), body("ec2:StopInstances",
                "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"));

        assertProblem(call(other), 409, "idempotency-key-reused");
        assertEquals(1, store.byRequester(ALICE, java.util.Optional.empty(), 10, null).items().size());
    }

    @Test
    void create_shouldScopeIdempotencyKeysPerCaller() {
        call(event("create-ok"));
        Answer dan = call(as(event("create-ok"), "Engineer", "dan"));

        assertEquals(202, dan.status(), dan.text());
        assertEquals(2, workflow.executions.size());
    }

    // security.md:37 "A flood from one principal is capped (pending requests per requester) with 429.", counted per
    // role: the session name is the caller's to choose (issue 10)
    @Test
    void create_shouldAnswer429_whenRequesterRoleHasTooManyPending_whateverTheSession_andAcceptAgainOnceOneIsCancelled() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING; i++) {
            Answer a = call(withoutIdempotencyKey(event("create-ok")));
            assertEquals(202, a.status(), a.text());
            ids.add(a.json().get("requestId").asText());
        }

        assertProblem(call(withoutIdempotencyKey(event("create-ok"))), 429, "too-many-pending");
        assertProblem(call(withoutIdempotencyKey(as(event("create-ok"), "Engineer", "alice-renamed"))), 429,
                "too-many-pending");
        assertEquals(202, call(withoutIdempotencyKey(withBody(as(event("create-ok"), "DbaRole", "frank"),
                DBA_REBOOT))).status(), "another role is not capped by alice's flood");

        assertEquals(200, call(withId(event("cancel"), ids.get(0))).status());
        assertEquals(202, call(withoutIdempotencyKey(as(event("create-ok"), "Engineer", "dan"))).status());
        assertProblem(call(withoutIdempotencyKey(event("create-ok"))), 429, "too-many-pending");
    }

    @Test
    void create_shouldAcceptAnAutoApprovedRequest_whenRequesterHasTooManyPending_sinceItNeverWaits() {
        for (int i = 0; i < MAX_PENDING; i++) {
            assertEquals(202, call(withoutIdempotencyKey(event("create-ok"))).status());
        }
        assertProblem(call(withoutIdempotencyKey(event("create-ok"))), 429, "too-many-pending");

        Answer auto = call(withoutIdempotencyKey(event("create-auto-approved")));

        assertEquals(202, auto.status(), auto.text());
        assertEquals("SCHEDULED", auto.json().get("status").asText());
    }

    // Issue 10: the count is the workflow's to end; a request it times out frees its place at once.
    @Test
    void create_shouldAcceptAgain_onceTheWorkflowTimesOutAPendingRequest() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < MAX_PENDING; i++) {
            ids.add(created());
        }
        assertProblem(call(withoutIdempotencyKey(event("create-ok"))), 429, "too-many-pending");

        revokes.close(ids.get(1), RevokeOutcome.TIMED_OUT, TaskError.NONE);

        assertEquals(Status.TIMED_OUT, store.get(ids.get(1)).status());
        assertEquals(202, call(withoutIdempotencyKey(event("create-ok"))).status());
    }

    // Issue 10: 20 concurrent POSTs from one principal were all accepted. The cap is one conditional write.
    @Test
    void create_shouldAcceptExactlyTheCap_whenTwentyPostsOfOneSessionArriveAtOnce() throws Exception {
        List<Answer> answers = concurrently(20, i -> withoutIdempotencyKey(event("create-ok")));

        assertOnlyCapAccepted(answers, MAX_PENDING, "too-many-pending");
        assertEquals(MAX_PENDING, workflow.executions.size());
        assertEquals(MAX_PENDING, store.byRequester(ALICE, java.util.Optional.of(Status.PENDING_APPROVAL), 100,
                null).items().size());
    }

    // Issue 10: changing the session name reset the count.
    @Test
    void create_shouldAcceptExactlyTheCap_whenTwentyPostsFromAsManySessionsOfOneRoleArriveAtOnce() throws Exception {
        List<Answer> answers = concurrently(20,
                i -> withoutIdempotencyKey(as(event("create-ok"), "Engineer", "session-" + i)));

        assertOnlyCapAccepted(answers, MAX_PENDING, "too-many-pending");
        assertEquals(MAX_PENDING, workflow.executions.size());
    }

    // Issue 10: auto-approved grants are capped per role too, pending requests included (each may become one).
    @Test
    void create_shouldAcceptExactlyTheGrantsCap_whenTwentyAutoApprovedPostsFromManySessionsArriveAtOnce()
            throws Exception {
        List<Answer> answers = concurrently(20,
                i -> withoutIdempotencyKey(as(event("create-auto-approved"), "Engineer", "session-" + i)));

        assertOnlyCapAccepted(answers, MAX_GRANTS, "too-many-grants");
        assertEquals(MAX_GRANTS, workflow.executions.size());
    }

    @Test
    void create_shouldAnswer429TooManyGrants_countingPendingAndAutoApproved_andAcceptAgainOnceOneEnds() {
        for (int i = 0; i < MAX_PENDING; i++) {
            created();
        }
        List<String> auto = new ArrayList<>();
        for (int i = MAX_PENDING; i < MAX_GRANTS; i++) {
            Answer a = call(withoutIdempotencyKey(as(event("create-auto-approved"), "Engineer", "s" + i)));
            assertEquals(202, a.status(), a.text());
            auto.add(a.json().get("requestId").asText());
        }

        Answer full = call(withoutIdempotencyKey(as(event("create-auto-approved"), "Engineer", "bulk")));
        assertProblem(full, 429, "too-many-grants");
        assertTrue(full.json().get("detail").asText().contains("Engineer"), full.text());
        assertEquals(202, call(withoutIdempotencyKey(as(event("create-auto-approved"), "Auditor", "olivia")))
                .status(), "another role is not capped by Engineer's grants");

        assertEquals(200, call(as(withId(event("revoke"), auto.get(0)), "Engineer", "s" + MAX_PENDING)).status());

        assertEquals(Status.REVOKED, store.get(auto.get(0)).status());
        assertEquals(202, call(withoutIdempotencyKey(event("create-auto-approved"))).status());
        assertProblem(call(withoutIdempotencyKey(event("create-auto-approved"))), 429, "too-many-grants");
    }

    // Issue 10: one auto-approved request with five ARNs of ~1,900 characters filled role Engineer's budget.
    @Test
    void create_shouldAnswer400NamingTheLimit_whenOneRequestsPolicyWouldTakeOverHalfTheRolesBudget() {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("actions").add("s3:GetObject");
        var resources = body.putArray("resources");
        for (int i = 0; i < 5; i++) {
            resources.add("arn:aws:s3:::example-prod-reports/" + i + "x".repeat(1_860));
        }
        body.put("durationMinutes", 240);
        body.put("justification", "Read the large report objects for the audit");
        body.put("ruleId", "prod-reports-read");

        Answer a = call(withoutIdempotencyKey(withBody(event("create-auto-approved"), body.toString())));

        assertProblem(a, 400, "policy-too-large");
        assertTrue(a.json().get("detail").asText().contains("5,120"), a.text());
        assertNothingRequested();
    }

    @Test
    void create_shouldAcceptAPolicyJustUnderTheLimit() {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("actions").add("s3:GetObject");
        var resources = body.putArray("resources");
        for (int i = 0; i < 2; i++) {
            resources.add("arn:aws:s3:::example-prod-reports/" + i + "x".repeat(1_860));
        }
        body.put("durationMinutes", 60);
        body.put("justification", "Read the large report objects for the audit");
        body.put("ruleId", "prod-reports-read");

        Answer a = call(withoutIdempotencyKey(withBody(event("create-auto-approved"), body.toString())));

        assertEquals(202, a.status(), a.text());
    }

    @Test
    void create_shouldFinishTheJob_whenPostIsRetriedWithSameKeyAfterWorkflowStartFailed() {
        workflow.failNextStarts.set(3);

        Answer failed = call(event("create-ok"));

        assertProblem(failed, 503, "workflow-not-started");
        StoredRequest stuck = store.byRequester(ALICE, java.util.Optional.empty(), 10, null).items().get(0);
        assertEquals(Status.PENDING_APPROVAL, stuck.status());
        assertTrue(failed.json().get("detail").asText().contains(stuck.requestId()));
        assertEquals(3, workflow.startCalls.size(), "retried before giving up");
        assertTrue(workflow.executions.isEmpty());

        Answer retried = call(event("create-ok"));

        assertEquals(202, retried.status(), retried.text());
        assertEquals(stuck.requestId(), retried.json().get("requestId").asText());
        assertTrue(workflow.executions.containsKey(stuck.requestId()));
        assertEquals(1, store.byRequester(ALICE, java.util.Optional.empty(), 10, null).items().size());
        assertEquals(1, metrics.get(Metric.RequestsCreated));
    }

    @Test
    void create_shouldNotStartASecondWorkflow_whenRetriedAfterTheSweeperRestartedIt() {
        workflow.failNextStarts.set(3);
        call(event("create-ok"));
        StoredRequest stuck = store.byRequester(ALICE, java.util.Optional.empty(), 10, null).items().get(0);
        store.recordRestart(stuck, 1, dev.jita.audit.AuditEvents.workflowRestarted(stuck.requestId(),
                "WORKFLOW_NOT_FOUND", stuck.requestId() + "-r1", "the sweeper found no execution"));
        int startsBefore = workflow.startCalls.size();

        Answer retried = call(event("create-ok"));

        assertEquals(202, retried.status(), retried.text());
        assertEquals(startsBefore, workflow.startCalls.size(), "the sweeper's restart is the request's workflow now");
        assertTrue(workflow.executions.isEmpty());
    }

    @Test
    void create_shouldSucceed_whenWorkflowStartFailsOnceThenWorks() {
        workflow.failNextStarts.set(1);

        Answer a = call(event("create-ok"));

        assertEquals(202, a.status(), a.text());
        assertEquals(2, workflow.startCalls.size());
    }

    @Test
    void create_shouldEndTheRequestAndSaySo_whenWorkflowNeverStartsAndNoKeyWasSent() {
        workflow.failNextStarts.set(3);

        Answer a = call(withoutIdempotencyKey(event("create-ok")));

        assertProblem(a, 503, "workflow-unavailable");
        StoredRequest ended = store.byRequester(ALICE, java.util.Optional.empty(), 10, null).items().get(0);
        assertEquals(Status.CANCELLED, ended.status(), "not left pending with nothing to time it out");
        AuditEntry last = audit.entries(ended.requestId()).get(1);
        assertEquals(AuditType.CANCELLED, last.type());
        assertEquals(Outcome.FAILURE, last.outcome());
        assertEquals("workflow-not-started", last.details().get(AuditEvents.REASON_CODE));
        assertTrue(audit.verify(ended.requestId()).valid());
    }

    // ---------------------------------------------------------------- GET /requests/{id}

    @Test
    void get_shouldShowRequestTimelineAndApprovers_toTheRequester_neverTheTaskToken() {
        String id = created();
        StoredRequest pending = store.get(id);
        store.apply(pending, RequestUpdate.taskTokenOnly("TASK-TOKEN-SECRET-123"),
                AuditEvents.notified(List.of("bob", "carol"), List.of()));

        Answer a = call(withId(event("get"), id));

        assertEquals(200, a.status(), a.text());
        assertEquals(id, a.json().get("requestId").asText());
        assertEquals("PENDING_APPROVAL", a.json().get("status").asText());
        assertEquals("Terminate the wedged batch host, see OPS-1234", a.json().get("justification").asText());
        assertEquals(List.of("REQUESTED", "NOTIFIED"), a.json().get("timeline").findValuesAsText("type"));
        assertEquals(List.of("bob", "carol"), strings(a.json().get("approvers")));
        assertTrue(a.json().get("approvals").isEmpty());
        // security.md:12 "Task tokens and MAC keys never appear in links, messages, logs or API answers."
        assertFalse(a.text().contains("TASK-TOKEN-SECRET-123"));
        assertFalse(a.text().toLowerCase().contains("tasktoken"));
        // origins (IP, user agent) are for auditors
        assertNull(a.json().get("timeline").get(0).get("sourceIp"));
    }

    @Test
    void get_shouldAnswer404_toAStranger_exactlyAsForAMissingRequest() {
        String id = created();

        Answer stranger = call(as(withId(event("get"), id), "Engineer", "mallory"));
        Answer missing = call(withId(event("get"), "r-aaaaaaaaaaaaaaaaaaaaaaaaaa"));
        Answer malformed = call(withId(event("get"), "../../etc/passwd"));

        assertProblem(stranger, 404, "not-found");
        assertProblem(missing, 404, "not-found");
        assertProblem(malformed, 404, "not-found");
        assertEquals(stranger.text().replace(id, "ID"), missing.text().replace("r-aaaaaaaaaaaaaaaaaaaaaaaaaa", "ID"));
    }

    @Test
    void get_shouldAnswer200_toAnApproverByPrincipal_anAuditor_andAnAdmin() {
        String id = created();

        assertEquals(200, call(as(withId(event("get"), id), "Engineer", "carol")).status());
        Answer auditor = call(as(withId(event("get"), id), "Auditor", "olivia"));
        assertEquals(200, auditor.status());
        assertEquals("203.0.113.7", auditor.json().get("timeline").get(0).get("sourceIp").asText());
        assertEquals(200, call(as(withId(event("get"), id), "PlatformAdmin", "pat")).status());
    }

    // ---------------------------------------------------------------- GET /requests

    @Test
    void list_shouldPageThroughTheCallersRequestsNewestFirst_andRefuseABadCursor() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(createdAutoApproved());
            clock.advance(Duration.ofSeconds(1));
        }
        call(as(withoutIdempotencyKey(event("create-auto-approved")), "Engineer", "dan")); // not alice's

        Answer first = call(query(event("list"), Map.of("limit", "2")));
        assertEquals(200, first.status(), first.text());
        assertEquals(List.of(ids.get(2), ids.get(1)), first.json().get("items").findValuesAsText("requestId"));
        String cursor = first.json().get("nextCursor").asText();

        Answer second = call(query(event("list"), Map.of("limit", "2", "cursor", cursor)));
        assertEquals(List.of(ids.get(0)), second.json().get("items").findValuesAsText("requestId"));

        Answer dansCursor = call(as(query(event("list"), Map.of("limit", "2", "cursor", cursor)), "Engineer", "dan"));
        assertProblem(dansCursor, 400, "invalid-cursor");
        assertProblem(call(query(event("list"), Map.of("cursor", "not-a-cursor"))), 400, "invalid-cursor");
        assertProblem(call(query(event("list"), Map.of("limit", "0"))), 400, "invalid-limit");
        assertProblem(call(query(event("list"), Map.of("limit", "101"))), 400, "invalid-limit");
        assertProblem(call(query(event("list"), Map.of("status", "WHATEVER"))), 400, "invalid-status");
    }

    @Test
    void list_shouldFilterByStatus() {
        String pending = created();
        createdAutoApproved();

        Answer a = call(event("list")); // status=PENDING_APPROVAL&limit=10

        assertEquals(List.of(pending), a.json().get("items").findValuesAsText("requestId"));
    }

    // ---------------------------------------------------------------- POST /requests/{id}/cancel

    // security.md:32 "Every status change has its audit entry"
    @Test
    void cancel_shouldCancelWithAuditEntry_andFailTheWaitingTaskWithCancelled() {
        String id = created();
        store.apply(store.get(id), RequestUpdate.taskTokenOnly("token-1"),
                AuditEvents.notified(List.of("bob", "carol"), List.of()));

        Answer a = call(withId(event("cancel"), id));

        assertEquals(200, a.status(), a.text());
        assertEquals("CANCELLED", a.json().get("status").asText());
        assertEquals(Status.CANCELLED, store.get(id).status());
        AuditEntry last = audit.entries(id).get(2);
        assertEquals(AuditType.CANCELLED, last.type());
        assertEquals(ALICE, last.actor());
        assertEquals(List.of(List.of("token-1", "Cancelled")), workflow.rejections);
        assertTrue(audit.verify(id).valid());
    }

    // security.md:26 "Every handler can run twice on the same input with one effect"
    @Test
    void cancel_shouldBeIdempotent_andAcceptThatTheWorkflowIsAlreadyOver() {
        String id = created();
        store.apply(store.get(id), RequestUpdate.taskTokenOnly("token-1"),
                AuditEvents.notified(List.of("bob", "carol"), List.of()));
        workflow.tasksGone = true;

        assertEquals(200, call(withId(event("cancel"), id)).status());
        Answer again = call(withId(event("cancel"), id));

        assertEquals(200, again.status(), again.text());
        assertEquals("CANCELLED", again.json().get("status").asText());
        assertEquals(1, audit.entries(id).stream().filter(e -> e.type() == AuditType.CANCELLED).count());
    }

    @Test
    void cancel_shouldAnswer409_whenNoLongerPending() {
        String id = createdAutoApproved();

        assertProblem(call(withId(event("cancel"), id)), 409, "not-pending");
    }

    @Test
    void cancel_shouldAnswer404ToStrangers_and403ToAnAdminWhoIsNotTheRequester() {
        String id = created();

        assertProblem(call(as(withId(event("cancel"), id), "Engineer", "mallory")), 404, "not-found");
        assertProblem(call(as(withId(event("cancel"), id), "PlatformAdmin", "pat")), 403, "not-requester");
        assertEquals(Status.PENDING_APPROVAL, store.get(id).status());
    }

    // ---------------------------------------------------------------- POST /requests/{id}/revoke

    @Test
    void revoke_shouldEndTheGrantNow_andBeIdempotent() {
        String id = createdAutoApproved();

        Answer a = call(withId(event("revoke"), id));
        Answer again = call(withId(event("revoke"), id));

        assertEquals(200, a.status(), a.text());
        assertEquals("REVOKED", a.json().get("status").asText());
        assertEquals(200, again.status(), again.text());
        assertEquals(Status.REVOKED, store.get(id).status());
        assertEquals(1, audit.entries(id).stream().filter(e -> e.type() == AuditType.REVOKED).count());
        assertEquals(1, metrics.get(Metric.Revoked));
    }

    @Test
    void revoke_shouldBeAllowedToAnAdmin_notToAnAuditorOrAStranger() {
        String id = createdAutoApproved();

        assertProblem(call(as(withId(event("revoke"), id), "Engineer", "mallory")), 404, "not-found");
        assertProblem(call(as(withId(event("revoke"), id), "Auditor", "olivia")), 403, "not-allowed");
        Answer admin = call(as(withId(event("revoke"), id), "PlatformAdmin", "pat"));

        assertEquals(200, admin.status(), admin.text());
        AuditEntry revoked = audit.entries(id).stream().filter(e -> e.type() == AuditType.REVOKED).findFirst()
                .orElseThrow();
        assertEquals(ActorKind.ADMIN, revoked.actorKind());
    }

    @Test
    void revoke_shouldAnswer409_whenStillPending() {
        String id = created();

        assertProblem(call(withId(event("revoke"), id)), 409, "not-granted");
    }

    // ---------------------------------------------------------------- GET /audit, GET /audit/verify

    @Test
    void audit_shouldServeAuditors_byRequestAndByTimeRange_andRefuseEngineers() {
        String id = created();

        Answer byRequest = call(withQueryId(event("audit"), id));
        assertEquals(200, byRequest.status(), byRequest.text());
        assertEquals(List.of("REQUESTED"), byRequest.json().get("items").findValuesAsText("type"));
        assertEquals("203.0.113.7", byRequest.json().get("items").get(0).get("sourceIp").asText());

        Answer byRange = call(event("audit-range"));
        assertEquals(200, byRange.status(), byRange.text());
        assertEquals(List.of(id), byRange.json().get("items").findValuesAsText("requestId"));

        assertProblem(call(as(withQueryId(event("audit"), id), "Engineer", "alice")), 403, "not-auditor");
        assertProblem(call(query(event("audit"), Map.of())), 400, "invalid-query");
    }

    // security.md:30 "Hash chain per request; `GET /audit/verify` finds the first altered entry."
    @Test
    void verify_shouldFindTheFirstAlteredEntry() {
        String id = created();
        call(withId(event("cancel"), id));

        Answer intact = call(withQueryId(event("audit-verify"), id));
        assertEquals(200, intact.status(), intact.text());
        assertTrue(intact.json().get("valid").asBoolean());
        assertEquals(2, intact.json().get("events").asInt());
        assertNull(intact.json().get("firstBadSeq"));

        tamperWithActorOfFirstEntry(id);

        Answer tampered = call(withQueryId(event("audit-verify"), id));
        assertFalse(tampered.json().get("valid").asBoolean());
        assertEquals(1, tampered.json().get("firstBadSeq").asInt());
        assertEquals("main", tampered.json().get("firstBadChain").asText());
        assertProblem(call(as(withQueryId(event("audit-verify"), id), "Engineer", "alice")), 403, "not-auditor");
    }

    // GET /audit/verify?source=export: the chain recomputed from the export too, and where it and the table differ.
    @Test
    void verifyFromExport_shouldAgreeOnAnUntouchedRequest_andNameTheSeqAlteredInTheTable() {
        java.nio.file.Path folder = exportFolder();
        IntakeFunction withExport = new IntakeFunction(TestServices.on(DynamoLocal.client(), tables, clock)
                .rules(() -> RULES).idempotencyTable(idempotencyTable).workflow(workflow)
                .iam(new LocalIam("111122223333", new Random(1))).metrics(metrics)
                .exportStore(new dev.jita.export.FolderExportStore(folder)).build());
        String id = created();
        call(withId(event("cancel"), id));
        // What the stream delivers: the items as stored.
        List<dev.jita.export.AuditExporter.Change> changes = new java.util.ArrayList<>();
        audit.items(id).forEach(item -> changes.add(new dev.jita.export.AuditExporter.Change(
                Integer.toString(100 + changes.size()), item, clock.instant())));
        assertEquals(List.of(), new dev.jita.export.AuditExporter(new dev.jita.export.FolderExportStore(folder))
                .export(changes));

        JsonNode agree = json(withExport.handleRequest(query(event("audit-verify"), Map.of("requestId", id,
                "source", "export")), null));
        assertTrue(agree.get("agree").asBoolean(), agree.toString());
        assertTrue(agree.get("sources").get("table").get("valid").asBoolean());
        assertTrue(agree.get("sources").get("export").get("valid").asBoolean());
        assertEquals(2, agree.get("sources").get("export").get("events").asInt());
        assertEquals(0, agree.get("differences").size());

        tamperWithActorOfFirstEntry(id);

        JsonNode differ = json(withExport.handleRequest(query(event("audit-verify"), Map.of("requestId", id,
                "source", "export")), null));
        assertFalse(differ.get("agree").asBoolean());
        assertFalse(differ.get("sources").get("table").get("valid").asBoolean());
        assertTrue(differ.get("sources").get("export").get("valid").asBoolean());
        assertEquals(1, differ.get("firstDifferentSeq").asInt());
        assertEquals("main", differ.get("firstDifferentChain").asText());
        assertEquals("DIFFERS", differ.get("differences").get(0).get("kind").asText());
        // Without source the answer is the table's alone, as before; auditors only either way.
        assertNull(json(withExport.handleRequest(withQueryId(event("audit-verify"), id), null)).get("agree"));
        assertEquals(403, withExport.handleRequest(as(query(event("audit-verify"), Map.of("requestId", id,
                "source", "export")), "Engineer", "alice"), null).getStatusCode());
        assertProblem(call(query(event("audit-verify"), Map.of("requestId", id, "source", "export"))), 400,
                "invalid-query"); // this deployment has no export
        assertProblem(call(query(event("audit-verify"), Map.of("requestId", id, "source", "s3"))), 400,
                "invalid-query");
    }

    private static java.nio.file.Path exportFolder() {
        try {
            return java.nio.file.Files.createTempDirectory("jita-export");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode json(com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent r) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.getBody());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // Item 7 of issue 10: /audit shows the forged-link side chain, so /audit/verify checks it too.
    @Test
    void verify_shouldNameTheLinkRejectionsChainAndSeq_whenOneOfItsEntriesIsDeleted() {
        String id = created();
        for (int i = 0; i < 2; i++) {
            store.appendEvent(AuditLog.linkRejectionsOf(id),
                    AuditEvents.linkRejected("BAD_MAC", "POST", "bob", dev.jita.audit.Origin.NONE));
        }

        JsonNode intact = call(withQueryId(event("audit-verify"), id)).json();
        assertTrue(intact.get("valid").asBoolean());
        assertEquals(3, intact.get("events").asInt());
        assertEquals(List.of("main", "linkRejections"), intact.get("chains").findValuesAsText("chain"));
        assertNull(intact.get("firstBadChain"));

        DynamoLocal.client().deleteItem(b -> b.tableName(tables.auditTable()).key(Map.of(
                "requestId", AttributeValue.fromS(AuditLog.linkRejectionsOf(id)),
                "seq", AttributeValue.fromS("0000000001"))));

        JsonNode tampered = call(withQueryId(event("audit-verify"), id)).json();
        assertFalse(tampered.get("valid").asBoolean());
        assertEquals("linkRejections", tampered.get("firstBadChain").asText());
        assertEquals(1, tampered.get("firstBadSeq").asInt());
        JsonNode side = tampered.get("chains").get(1);
        assertEquals("linkRejections", side.get("chain").asText());
        assertFalse(side.get("valid").asBoolean());
        assertEquals(1, side.get("events").asInt());
        assertEquals(1, side.get("firstBadSeq").asInt());
        assertTrue(tampered.get("chains").get(0).get("valid").asBoolean());
    }

    // ---------------------------------------------------------------- routing and failures

    @Test
    void unknownRouteOrMethod_shouldAnswerProblems() {
        APIGatewayProxyRequestEvent delete = event("list").withHttpMethod("DELETE");
        APIGatewayProxyRequestEvent nowhere = event("list").withResource(null).withPath("/nowhere");

        Answer a = call(delete);
        assertProblem(a, 405, "method-not-allowed");
        assertEquals("GET, POST", a.response().getHeaders().get("Allow"));
        assertProblem(call(nowhere), 404, "not-found");
    }

    @Test
    void unexpectedFailure_shouldAnswer500WithoutInternals() {
        IntakeFunction broken = function(new StoreConfig("no-such-requests-table", "no-such-audit-table"));

        APIGatewayProxyResponseEvent r = broken.handleRequest(event("create-ok"), null);

        assertEquals(500, r.getStatusCode());
        assertEquals("application/problem+json", r.getHeaders().get("Content-Type"));
        assertFalse(r.getBody().contains("no-such"), r.getBody());
        assertFalse(r.getBody().toLowerCase().contains("exception"), r.getBody());
    }

    // ---------------------------------------------------------------- helpers

    private record Answer(APIGatewayProxyResponseEvent response, JsonNode json) {
        int status() {
            return response.getStatusCode();
        }

        String text() {
            return response.getBody();
        }
    }

    private Answer call(APIGatewayProxyRequestEvent e) {
        APIGatewayProxyResponseEvent r = intake.handleRequest(e, null);
        return new Answer(r, parse(r.getBody()));
    }

    private static void assertProblem(Answer a, int status, String reason) {
        assertEquals(status, a.status(), a.text());
        assertEquals("application/problem+json", a.response().getHeaders().get("Content-Type"));
        assertEquals(reason, a.json().get("reason").asText(), a.text());
        String detail = a.json().get("detail").asText();
        assertTrue(detail.endsWith(".") && !detail.isBlank(), "one sentence: " + detail);
    }

    private void assertNothingRequested() {
        assertTrue(store.byRequester(ALICE, java.util.Optional.empty(), 10, null).items().isEmpty());
        assertTrue(workflow.startCalls.isEmpty());
        assertEquals(0, metrics.get(Metric.RequestsCreated));
    }

    private String created() {
        Answer a = call(withoutIdempotencyKey(event("create-ok")));
        assertEquals(202, a.status(), a.text());
        return a.json().get("requestId").asText();
    }

    private String createdAutoApproved() {
        Answer a = call(event("create-auto-approved"));
        assertEquals(202, a.status(), a.text());
        return a.json().get("requestId").asText();
    }

    private static APIGatewayProxyRequestEvent event(String name) {
        return EventLoader.loadApiGatewayRestEvent("../events/intake/" + name + ".json");
    }

    /** As IAM signs it: every session of a role shares the role's unique id (Engineer's is AROAEXAMPLEENGINEER1). */
    private static APIGatewayProxyRequestEvent as(APIGatewayProxyRequestEvent e, String role, String session) {
        e.getRequestContext().getIdentity().setUserArn("arn:aws:sts::111122223333:assumed-role/" + role + "/" + session);
        e.getRequestContext().getIdentity().setCaller("AROAEXAMPLE" + role.toUpperCase().replaceAll("[^A-Z]", "")
                + "1:" + session);
        return e;
    }

    /** {@code n} calls at once (all released together), their answers in no particular order. */
    private List<Answer> concurrently(int n, IntFunction<APIGatewayProxyRequestEvent> events) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                APIGatewayProxyRequestEvent e = events.apply(i);
                futures.add(pool.submit(() -> {
                    go.await();
                    return call(e);
                }));
            }
            go.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertOnlyCapAccepted(List<Answer> answers, int cap, String reason) {
        List<Answer> accepted = answers.stream().filter(a -> a.status() == 202).toList();
        List<Answer> refused = answers.stream().filter(a -> a.status() != 202).toList();
        assertEquals(cap, accepted.size(), "accepted: " + accepted.size() + ", others: "
                + refused.stream().map(Answer::text).toList());
        refused.forEach(a -> assertProblem(a, 429, reason));
    }

    private static APIGatewayProxyRequestEvent withId(APIGatewayProxyRequestEvent e, String id) {
        String path = e.getResource().replace("{id}", id);
        return e.withPath(path).withPathParameters(Map.of("id", id));
    }

    private static APIGatewayProxyRequestEvent withQueryId(APIGatewayProxyRequestEvent e, String id) {
        return query(e, Map.of("requestId", id));
    }

    private static APIGatewayProxyRequestEvent query(APIGatewayProxyRequestEvent e, Map<String, String> params) {
        Map<String, List<String>> multi = new HashMap<>();
        params.forEach((k, v) -> multi.put(k, List.of(v)));
        return e.withQueryStringParameters(params.isEmpty() ? null : params)
                .withMultiValueQueryStringParameters(multi.isEmpty() ? null : multi);
    }

    private static APIGatewayProxyRequestEvent withBody(APIGatewayProxyRequestEvent e, String body) {
        return e.withBody(body);
    }

    private static APIGatewayProxyRequestEvent withoutIdempotencyKey(APIGatewayProxyRequestEvent e) {
        Map<String, String> headers = new HashMap<>(e.getHeaders());
        headers.remove("Idempotency-Key");
        Map<String, List<String>> multi = new HashMap<>(e.getMultiValueHeaders());
        multi.remove("Idempotency-Key");
        return e.withHeaders(headers).withMultiValueHeaders(multi);
    }

    private static String body(String action, String resource) {
        ObjectNode n = JSON.createObjectNode();
        n.putArray("actions").add(action);
        n.putArray("resources").add(resource);
        n.put("durationMinutes", 30);
        n.put("justification", "Terminate the wedged batch host, see OPS-1234");
        return n.toString();
    }

    private void tamperWithActorOfFirstEntry(String id) {
        Map<String, AttributeValue> first = DynamoLocal.client().query(QueryRequest.builder()
                .tableName(tables.auditTable())
                .keyConditionExpression("requestId = :id")
                .expressionAttributeValues(Map.of(":id", AttributeValue.fromS(id)))
                .limit(1).build()).items().get(0);
        DynamoLocal.client().updateItem(UpdateItemRequest.builder()
                .tableName(tables.auditTable())
                .key(Map.of("requestId", first.get("requestId"), "seq", first.get("seq")))
                .updateExpression("SET actor = :someoneElse")
                .expressionAttributeValues(Map.of(":someoneElse",
                        AttributeValue.fromS("arn:aws:sts::111122223333:assumed-role/Engineer/mallory")))
                .build());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
