package dev.jita.approvals;

import static dev.jita.approvals.ApprovalWorld.BROWSER;
import static dev.jita.approvals.ApprovalWorld.T0;
import static dev.jita.approvals.ApprovalWorld.form;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.Metric;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.audit.Outcome;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.Decision;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Status;
import dev.jita.http.HttpResponse;
import dev.jita.iam.GrantPolicy;
import dev.jita.links.CsrfTokens;
import dev.jita.links.LinkPayload;
import dev.jita.pages.ApprovalPages;
import dev.jita.standins.LocalHmacSigner;
import dev.jita.standins.TestAuditKey;
import dev.jita.store.DynamoLocal;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoredRequest;
import dev.jita.workflow.WorkflowErrors;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ApprovalDeskIT {

    @TempDir
    Path dir;
    private ApprovalWorld world;

    @BeforeEach
    void setUp() {
        world = new ApprovalWorld(dir);
    }

    /** An EC2 request by dave (approvers alice, bob, carol; one needed), notified; its task token. */
    private record Pending(StoredRequest request, String taskToken, Map<String, String> links) {
        String id() {
            return request.requestId();
        }
    }

    private Pending pendingEc2() {
        StoredRequest request = world.ec2Request("dave");
        String taskToken = world.notifyApprovers(request);
        return new Pending(world.store.get(request.requestId()), taskToken, world.tokens(request.requestId()));
    }

    private String csrfFor(String token) {
        return new CsrfTokens(world.signer).issue(world.links().verify(token));
    }

    private ApprovalOutcome post(String token, String decision) {
        return world.desk().decide(token, form(decision, "", csrfFor(token)), false, BROWSER);
    }

    private void assertGeneric(ApprovalOutcome outcome) {
        assertInstanceOf(ApprovalOutcome.InvalidLink.class, outcome);
        HttpResponse page = ApprovalPages.of(outcome);
        // One answer, the same bytes and headers whatever went wrong.
        assertEquals(ApprovalWorld.generic(), page);
        assertEquals(404, page.statusCode());
        for (String detail : List.of("expired", "signature", "kid", "key", "MAC", "csrf", "CSRF", "hash", "tamper",
                "forged", "approver")) {
            assertFalse(page.body().contains(detail), "the generic page must not say '" + detail + "'");
        }
    }

    private AuditEntry onlyRejection(String requestId) {
        List<AuditEntry> rejected = world.entries(requestId, AuditType.LINK_REJECTED);
        assertEquals(1, rejected.size(), "one LINK_REJECTED entry");
        return rejected.get(0);
    }

    // security.md "Approval links": GET and HEAD on a link never change anything (mail scanners pre-fetch links).
    // 10 GETs + 10 HEADs: still pending. HEAD is the same read as GET; ApprovalFunctionIT checks it drops the body.
    @Test
    void view_shouldChangeNothing_after10GetsAnd10Heads_evenForBadLinks() {
        Pending p = pendingEc2();
        StoredRequest before = world.store.get(p.id());
        int entries = world.entries(p.id()).size();
        String bob = p.links().get("bob");

        for (int i = 0; i < 20; i++) {
            ApprovalOutcome page = world.desk().view(bob, BROWSER);
            assertInstanceOf(ApprovalOutcome.Confirm.class, page);
            assertEquals(200, ApprovalPages.of(page).statusCode());
        }
        // Bad links read too: generic page, metric, and still no write (see ApprovalDesk's note on GET).
        assertGeneric(world.desk().view(Forgery.flip(bob, bob.length() - 3), BROWSER));
        world.clock.advance(Duration.ofHours(1));
        assertGeneric(world.desk().view(bob, BROWSER));

        assertEquals(before, world.store.get(p.id()), "same status, version, approvals and audit head");
        assertEquals(Status.PENDING_APPROVAL, world.store.get(p.id()).status());
        assertEquals(entries, world.entries(p.id()).size());
        assertTrue(world.workflow.calls().isEmpty());
        assertEquals(2, world.metrics.get(Metric.LinkRejected));
    }

    @Test
    void view_shouldShowTheRequestAndAFreshCsrfToken() {
        Pending p = pendingEc2();

        ApprovalOutcome.Confirm confirm =
                assertInstanceOf(ApprovalOutcome.Confirm.class, world.desk().view(p.links().get("carol"), BROWSER));

        assertEquals("carol", confirm.approverId());
        assertEquals(0, confirm.facts().approvalsSoFar());
        assertEquals(1, confirm.facts().approvalsRequired());
        assertTrue(ApprovalPages.of(confirm).body().contains("INC-4711"));
        assertTrue(new CsrfTokens(world.signer).check(world.links().verify(p.links().get("carol")), confirm.csrf()));
        assertFalse(ApprovalPages.of(confirm).body().contains(p.links().get("carol")), "the form posts to its own URL");
    }

    // security.md "Approval links": a flipped byte anywhere in a token, a wrong kid, a missing field, an expired
    // token (exp + 1 s), a token for another request: rejected, one generic answer, a LINK_REJECTED entry, no detail
    // leaked.
    @Test
    void decide_shouldGiveOneGenericAnswerAndAuditIt_forEveryKindOfBadLink() {
        Pending p = pendingEc2();
        StoredRequest other = world.ec2Request("erin");
        String hash = RequestHash.of(p.request().request());
        long now = T0.getEpochSecond();
        LocalHmacSigner stranger = LocalHmacSigner.openOrCreate(dir.resolve("stranger.key"));
        String bob = p.links().get("bob");
        String csrf = csrfFor(bob);

        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("BAD_MAC", Forgery.flip(bob, bob.length() - 5));
        bad.put("UNKNOWN_KID", Forgery.signed(stranger,
                Forgery.payload(stranger.currentKid(), p.id(), "bob", hash, now, now + 600, Forgery.JTI)));
        bad.put("MISSING_FIELD", Forgery.signed(world.signer,
                Forgery.payload(world.signer.currentKid(), p.id(), "bob", hash, now, now + 600, null)));
        // Genuinely signed, names this request, but binds another request's content.
        bad.put("REQUEST_CHANGED", world.links().mint(p.id(), "bob", RequestHash.of(other.request()),
                Duration.ofMinutes(10)).token());

        for (Map.Entry<String, String> link : bad.entrySet()) {
            // Links whose MAC did not verify may be anyone's: their entries go on the request's side chain.
            boolean forged = link.getKey().equals("BAD_MAC") || link.getKey().equals("UNKNOWN_KID");
            java.util.function.Supplier<List<AuditEntry>> chain = () -> forged ? world.forgeries(p.id())
                    : world.entries(p.id(), AuditType.LINK_REJECTED);
            int before = chain.get().size();
            // A CSRF token of its own where the link verifies, so only the named flaw is left.
            String itsCsrf = link.getKey().equals("REQUEST_CHANGED") ? csrfFor(link.getValue()) : csrf;
            assertGeneric(world.desk().decide(link.getValue(), form("approve", "", itsCsrf), false, BROWSER));
            List<AuditEntry> rejected = chain.get();
            assertEquals(before + 1, rejected.size(), link.getKey());
            AuditEntry entry = rejected.get(rejected.size() - 1);
            assertEquals(link.getKey(), entry.details().get(AuditEvents.REASON_CODE));
            assertEquals(Outcome.REFUSED, entry.outcome());
            assertEquals(ActorKind.ANONYMOUS, entry.actorKind());
            assertEquals(BROWSER, entry.origin());
        }

        // Expired: exp + 1 s.
        LinkPayload payload = world.links().verify(bob);
        world.clock.set(payload.expiresAt().plusSeconds(1));
        assertGeneric(world.desk().decide(bob, form("approve", "", csrf), false, BROWSER));
        List<AuditEntry> rejected = world.entries(p.id(), AuditType.LINK_REJECTED);
        assertEquals("EXPIRED", rejected.get(rejected.size() - 1).details().get(AuditEvents.REASON_CODE));

        assertEquals(Status.PENDING_APPROVAL, world.store.get(p.id()).status());
        assertTrue(world.store.get(p.id()).approvals().isEmpty());
        assertTrue(world.workflow.calls().isEmpty());
        assertEquals(5, world.metrics.get(Metric.LinkRejected));
        assertTrue(world.entries(other.requestId(), AuditType.LINK_REJECTED).isEmpty());
    }

    // Anyone can forge a token naming a real request id. Its LINK_REJECTED entry goes on the request's side chain,
    // so 200 forged POSTs (racing a genuine approval) neither grow the request's own chain nor move its audit head
    // under the approval, which is written on its first try.
    @Test
    void decide_shouldRecordAGenuineApprovalOnTheFirstTry_while200ForgedPostsNameTheRequest() throws Exception {
        Pending p = pendingEc2();
        String hash = RequestHash.of(p.request().request());
        long now = T0.getEpochSecond();
        LocalHmacSigner stranger = LocalHmacSigner.openOrCreate(dir.resolve("stranger.key"));
        List<String> forged = List.of(
                Forgery.signed(stranger, Forgery.payload(world.signer.currentKid(), p.id(), "bob", hash, now,
                        now + 600, Forgery.JTI)),
                Forgery.signed(stranger, Forgery.payload(stranger.currentKid(), p.id(), "bob", hash, now,
                        now + 600, Forgery.JTI)));
        String bob = p.links().get("bob");
        String body = form("approve", "", csrfFor(bob));
        // The genuine approval's writes, counted on a client of its own.
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        software.amazon.awssdk.services.dynamodb.DynamoDbClient real = DynamoLocal.client();
        software.amazon.awssdk.services.dynamodb.DynamoDbClient counting =
                (software.amazon.awssdk.services.dynamodb.DynamoDbClient) java.lang.reflect.Proxy.newProxyInstance(
                        getClass().getClassLoader(),
                        new Class<?>[] {software.amazon.awssdk.services.dynamodb.DynamoDbClient.class},
                        (proxy, method, args) -> {
                            if (method.getName().equals("transactWriteItems")) {
                                writes.incrementAndGet();
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        ApprovalDesk genuine = new ApprovalDesk(new dev.jita.store.RequestStore(counting, world.tables, world.clock,
                TestAuditKey.SIGNER),
                world.rules::get, world.links(), new CsrfTokens(world.signer), world.workflow, world.metrics,
                world.clock);

        ExecutorService forgers = Executors.newFixedThreadPool(2);
        CountDownLatch someDone = new CountDownLatch(50);
        List<Future<ApprovalOutcome>> answers = new ArrayList<>();
        ApprovalOutcome approved;
        try {
            for (int i = 0; i < 200; i++) {
                String token = forged.get(i % 2);
                answers.add(forgers.submit(() -> {
                    try {
                        return world.desk().decide(token, form("approve", "", "x"), false, BROWSER);
                    } finally {
                        someDone.countDown();
                    }
                }));
            }
            assertTrue(someDone.await(60, TimeUnit.SECONDS));
            approved = genuine.decide(bob, body, false, BROWSER);
            for (Future<ApprovalOutcome> answer : answers) {
                assertGeneric(answer.get(60, TimeUnit.SECONDS));
            }
        } finally {
            forgers.shutdownNow();
        }

        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.APPROVED, 1, 1), approved);
        assertEquals(1, writes.get(), "the approval was written on its first try");
        assertEquals(List.of(AuditType.REQUESTED, AuditType.NOTIFIED, AuditType.APPROVAL_RECORDED, AuditType.APPROVED),
                world.entries(p.id()).stream().map(AuditEntry::type).toList());
        assertTrue(world.audit.verify(p.id()).valid());
        List<AuditEntry> side = world.forgeries(p.id());
        assertEquals(200, side.size());
        assertTrue(side.stream().allMatch(e -> e.type() == AuditType.LINK_REJECTED
                && e.actorKind() == ActorKind.ANONYMOUS));
        assertTrue(world.audit.verify(dev.jita.store.AuditLog.linkRejectionsOf(p.id())).valid(),
                "the side chain is hash-chained too");
        assertEquals(204, world.audit.timeline(p.id()).size(), "auditors see both in one timeline");
        assertEquals(200, world.metrics.get(Metric.LinkRejected));
    }

    /** Made-up tokens naming the request, whose kid is missing (""), a number, an array or badly shaped. */
    private List<String> tokensWithBadKids(Pending p) {
        String hash = RequestHash.of(p.request().request());
        long now = T0.getEpochSecond();
        String rest = Forgery.payload(null, p.id(), "bob", hash, now, now + 600, Forgery.JTI);
        List<String> tokens = new ArrayList<>();
        for (String kid : List.of("", "5", "[\"k\"]", "\"has space\"")) {
            // MACed with the current key even: what the kid says is unproven until the MAC verifies.
            tokens.add(Forgery.signed(world.signer, Forgery.withRawKid(kid, rest)));
        }
        return tokens;
    }

    // Issue 10: a made-up token naming a real request with no kid, or a kid of the wrong type or shape, is refused
    // before its MAC is checked, so its entry goes on the side chain: the request's own chain keeps its seq and head.
    @Test
    void decide_shouldLeaveTheMainChainUntouched_whenForgedTokensHaveAMissingIllTypedOrBadlyShapedKid() {
        Pending p = pendingEc2();
        StoredRequest before = world.store.get(p.id());
        List<AuditEntry> chain = world.entries(p.id());

        for (String forged : tokensWithBadKids(p)) {
            assertGeneric(world.desk().decide(forged, form("approve", "", "x"), false, BROWSER));
        }

        assertEquals(before, world.store.get(p.id()), "same status, version, approvals and audit head");
        assertEquals(chain, world.entries(p.id()));
        assertTrue(world.audit.verify(p.id()).valid());
        List<AuditEntry> side = world.forgeries(p.id());
        assertEquals(List.of("MISSING_FIELD", "BAD_FIELD", "BAD_FIELD", "BAD_FIELD"),
                side.stream().map(e -> e.details().get(AuditEvents.REASON_CODE)).toList());
        assertTrue(side.stream().allMatch(e -> e.type() == AuditType.LINK_REJECTED
                && e.actorKind() == ActorKind.ANONYMOUS && BROWSER.equals(e.origin())));
        assertTrue(world.audit.verify(dev.jita.store.AuditLog.linkRejectionsOf(p.id())).valid());
        assertEquals(4, world.metrics.get(Metric.LinkRejected));
    }

    /** A client of the shared DynamoDB Local on which the named operations throw {@code failure}. */
    private static software.amazon.awssdk.services.dynamodb.DynamoDbClient failing(RuntimeException failure,
                                                                                  String... operations) {
        software.amazon.awssdk.services.dynamodb.DynamoDbClient real = DynamoLocal.client();
        java.util.Set<String> failingOps = java.util.Set.of(operations);
        return (software.amazon.awssdk.services.dynamodb.DynamoDbClient) java.lang.reflect.Proxy.newProxyInstance(
                ApprovalDeskIT.class.getClassLoader(),
                new Class<?>[] {software.amazon.awssdk.services.dynamodb.DynamoDbClient.class},
                (proxy, method, args) -> {
                    if (failingOps.contains(method.getName())) {
                        throw failure;
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private ApprovalDesk deskOn(software.amazon.awssdk.services.dynamodb.DynamoDbClient ddb) {
        return new ApprovalDesk(new dev.jita.store.RequestStore(ddb, world.tables, world.clock, TestAuditKey.SIGNER),
                world.rules::get, world.links(), new CsrfTokens(world.signer), world.workflow, world.metrics, world.clock);
    }

    // Issue 10: the refusal is the answer. A store that fails while a refused link is audited (the existence lookup
    // throttled, an audit chain that keeps moving under a flood) never turns the generic 404 into a 503, which for a
    // forged token would tell its sender that the request id exists; nor for a genuine link refused after its MAC.
    @Test
    void decide_shouldStillGiveTheGenericAnswer_whenTheStoreFailsWhileARefusalIsAudited() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        String csrf = csrfFor(bob);
        List<String> forged = new ArrayList<>(tokensWithBadKids(p));
        forged.add(Forgery.flip(bob, bob.length() - 5));
        ApprovalDesk throttled = deskOn(failing(software.amazon.awssdk.services.dynamodb.model
                .ProvisionedThroughputExceededException.builder().message("Rate exceeded").build(), "getItem"));
        ApprovalDesk moving = deskOn(failing(software.amazon.awssdk.services.dynamodb.model
                .TransactionCanceledException.builder().message("Transaction cancelled").build(),
                "transactWriteItems"));

        for (String token : forged) {
            assertGeneric(throttled.decide(token, form("approve", "", "x"), false, BROWSER));
            assertGeneric(moving.decide(token, form("approve", "", "x"), false, BROWSER));
        }
        // Refused after its MAC verified (a foreign CSRF token, then expired), while the request's chain keeps moving.
        assertGeneric(moving.decide(bob, form("approve", "", "AAAA"), false, BROWSER));
        world.clock.set(world.links().verify(bob).expiresAt().plusSeconds(1));
        assertGeneric(moving.decide(bob, form("approve", "", csrf), false, BROWSER));

        assertEquals(Status.PENDING_APPROVAL, world.store.get(p.id()).status());
        assertTrue(world.entries(p.id(), AuditType.LINK_REJECTED).isEmpty());
        assertTrue(world.forgeries(p.id()).isEmpty());
        assertEquals(2 * forged.size() + 2, world.metrics.get(Metric.LinkRejected));
    }

    @Test
    void decide_shouldStillWork_oneSecondBeforeTheLinkExpires() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        String csrf = csrfFor(bob);
        world.clock.set(world.links().verify(bob).expiresAt().minusSeconds(1));
        // The workflow's wait is over by then, but that is the workflow's to say (see lateApproval tests).
        assertInstanceOf(ApprovalOutcome.Recorded.class,
                world.desk().decide(bob, form("approve", "", csrf), false, BROWSER));
    }

    // security.md "Approval links": a flipped byte anywhere in a token.
    @Test
    void decide_shouldGiveTheGenericAnswer_forAFlippedByteAtEveryPosition() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        String csrf = csrfFor(bob);
        for (int i = 0; i < bob.length(); i++) {
            String flipped = Forgery.flip(bob, i);
            if (flipped.equals(bob)) {
                continue;
            }
            assertGeneric(world.desk().decide(flipped, form("approve", "", csrf), false, BROWSER));
        }
        assertEquals(Status.PENDING_APPROVAL, world.store.get(p.id()).status());
        assertTrue(world.store.get(p.id()).approvals().isEmpty());
        assertTrue(world.workflow.calls().isEmpty());
    }

    @Test
    void decide_shouldAnswerGenericallyWithoutStartingAnAuditChain_whenTheLinkNamesNoRequest() {
        String ghost = UUID.randomUUID().toString();
        String genuine = world.links().mint(ghost, "bob", "0".repeat(64), Duration.ofMinutes(5)).token();
        String forged = Forgery.signed(LocalHmacSigner.openOrCreate(dir.resolve("x.key")),
                Forgery.payload("k", ghost, "bob", "0".repeat(64), T0.getEpochSecond(), T0.getEpochSecond() + 60,
                        Forgery.JTI));

        assertGeneric(world.desk().decide(genuine, form("approve", "", csrfFor(genuine)), false, BROWSER));
        assertGeneric(world.desk().decide(forged, form("approve", "", "x"), false, BROWSER));

        assertTrue(world.entries(ghost).isEmpty(), "a made-up id gets no audit chain");
        assertEquals(2, world.metrics.get(Metric.LinkRejected));
    }

    // security.md "Approval links": 50 concurrent POSTs of the same approval: exactly one recorded decision, the
    // rest 409.
    @Test
    void decide_shouldRecordExactlyOneDecision_when50IdenticalPostsRace() throws Exception {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        String body = form("approve", "race", csrfFor(bob));
        ApprovalDesk desk = world.desk();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<ApprovalOutcome>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return desk.decide(bob, body, false, BROWSER);
                }));
            }
            start.countDown();
            List<ApprovalOutcome> outcomes = new ArrayList<>();
            for (Future<ApprovalOutcome> f : futures) {
                outcomes.add(f.get(60, TimeUnit.SECONDS));
            }
            assertEquals(1, outcomes.stream().filter(ApprovalOutcome.Recorded.class::isInstance).count());
            assertEquals(49, outcomes.stream().filter(o -> ApprovalPages.of(o).statusCode() == 409).count(),
                    () -> "the rest 409, got " + outcomes);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, world.entries(p.id(), AuditType.APPROVAL_RECORDED).size());
        assertEquals(1, world.entries(p.id(), AuditType.APPROVED).size());
        assertEquals(1, world.workflow.calls().size());
        assertEquals(Status.APPROVED, world.store.get(p.id()).status());
    }

    // security.md "Approval links": the requester can never approve their own request, even when listed as an
    // approver. alice asks and is an sre-lead: she got no link (NotifyApproversIT); a link made out to her is refused.
    @Test
    void decide_shouldRefuseTheRequester_evenWithALinkMadeOutToThem() {
        StoredRequest request = world.ec2Request("alice");
        world.notifyApprovers(request);
        assertFalse(world.tokens(request.requestId()).containsKey("alice"));
        String hash = RequestHash.of(request.request());
        long now = T0.getEpochSecond();

        // Forged by alice, who has no key: the generic answer.
        String forged = Forgery.signed(LocalHmacSigner.openOrCreate(dir.resolve("alice.key")),
                Forgery.payload(world.signer.currentKid(), request.requestId(), "alice", hash, now, now + 600,
                        Forgery.JTI));
        assertGeneric(world.desk().decide(forged, form("approve", "", "x"), false, BROWSER));

        // Genuinely signed (as if jita had minted it): 403, on GET and POST.
        String minted = world.links().mint(request.requestId(), "alice", hash, Duration.ofMinutes(10)).token();
        assertEquals(new ApprovalOutcome.Refused(Refusal.OWN_REQUEST), world.desk().view(minted, BROWSER));
        ApprovalOutcome posted = post(minted, "approve");
        assertEquals(new ApprovalOutcome.Refused(Refusal.OWN_REQUEST), posted);
        assertEquals(403, ApprovalPages.of(posted).statusCode());

        assertEquals(Status.PENDING_APPROVAL, world.store.get(request.requestId()).status());
        assertTrue(world.store.get(request.requestId()).approvals().isEmpty());
        assertTrue(world.workflow.calls().isEmpty());
        List<AuditEntry> rejected = world.entries(request.requestId(), AuditType.LINK_REJECTED);
        assertEquals(List.of("OWN_REQUEST"),
                rejected.stream().map(e -> e.details().get(AuditEvents.REASON_CODE)).toList());
        assertEquals(List.of("BAD_MAC"), world.forgeries(request.requestId()).stream()
                .map(e -> e.details().get(AuditEvents.REASON_CODE)).toList());
    }

    // security.md "Approval links": the requester can never approve their own request, even when listed as an
    // approver. bob is listed by the Engineer role (other case, or with a path a session ARN never carries) and asks
    // as Engineer/bob-laptop: he gets no link, and a link made out to him is refused.
    @ParameterizedTest
    @ValueSource(strings = {"arn:aws:iam::111122223333:role/engineer", "arn:aws:iam::111122223333:role/ENGINEER",
            "arn:aws:iam::111122223333:role/jita/Engineer",
            "arn:aws:sts::111122223333:assumed-role/engineer/Bob-Laptop"})
    void decide_shouldRefuseTheRequester_whenListedByTheirRoleInAnotherCaseOrWithItsPath(String principal) {
        RuleBookEdits.withPrincipal(world, "bob", principal);
        StoredRequest request = world.ec2Request("bob-laptop");
        world.notifyApprovers(request);
        assertEquals(java.util.Set.of("alice", "carol"), world.tokens(request.requestId()).keySet());

        String minted = world.links().mint(request.requestId(), "bob", RequestHash.of(request.request()),
                Duration.ofMinutes(10)).token();
        assertEquals(new ApprovalOutcome.Refused(Refusal.OWN_REQUEST), world.desk().view(minted, BROWSER));
        assertEquals(new ApprovalOutcome.Refused(Refusal.OWN_REQUEST), post(minted, "approve"));

        assertEquals(Status.PENDING_APPROVAL, world.store.get(request.requestId()).status());
        assertTrue(world.store.get(request.requestId()).approvals().isEmpty());
        assertTrue(world.workflow.calls().isEmpty());
    }

    // security.md "Approval links": approvers are re-checked against the current rules when they decide.
    @Test
    void decide_shouldRefuseAnApproverRemovedFromTheRulesAfterTheLinkWasSent() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        String csrf = csrfFor(bob);
        RuleBookEdits.withoutApprover(world, "bob");

        assertEquals(new ApprovalOutcome.Refused(Refusal.NO_LONGER_APPROVER), world.desk().view(bob, BROWSER));
        ApprovalOutcome posted = world.desk().decide(bob, form("approve", "", csrf), false, BROWSER);

        assertEquals(403, ApprovalPages.of(posted).statusCode());
        assertEquals(new ApprovalOutcome.Refused(Refusal.NO_LONGER_APPROVER), posted);
        assertEquals(Status.PENDING_APPROVAL, world.store.get(p.id()).status());
        AuditEntry entry = onlyRejection(p.id());
        assertEquals("bob", entry.actor());
        assertEquals("NO_LONGER_APPROVER", entry.details().get(AuditEvents.REASON_CODE));
        // The others still decide.
        assertInstanceOf(ApprovalOutcome.Recorded.class, post(p.links().get("carol"), "approve"));
    }

    // security.md "Approval links": an approval covers one exact request: the token binds the request hash.
    @Test
    void decide_shouldRejectTheLink_whenTheRequestChangedAfterTheLinkWasSent() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        String csrf = csrfFor(bob);
        // Someone with table access edits the justification the approver was shown.
        DynamoLocal.client().updateItem(b -> b.tableName(world.tables.requestsTable())
                .key(Map.of("requestId", AttributeValue.fromS(p.id())))
                .updateExpression("SET justification = :j")
                .expressionAttributeValues(Map.of(":j", AttributeValue.fromS("Terminate every instance, for fun"))));

        assertGeneric(world.desk().view(bob, BROWSER));
        assertGeneric(world.desk().decide(bob, form("approve", "", csrf), false, BROWSER));

        assertEquals("REQUEST_CHANGED", onlyRejection(p.id()).details().get(AuditEvents.REASON_CODE));
        assertTrue(world.store.get(p.id()).approvals().isEmpty());
        assertTrue(world.workflow.calls().isEmpty());
    }

    // security.md "Approval links": CSRF token on the confirm form.
    @Test
    void decide_shouldRejectAMissingOrForeignCsrfToken() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        String carolsCsrf = csrfFor(p.links().get("carol"));

        assertGeneric(world.desk().decide(bob, "decision=approve&comment=x", false, BROWSER));
        assertGeneric(world.desk().decide(bob, form("approve", "", carolsCsrf), false, BROWSER));
        assertGeneric(world.desk().decide(bob, form("approve", "", "AAAA"), false, BROWSER));
        assertGeneric(world.desk().decide(bob, null, false, BROWSER));

        List<String> reasons = world.entries(p.id(), AuditType.LINK_REJECTED).stream()
                .map(e -> e.details().get(AuditEvents.REASON_CODE)).toList();
        assertEquals(List.of("FORM_INVALID", "BAD_CSRF", "BAD_CSRF", "FORM_INVALID"), reasons);
        assertTrue(world.store.get(p.id()).approvals().isEmpty());
        assertEquals(Status.PENDING_APPROVAL, world.store.get(p.id()).status());
    }

    // security.md "Approval links": previous key accepted during rotation only.
    @Test
    void decide_shouldAcceptThePreviousKeyDuringRotation_andRefuseItAfter() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        String carol = p.links().get("carol");
        String bobsCsrf = csrfFor(bob);

        world.signer = ((LocalHmacSigner) world.signer).rotate();
        assertInstanceOf(ApprovalOutcome.Confirm.class, world.desk().view(carol, BROWSER));
        // A form served before the rotation still posts after it.
        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.APPROVED, 1, 1),
                world.desk().decide(bob, form("approve", "", bobsCsrf), false, BROWSER));

        world.signer = ((LocalHmacSigner) world.signer).rotate();
        assertGeneric(world.desk().view(carol, BROWSER));
        assertGeneric(world.desk().decide(carol, form("deny", "", bobsCsrf), false, BROWSER));
        // A key no longer accepted cannot vouch for the link: recorded like a forgery, on the side chain.
        assertEquals(List.of("UNKNOWN_KID"), world.forgeries(p.id()).stream()
                .map(e -> e.details().get(AuditEvents.REASON_CODE)).toList());
    }

    @Test
    void decide_shouldApproveAndHandTheWindowToTheWorkflow_whenOneOfOneApproves() {
        Pending p = pendingEc2();
        world.clock.advance(Duration.ofMinutes(3));

        ApprovalOutcome outcome = world.click(p.links().get("carol"), "approve");

        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.APPROVED, 1, 1), outcome);
        Instant approvedAt = T0.plus(Duration.ofMinutes(3));
        GrantWindow window = new GrantWindow(approvedAt, approvedAt.plus(Duration.ofMinutes(30)));
        assertEquals(List.of(new RecordingWorkflow.Call("approved", p.taskToken(), window, null)),
                world.workflow.calls());
        StoredRequest stored = world.store.get(p.id());
        assertEquals(window, stored.window());
        assertEquals("ok by me", stored.approvals().get("carol").comment());
        List<AuditEntry> entries = world.entries(p.id());
        assertEquals(List.of(AuditType.REQUESTED, AuditType.NOTIFIED, AuditType.APPROVAL_RECORDED, AuditType.APPROVED),
                entries.stream().map(AuditEntry::type).toList());
        AuditEntry recorded = entries.get(2);
        assertEquals("carol", recorded.actor());
        assertEquals(ActorKind.APPROVER, recorded.actorKind());
        assertEquals(BROWSER, recorded.origin());
        assertEquals(1, world.metrics.get(Metric.Approved));
        // Later clicks: this approver 409, another 410.
        assertEquals(409, ApprovalPages.of(post(p.links().get("carol"), "approve")).statusCode());
        assertEquals(new ApprovalOutcome.NoLongerPending(Optional.of(Status.APPROVED)),
                post(p.links().get("bob"), "approve"));
    }

    @Test
    void decide_shouldSchedule_whenTheRequestStartsLater() {
        Instant startAt = T0.plus(Duration.ofHours(2));
        StoredRequest request = world.create(new AccessRequest(UUID.randomUUID().toString(),
                ApprovalWorld.engineer("dave"), List.of("ec2:StopInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"), Duration.ofMinutes(20),
                "Stop the host during tonight's maintenance", null, startAt, ApprovalWorld.EC2_RULE, T0));
        world.notifyApprovers(request);

        ApprovalOutcome outcome = world.click(world.tokens(request.requestId()).get("bob"), "approve");

        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.SCHEDULED, 1, 1), outcome);
        assertEquals(new GrantWindow(startAt, startAt.plus(Duration.ofMinutes(20))),
                world.workflow.calls().get(0).window());
    }

    @Test
    void decide_shouldDenyAndFailTheWait_whenAnApproverDenies() {
        Pending p = pendingEc2();

        ApprovalOutcome outcome = world.click(p.links().get("bob"), "deny");

        assertEquals(new ApprovalOutcome.Recorded(Decision.DENY, Status.DENIED, 0, 1), outcome);
        assertEquals(List.of(new RecordingWorkflow.Call("rejected", p.taskToken(), null, WorkflowErrors.DENIED)),
                world.workflow.calls());
        assertEquals(List.of(AuditType.DENIAL_RECORDED, AuditType.DENIED), world.entries(p.id()).stream()
                .map(AuditEntry::type).skip(2).toList());
        assertEquals(1, world.metrics.get(Metric.Denied));
        assertEquals(new ApprovalOutcome.NoLongerPending(Optional.of(Status.DENIED)),
                post(p.links().get("carol"), "approve"));
    }

    // The issue's "2-of-3 approvals": the window is fixed when the second approval lands.
    @Test
    void decide_shouldWaitForTheSecondApproval_whenTwoOfThreeAreNeeded() {
        StoredRequest request = world.rdsRequest("zoe");
        String taskToken = world.notifyApprovers(request);
        Map<String, String> links = world.tokens(request.requestId());
        assertEquals(List.of("dave", "erin", "frank"), List.copyOf(new java.util.TreeSet<>(links.keySet())));

        world.clock.advance(Duration.ofMinutes(1));
        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.PENDING_APPROVAL, 1, 2),
                world.click(links.get("dave"), "approve"));
        assertTrue(world.workflow.calls().isEmpty());
        ApprovalOutcome.Confirm erinsPage =
                assertInstanceOf(ApprovalOutcome.Confirm.class, world.desk().view(links.get("erin"), BROWSER));
        assertEquals(1, erinsPage.facts().approvalsSoFar());

        world.clock.advance(Duration.ofMinutes(1));
        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.APPROVED, 2, 2),
                world.click(links.get("erin"), "approve"));

        Instant second = T0.plus(Duration.ofMinutes(2));
        assertEquals(List.of(new RecordingWorkflow.Call("approved", taskToken,
                new GrantWindow(second, second.plus(Duration.ofMinutes(45))), null)), world.workflow.calls());
        AuditEntry approved = world.entries(request.requestId(), AuditType.APPROVED).get(0);
        assertEquals("dave,erin", approved.details().get(AuditEvents.APPROVED_BY));
        assertEquals(2, world.entries(request.requestId(), AuditType.APPROVAL_RECORDED).size());
        assertEquals(new ApprovalOutcome.NoLongerPending(Optional.of(Status.APPROVED)),
                post(links.get("frank"), "approve"));
        assertEquals(409, ApprovalPages.of(post(links.get("dave"), "approve")).statusCode());
        assertEquals(1, world.metrics.get(Metric.Approved));
    }

    @Test
    void decide_shouldNotCountAnApprovalOfSomeoneRemovedSince_towardsTwoOfThree() {
        StoredRequest request = world.rdsRequest("zoe");
        world.notifyApprovers(request);
        Map<String, String> links = world.tokens(request.requestId());
        world.click(links.get("dave"), "approve");
        RuleBookEdits.withoutApprover(world, "dave");

        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.PENDING_APPROVAL, 1, 2),
                world.click(links.get("erin"), "approve"));
        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.APPROVED, 2, 2),
                world.click(links.get("frank"), "approve"));
    }

    // security.md "Workflow": a late approval (TaskTimedOut, InvalidToken, TaskDoesNotExist) answers 410 and is not
    // retried.
    @Test
    void decide_shouldAnswer410AndNotRetry_whenTheWorkflowNoLongerWaits() {
        Pending p = pendingEc2();
        world.workflow.taskGone("TaskTimedOut");

        ApprovalOutcome outcome = world.click(p.links().get("bob"), "approve");

        assertEquals(410, ApprovalPages.of(outcome).statusCode());
        assertEquals(1, world.workflow.calls().size(), "told once, never again");
        StoredRequest stored = world.store.get(p.id());
        assertEquals(Status.FAILED, stored.status(), "nothing will grant: the request must not stay APPROVED");
        AuditEntry late = world.entries(p.id(), AuditType.TIMED_OUT).get(0);
        assertEquals("TaskTimedOut", late.details().get(AuditEvents.WORKFLOW_ERROR));
        assertEquals(0, world.metrics.get(Metric.Approved));
        assertEquals(409, ApprovalPages.of(post(p.links().get("bob"), "approve")).statusCode());
        assertEquals(410, ApprovalPages.of(post(p.links().get("carol"), "approve")).statusCode());
        assertEquals(1, world.workflow.calls().size());
    }

    // A lost SendTaskSuccess must not leave the request APPROVED forever: the handoff is retried.
    @Test
    void decide_shouldRetryTheHandoff_whenSendTaskSuccessFailsTwice() {
        Pending p = pendingEc2();
        world.workflow.failNext(2);

        ApprovalOutcome outcome = world.click(p.links().get("bob"), "approve");

        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.APPROVED, 1, 1), outcome);
        List<RecordingWorkflow.Call> calls = world.workflow.calls();
        assertEquals(3, calls.size());
        assertEquals(1, calls.stream().distinct().count(), "the same token and window each time");
        assertEquals(1, world.metrics.get(Metric.Approved));
    }

    // A retry that meets TaskGone may follow an attempt that landed but whose answer was lost: that is no proof of
    // a late approval, so the request is left to the workflow (TimedOut ends it FAILED if the wait had timed out).
    @Test
    void decide_shouldNotEndTheRequestFailed_whenOnlyARetryFindsTheTaskGone() {
        Pending p = pendingEc2();
        world.workflow.failNext(1);
        world.workflow.taskGone("TaskTimedOut");

        ApprovalOutcome outcome = world.click(p.links().get("bob"), "approve");

        assertEquals(new ApprovalOutcome.Recorded(Decision.APPROVE, Status.APPROVED, 1, 1), outcome);
        assertEquals(2, world.workflow.calls().size());
        assertEquals(Status.APPROVED, world.store.get(p.id()).status());
    }

    // The approval was written before the workflow could not be told: the answer must not say nothing changed, and
    // the approver's next POST (after the first one has surely finished) sends the window again.
    @Test
    void decide_shouldSayTheApprovalIsRecorded_andResendItOnTheNextPost_whenTheWorkflowCannotBeTold() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        world.workflow.failNext(3);

        ApprovalOutcome outcome = world.click(bob, "approve");

        assertEquals(new ApprovalOutcome.NotPassedOn(), outcome);
        assertEquals(503, ApprovalPages.of(outcome).statusCode());
        assertFalse(ApprovalPages.of(outcome).body().contains("Nothing was changed"), ApprovalPages.of(outcome).body());
        assertTrue(ApprovalPages.of(outcome).body().contains("Your approval was recorded"), ApprovalPages.of(outcome).body());
        StoredRequest approved = world.store.get(p.id());
        assertEquals(Status.APPROVED, approved.status());
        assertEquals(3, world.workflow.calls().size());
        assertFalse(ApprovalPages.of(outcome).body().contains(p.taskToken()));

        // A double click, while the first POST may still be telling the workflow: 409, no re-send racing it.
        world.clock.advance(Duration.ofSeconds(10));
        assertEquals(409, ApprovalPages.of(post(bob, "approve")).statusCode());
        assertEquals(3, world.workflow.calls().size());

        // Retried a minute later: the window goes out again, the approval is not counted twice.
        world.clock.advance(ApprovalDesk.RESEND_AFTER);
        assertEquals(new ApprovalOutcome.AlreadyDecided(Optional.of(Status.APPROVED)), post(bob, "approve"));
        List<RecordingWorkflow.Call> calls = world.workflow.calls();
        assertEquals(4, calls.size());
        assertEquals(new RecordingWorkflow.Call("approved", p.taskToken(), approved.window(), null), calls.get(3));
        assertEquals(1, world.entries(p.id(), AuditType.APPROVED).size());
        assertEquals(1, world.entries(p.id(), AuditType.APPROVAL_RECORDED).size());
        // Another approver is still told the request was decided, and re-sends nothing.
        assertEquals(410, ApprovalPages.of(post(p.links().get("carol"), "approve")).statusCode());
        assertEquals(4, world.workflow.calls().size());
    }

    // Step Functions answers a second SendTaskSuccess for a finished task with TaskGone: the approval stands.
    @Test
    void decide_shouldLeaveTheRequestApproved_whenTheResendFindsTheTaskGone() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        world.click(bob, "approve");
        world.workflow.taskGone("TaskTimedOut");
        world.clock.advance(Duration.ofMinutes(2));

        assertEquals(new ApprovalOutcome.AlreadyDecided(Optional.of(Status.APPROVED)), post(bob, "approve"));

        assertEquals(2, world.workflow.calls().size());
        assertEquals(Status.APPROVED, world.store.get(p.id()).status());
        assertTrue(world.entries(p.id(), AuditType.TIMED_OUT).isEmpty());
    }

    @Test
    void decide_shouldStillAnswer503_whenTheResendFailsToo() {
        Pending p = pendingEc2();
        String bob = p.links().get("bob");
        world.workflow.failNext(6);
        world.click(bob, "approve");
        world.clock.advance(Duration.ofMinutes(2));

        assertEquals(new ApprovalOutcome.NotPassedOn(), post(bob, "approve"));
        assertEquals(6, world.workflow.calls().size());
    }

    // DENIED is final once written: a workflow that cannot be told ends at its timeout, and the answer says recorded.
    @Test
    void decide_shouldAnswerRecorded_whenADenialIsWrittenButTheWorkflowCannotBeTold() {
        Pending p = pendingEc2();
        world.workflow.failNext(1);

        ApprovalOutcome outcome = world.click(p.links().get("bob"), "deny");

        assertEquals(new ApprovalOutcome.Recorded(Decision.DENY, Status.DENIED, 0, 1), outcome);
        assertEquals(Status.DENIED, world.store.get(p.id()).status());
    }

    @Test
    void decide_shouldAnswer410_whenADenialComesAfterTheWorkflowStoppedWaiting() {
        Pending p = pendingEc2();
        world.workflow.taskGone("TaskDoesNotExist");

        assertEquals(new ApprovalOutcome.NoLongerPending(Optional.of(Status.DENIED)),
                world.click(p.links().get("bob"), "deny"));
        assertEquals(1, world.workflow.calls().size());
    }

    // design.md: 410 when the request is no longer pending (here: timed out, recorded by the workflow's TimedOut path).
    @Test
    void decideAndView_shouldAnswer410WithoutTellingTheWorkflow_whenTheRequestTimedOut() {
        Pending p = pendingEc2();
        world.clock.advance(Duration.ofMinutes(31));
        StoredRequest pending = world.store.get(p.id());
        world.store.apply(pending, RequestUpdate.moveTo(Status.TIMED_OUT), AuditEvents.timedOut(
                pending.request().requester().roleName(), GrantPolicy.policyNameFor(p.id()), false));
        String bob = p.links().get("bob");

        assertEquals(new ApprovalOutcome.NoLongerPending(Optional.of(Status.TIMED_OUT)), world.desk().view(bob, BROWSER));
        assertEquals(new ApprovalOutcome.NoLongerPending(Optional.of(Status.TIMED_OUT)), post(bob, "approve"));
        assertTrue(world.workflow.calls().isEmpty());
        assertTrue(world.store.get(p.id()).approvals().isEmpty());
    }

    @Test
    void decide_shouldAnswer503AndRecordNothing_whenNoTaskTokenIsOnRecordYet() {
        StoredRequest request = world.ec2Request("dave");
        String bob = world.links().mint(request.requestId(), "bob", RequestHash.of(request.request()),
                Duration.ofMinutes(10)).token();

        ApprovalOutcome outcome = post(bob, "approve");

        assertEquals(503, ApprovalPages.of(outcome).statusCode());
        assertTrue(world.store.get(request.requestId()).approvals().isEmpty());
        // Once notify has stored the token the same click works.
        world.notifier().notify(request.requestId(), ApprovalWorld.taskToken());
        assertInstanceOf(ApprovalOutcome.Recorded.class, post(bob, "approve"));
    }
}
