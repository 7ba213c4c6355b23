package dev.jita.approvals;

import dev.jita.app.InMemoryMetrics;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.audit.Origin;
import dev.jita.audit.Outcome;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.http.HttpResponse;
import dev.jita.links.CsrfTokens;
import dev.jita.links.LinkTokens;
import dev.jita.links.MacSigner;
import dev.jita.notifications.Notifier;
import dev.jita.pages.ApprovalPages;
import dev.jita.rules.RulesFile;
import dev.jita.standins.LocalHmacSigner;
import dev.jita.standins.Outbox;
import dev.jita.standins.TestAuditKey;
import dev.jita.store.AuditLog;
import dev.jita.store.DynamoLocal;
import dev.jita.store.MutableClock;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test's approvals world: fresh tables on the shared in-process DynamoDB Local, config/rules.yaml (replaceable,
 * to play "the rules changed"), a local link key, the outbox as the notifier, a recording workflow, a clock the
 * test moves.
 */
public final class ApprovalWorld {

    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    public static final RuleBook RULES = RulesFile.load(Path.of("..", "config", "rules.yaml"));
    public static final URI BASE = URI.create("https://jita.example.com/prod");
    public static final Origin BROWSER = new Origin("198.51.100.23", "Mozilla/5.0 (test)");
    public static final String EC2_RULE = "prod-ec2-terminate";
    public static final String RDS_RULE = "prod-rds-reboot";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    public final MutableClock clock = new MutableClock(T0);
    public final StoreConfig tables = DynamoLocal.freshTables();
    public final RequestStore store = new RequestStore(DynamoLocal.client(), tables, clock, TestAuditKey.SIGNER);
    public final AuditLog audit = new AuditLog(DynamoLocal.client(), tables, TestAuditKey.SIGNER);
    public final Outbox outbox = new Outbox(clock);
    public final RecordingWorkflow workflow = new RecordingWorkflow();
    public final InMemoryMetrics metrics = new InMemoryMetrics();
    public final AtomicReference<RuleBook> rules = new AtomicReference<>(RULES);
    public final ApprovalsConfig config = ApprovalsConfig.of(BASE);
    public final Path keyFile;
    public MacSigner signer;

    public ApprovalWorld(Path dir) {
        keyFile = dir.resolve("link.key");
        signer = LocalHmacSigner.openOrCreate(keyFile);
    }

    public LinkTokens links() {
        return new LinkTokens(signer, clock, new SecureRandom());
    }

    public NotifyApprovers notifier() {
        return notifier(outbox);
    }

    public NotifyApprovers notifier(Notifier through) {
        return new NotifyApprovers(store, rules::get, links(), through, workflow, config);
    }

    public ApprovalDesk desk() {
        return new ApprovalDesk(store, rules::get, links(), new CsrfTokens(signer), workflow, metrics, clock);
    }

    public static Requester engineer(String session) {
        return new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/" + session, "111122223333",
                "Engineer", session, "AROAENGINEERROLE:" + session);
    }

    /** A pending EC2 request (1 of alice, bob, carol) by {@code session}. */
    public StoredRequest ec2Request(String session) {
        return create(new AccessRequest(UUID.randomUUID().toString(), engineer(session),
                List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"), Duration.ofMinutes(30),
                "Terminate the wedged batch host, INC-4711", "INC-4711", null, EC2_RULE, clock.instant()));
    }

    /** A pending RDS request (2 of dave, erin, frank) by {@code session}. */
    public StoredRequest rdsRequest(String session) {
        return create(new AccessRequest(UUID.randomUUID().toString(), engineer(session),
                List.of("rds:RebootDBInstance"), List.of("arn:aws:rds:eu-west-1:111122223333:db:prod-orders"),
                Duration.ofMinutes(45), "Reboot the stuck primary after the failed patch", null, null, RDS_RULE,
                clock.instant()));
    }

    public StoredRequest create(AccessRequest request) {
        return store.create(request, RequestHash.of(request),
                AuditDraft.of(AuditType.REQUESTED, request.requester().arn(), ActorKind.REQUESTER, Outcome.SUCCESS));
    }

    /** Runs the AwaitApproval task for the request; returns the task token it used. */
    public String notifyApprovers(StoredRequest request) {
        String taskToken = taskToken();
        notifier().notify(request.requestId(), taskToken);
        return taskToken;
    }

    /** Something shaped like a Step Functions task token and easy to search for. */
    public static String taskToken() {
        return "AQCEAAAAKgAAAAMAAAAAAAAAATaskTokenSecret" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Each approver's link token for the request, from the outbox. */
    public Map<String, String> tokens(String requestId) {
        Map<String, String> byApprover = new LinkedHashMap<>();
        for (Outbox.Entry entry : outbox.snapshot()) {
            if (entry.requestId().equals(requestId) && entry.link().isPresent()) {
                String link = entry.link().get().toString();
                byApprover.put(entry.recipientId(), link.substring(link.indexOf("/approvals/") + "/approvals/".length()));
            }
        }
        return byApprover;
    }

    /** What a browser does: open the link, read the form's CSRF token, submit the form. */
    public ApprovalOutcome click(String token, String decision) {
        ApprovalOutcome page = desk().view(token, BROWSER);
        if (!(page instanceof ApprovalOutcome.Confirm confirm)) {
            throw new AssertionError("expected the confirm page, got " + page);
        }
        return desk().decide(token, form(decision, "ok by me", confirm.csrf()), false, BROWSER);
    }

    public static String form(String decision, String comment, String csrf) {
        return "decision=" + decision + "&comment=" + URLEncoder.encode(comment, StandardCharsets.UTF_8)
                + "&csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8);
    }

    public static String csrfOf(HttpResponse confirmPage) {
        Matcher m = CSRF_FIELD.matcher(confirmPage.body());
        if (!m.find()) {
            throw new AssertionError("no CSRF field in the page");
        }
        return m.group(1).replace("&#39;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }

    public List<AuditEntry> entries(String requestId) {
        return audit.entries(requestId);
    }

    public List<AuditEntry> entries(String requestId, AuditType type) {
        return audit.entries(requestId).stream().filter(e -> e.type() == type).toList();
    }

    /** The request's side chain of refused links whose MAC did not verify. */
    public List<AuditEntry> forgeries(String requestId) {
        return audit.entries(AuditLog.linkRejectionsOf(requestId));
    }

    public static HttpResponse generic() {
        return ApprovalPages.notFound();
    }
}
