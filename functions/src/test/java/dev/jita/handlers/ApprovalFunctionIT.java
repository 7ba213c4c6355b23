package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.Metric;
import dev.jita.approvals.ApprovalWorld;
import dev.jita.approvals.Forgery;
import dev.jita.approvals.LogCapture;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Status;
import dev.jita.pages.ApprovalPages;
import dev.jita.standins.Outbox;
import dev.jita.store.AuditLog;
import dev.jita.store.DynamoLocal;
import dev.jita.store.StoredRequest;
import dev.jita.wiring.JitaServices;
import dev.jita.wiring.TestServices;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two handlers on the events/ samples, against DynamoDB Local, the outbox and a recording workflow. */
class ApprovalFunctionIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private ApprovalWorld world;
    private ApprovalFunction approvals;
    private NotifyFunction notify;
    /** Everything a person or a client was shown, for the leak checks. */
    private final List<String> shown = new ArrayList<>();

    @BeforeEach
    void setUp() {
        world = new ApprovalWorld(dir);
        JitaServices services = TestServices.on(DynamoLocal.client(), world.tables, world.clock)
                .rules(world.rules::get).signer(world.signer).workflow(world.workflow).notifier(world.outbox)
                .approvals(world.config).metrics(world.metrics).build();
        approvals = new ApprovalFunction(services);
        notify = new NotifyFunction(services);
    }

    /** The request events/notify/task-input.json and events/approvals/post-forged-token.json name. */
    private StoredRequest sampleRequest() throws Exception {
        String id = sampleTaskInput().get("requestId").toString();
        return world.create(new AccessRequest(id, ApprovalWorld.engineer("dave"), List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Terminate the wedged batch host, INC-4711", "INC-4711", null, ApprovalWorld.EC2_RULE,
                world.clock.instant()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> sampleTaskInput() throws Exception {
        return JSON.readValue(new File("../events/notify/task-input.json"), Map.class);
    }

    /** A sample with the placeholders replaced by a live link token and, where the form has one, its CSRF token. */
    private static APIGatewayProxyRequestEvent sample(String name, String token, String csrf) {
        APIGatewayProxyRequestEvent event = EventLoader.loadApiGatewayRestEvent("../events/approvals/" + name + ".json");
        if (token != null) {
            event.setPath(event.getPath().replace("REPLACE_WITH_LINK_TOKEN", token));
            event.setPathParameters(Map.of("token", token));
        }
        if (event.getBody() != null && csrf != null) {
            event.setBody(event.getBody().replace("REPLACE_WITH_CSRF", csrf));
        }
        return event;
    }

    private APIGatewayProxyResponseEvent call(APIGatewayProxyRequestEvent event) {
        APIGatewayProxyResponseEvent response = approvals.handleRequest(event, null);
        shown.add(response.getHeaders() + "\n" + response.getBody());
        return response;
    }

    private Map<String, Object> runNotify() throws Exception {
        Map<String, Object> out = notify.handleRequest(sampleTaskInput(), null);
        shown.add(out.toString());
        return out;
    }

    private String bobsToken(String requestId) {
        return world.tokens(requestId).get("bob");
    }

    @Test
    void notify_shouldStoreTheSampleTokenAndAnswerWithoutIt() throws Exception {
        StoredRequest request = sampleRequest();

        Map<String, Object> out = runNotify();

        assertEquals("NOTIFIED", out.get("outcome"));
        assertEquals(List.of("alice", "bob", "carol"), out.get("approvers"));
        assertEquals(sampleTaskInput().get("taskToken"), world.store.taskToken(request.requestId()).orElseThrow());
        assertFalse(out.toString().contains(sampleTaskInput().get("taskToken").toString()));
        assertEquals("ALREADY_NOTIFIED", runNotify().get("outcome"));
    }

    // security.md "Approval links": GET and HEAD never change anything; HEAD answers GET's headers without a body.
    @Test
    void getAndHead_shouldServeTheConfirmPage_andChangeNothing() throws Exception {
        StoredRequest request = sampleRequest();
        runNotify();
        StoredRequest before = world.store.get(request.requestId());
        String bob = bobsToken(request.requestId());

        APIGatewayProxyResponseEvent get = null;
        APIGatewayProxyResponseEvent head = null;
        for (int i = 0; i < 10; i++) {
            get = call(sample("get-confirm", bob, null));
            head = call(sample("head-confirm", bob, null));
        }

        assertEquals(200, get.getStatusCode());
        assertTrue(get.getBody().contains("name=\"csrf\""));
        assertEquals(ApprovalPages.HEADERS, get.getHeaders());
        assertEquals(200, head.getStatusCode());
        assertEquals(get.getHeaders(), head.getHeaders());
        assertEquals("", head.getBody());
        assertEquals(before, world.store.get(request.requestId()));
        assertEquals(Status.PENDING_APPROVAL, world.store.get(request.requestId()).status());
    }

    @Test
    void postApprove_shouldRecordTheDecisionWithTheCallersOrigin() throws Exception {
        StoredRequest request = sampleRequest();
        runNotify();
        String bob = bobsToken(request.requestId());
        String csrf = ApprovalWorld.csrfOf(ApprovalPagesOf.response(call(sample("get-confirm", bob, null))));

        APIGatewayProxyResponseEvent answer = call(sample("post-approve", bob, csrf));

        assertEquals(200, answer.getStatusCode());
        assertTrue(answer.getBody().contains("Your approval was recorded."));
        assertEquals(Status.APPROVED, world.store.get(request.requestId()).status());
        AuditEntry recorded = world.entries(request.requestId(), AuditType.APPROVAL_RECORDED).get(0);
        assertEquals("198.51.100.23", recorded.origin().sourceIp());
        assertTrue(recorded.origin().userAgent().startsWith("Mozilla/5.0 (iPhone"));
        assertEquals("Checked INC-4711, go ahead", recorded.details().get(AuditEvents.COMMENT));
        assertEquals("approved", world.workflow.calls().get(0).kind());
    }

    @Test
    void postDeny_shouldDeny() throws Exception {
        StoredRequest request = sampleRequest();
        runNotify();
        String bob = bobsToken(request.requestId());
        String csrf = ApprovalWorld.csrfOf(ApprovalPagesOf.response(call(sample("get-confirm", bob, null))));

        assertEquals(200, call(sample("post-deny", bob, csrf)).getStatusCode());
        assertEquals(Status.DENIED, world.store.get(request.requestId()).status());
        assertEquals("rejected", world.workflow.calls().get(0).kind());
    }

    @Test
    void postWithABodyThatIsNotText_shouldGetTheGenericPage_andChangeNothing() throws Exception {
        StoredRequest request = sampleRequest();
        runNotify();
        APIGatewayProxyRequestEvent binary = sample("post-approve", bobsToken(request.requestId()), "x")
                .withBody(java.util.Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe}))
                .withIsBase64Encoded(true);

        APIGatewayProxyResponseEvent answer = call(binary);

        assertEquals(404, answer.getStatusCode());
        assertEquals(ApprovalPages.notFound().body(), answer.getBody());
        assertEquals(Status.PENDING_APPROVAL, world.store.get(request.requestId()).status());
        assertEquals(List.of("FORM_INVALID"), world.entries(request.requestId(), AuditType.LINK_REJECTED).stream()
                .map(e -> e.details().get(AuditEvents.REASON_CODE)).toList());
    }

    @Test
    void postWithBadCsrfOrForgedToken_shouldGetTheGenericPageAndBeAudited() throws Exception {
        StoredRequest request = sampleRequest();
        runNotify();

        APIGatewayProxyResponseEvent badCsrf = call(sample("post-bad-csrf", bobsToken(request.requestId()), null));
        APIGatewayProxyResponseEvent forged = call(sample("post-forged-token", null, null));

        for (APIGatewayProxyResponseEvent answer : List.of(badCsrf, forged)) {
            assertEquals(404, answer.getStatusCode());
            assertEquals(ApprovalPages.notFound().body(), answer.getBody());
            assertEquals(ApprovalPages.notFound().headers(), answer.getHeaders());
        }
        List<String> reasons = world.entries(request.requestId(), AuditType.LINK_REJECTED).stream()
                .map(e -> e.details().get(AuditEvents.REASON_CODE)).toList();
        assertEquals(List.of("BAD_CSRF"), reasons);
        // A token whose MAC did not verify is recorded on the request's side chain (see ApprovalDesk).
        assertEquals(List.of("UNKNOWN_KID"), world.forgeries(request.requestId()).stream()
                .map(e -> e.details().get(AuditEvents.REASON_CODE)).toList());
        assertEquals(2, world.metrics.get(Metric.LinkRejected));
        assertEquals(Status.PENDING_APPROVAL, world.store.get(request.requestId()).status());
    }

    /** A made-up token naming the request: no kid, a numeric kid, or a badly shaped one, by {@code i}. */
    private static String forgedWithBadKid(StoredRequest request, int i) {
        long now = ApprovalWorld.T0.getEpochSecond();
        String rest = Forgery.payload(null, request.requestId(), "bob", request.requestHash(), now, now + 600,
                Forgery.JTI);
        String kid = List.of("", "7", "\"no spaces allowed\"").get(i % 3);
        String payload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Forgery.withRawKid(kid, rest).getBytes(StandardCharsets.UTF_8));
        return "v1." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
    }

    // Issue 10: until a MAC verifies, nothing a token says may touch the request's main chain or change the answer.
    // 12 senders x 5 forged POSTs naming a real pending request (the flood that once answered 503 "kept moving" and
    // grew the chain by hundreds): every answer is the generic 404 page, the request's own chain is untouched.
    @Test
    void postForged_shouldAlwaysAnswerTheGeneric404_andLeaveTheMainChainUntouched_when12SendersFlood()
            throws Exception {
        StoredRequest request = sampleRequest();
        runNotify();
        StoredRequest before = world.store.get(request.requestId());
        List<AuditEntry> chain = world.entries(request.requestId());
        int senders = 12;
        int each = 5;
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<APIGatewayProxyResponseEvent>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < senders * each; i++) {
                APIGatewayProxyRequestEvent event = sample("post-approve", forgedWithBadKid(request, i), "x");
                answers.add(pool.submit(() -> {
                    start.await();
                    return approvals.handleRequest(event, null);
                }));
            }
            start.countDown();
            for (Future<APIGatewayProxyResponseEvent> answer : answers) {
                APIGatewayProxyResponseEvent response = answer.get(60, TimeUnit.SECONDS);
                assertEquals(404, response.getStatusCode());
                assertEquals(ApprovalPages.notFound().body(), response.getBody());
                assertEquals(ApprovalPages.notFound().headers(), response.getHeaders());
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(before, world.store.get(request.requestId()), "same status, version and audit head");
        assertEquals(chain, world.entries(request.requestId()));
        assertTrue(world.audit.verify(request.requestId()).valid());
        // What was recorded went to the side chain, still hash-chained (under contention an entry may be only logged).
        List<AuditEntry> side = world.forgeries(request.requestId());
        assertFalse(side.isEmpty());
        assertTrue(side.size() <= senders * each);
        assertTrue(side.stream().allMatch(e -> e.type() == AuditType.LINK_REJECTED));
        assertTrue(world.audit.verify(AuditLog.linkRejectionsOf(request.requestId())).valid());
        assertEquals(senders * each, world.metrics.get(Metric.LinkRejected));
    }

    // Issue 10: the User-Agent is the client's to choose; what an audit entry stores of it (and of the source IP)
    // is bounded, on the approver routes as on every other, and marked where it was cut.
    @Test
    void post_shouldStoreABoundedUserAgentAndSourceIp_whenTheClientSendsHugeOnes() throws Exception {
        StoredRequest request = sampleRequest();
        runNotify();
        String bob = bobsToken(request.requestId());
        String csrf = ApprovalWorld.csrfOf(ApprovalPagesOf.response(call(sample("get-confirm", bob, null))));
        String agent = "Mozilla/5.0 " + "A".repeat(300 * 1024);
        String sourceIp = "198.51.100.23" + ", 203.0.113.9".repeat(200);

        APIGatewayProxyRequestEvent forged = sample("post-approve", forgedWithBadKid(request, 0), "x");
        APIGatewayProxyRequestEvent approve = sample("post-approve", bob, csrf);
        for (APIGatewayProxyRequestEvent event : List.of(forged, approve)) {
            event.getHeaders().put("User-Agent", agent);
            event.getRequestContext().getIdentity().setUserAgent(agent);
            event.getRequestContext().getIdentity().setSourceIp(sourceIp);
        }
        assertEquals(404, call(forged).getStatusCode());
        assertEquals(200, call(approve).getStatusCode());

        List<AuditEntry> stored = new ArrayList<>(world.forgeries(request.requestId()));
        stored.add(world.entries(request.requestId(), AuditType.APPROVAL_RECORDED).get(0));
        for (AuditEntry entry : stored) {
            assertEquals(Origin.MAX_CHARS, entry.origin().userAgent().length(), entry.type().name());
            assertTrue(entry.origin().userAgent().startsWith("Mozilla/5.0 AAAA"));
            assertTrue(entry.origin().userAgent().endsWith(Origin.TRUNCATED));
            assertEquals(Origin.MAX_CHARS, entry.origin().sourceIp().length());
            assertTrue(entry.origin().sourceIp().startsWith("198.51.100.23"));
        }
        assertTrue(world.audit.verify(request.requestId()).valid());
        assertTrue(world.audit.verify(AuditLog.linkRejectionsOf(request.requestId())).valid());
    }

    // security.md "Approval links": task tokens and MAC keys never appear in links, messages, logs or API answers.
    // Neither do link or CSRF tokens in logs or the audit trail.
    @Test
    void secrets_shouldNeverAppearInLinksMessagesLogsAuditOrAnswers() throws Exception {
        String taskToken = sampleTaskInput().get("taskToken").toString();
        List<String> linkTokens;
        List<String> csrfTokens = new ArrayList<>();
        String logs;
        StoredRequest request;
        try (LogCapture capture = new LogCapture()) {
            request = sampleRequest();
            runNotify();
            runNotify();
            linkTokens = new ArrayList<>(world.tokens(request.requestId()).values());
            String bob = bobsToken(request.requestId());
            String carol = world.tokens(request.requestId()).get("carol");
            call(sample("get-confirm", bob, null));
            call(sample("head-confirm", bob, null));
            call(sample("post-bad-csrf", bob, null));
            call(sample("post-forged-token", null, null));
            String carolsCsrf = ApprovalWorld.csrfOf(ApprovalPagesOf.response(call(sample("get-confirm", carol, null))));
            csrfTokens.add(carolsCsrf);
            world.workflow.taskGone("InvalidToken");
            call(sample("post-approve", carol, carolsCsrf));
            call(sample("post-approve", carol, carolsCsrf));
            world.clock.advance(Duration.ofDays(1));
            call(sample("get-confirm", bob, null));
            logs = capture.all();
        }
        assertTrue(logs.contains(request.requestId()), "the capture saw jita's log lines");

        List<String> messages = new ArrayList<>();
        for (Outbox.Entry e : world.outbox.snapshot()) {
            messages.add(e.subject() + "\n" + e.body() + "\n" + e.link().map(Object::toString).orElse("") + "\n" + e);
        }
        List<String> audit = world.entries(request.requestId()).stream().map(AuditEntry::toString).toList();
        String api = world.store.get(request.requestId()).toString();

        JsonNode keyFile = JSON.readTree(Files.readString(world.keyFile));
        byte[] key = Base64.getUrlDecoder().decode(keyFile.path("current").path("key").asText());
        List<String> keySpellings = List.of(keyFile.path("current").path("key").asText(),
                Base64.getEncoder().encodeToString(key), HexFormat.of().formatHex(key));

        List<String> everywhere = new ArrayList<>(shown);
        everywhere.addAll(messages);
        everywhere.addAll(audit);
        everywhere.add(logs);
        everywhere.add(api);
        for (String text : everywhere) {
            assertFalse(text.contains(taskToken), "task token leaked into: " + abbreviated(text));
            for (String spelling : keySpellings) {
                assertFalse(text.contains(spelling), "MAC key leaked into: " + abbreviated(text));
            }
        }
        List<String> records = new ArrayList<>(audit);
        records.add(logs);
        for (String text : records) {
            for (String secret : linkTokens) {
                assertFalse(text.contains(secret), "link token in a log line or audit entry");
            }
            for (String secret : csrfTokens) {
                assertFalse(text.contains(secret), "CSRF token in a log line or audit entry");
            }
        }
        assertFalse(messages.isEmpty());
        assertTrue(messages.stream().allMatch(m -> linkTokens.stream().anyMatch(m::contains)),
                "each message carries its approver's link (the point of it), nothing more secret");
    }

    private static String abbreviated(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    /** The handler's answer back as jita's response model, to read the CSRF field the page carries. */
    private static final class ApprovalPagesOf {
        static dev.jita.http.HttpResponse response(APIGatewayProxyResponseEvent e) {
            return dev.jita.http.HttpResponse.text(e.getStatusCode(), e.getHeaders(), e.getBody());
        }
    }
}
