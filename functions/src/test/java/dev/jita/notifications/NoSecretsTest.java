package dev.jita.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.approvals.Refusal;
import dev.jita.domain.Decision;
import dev.jita.domain.Status;
import dev.jita.facts.Fact;
import dev.jita.facts.RequestFacts;
import dev.jita.http.HttpResponse;
import dev.jita.links.CsrfTokens;
import dev.jita.links.LinkTokens;
import dev.jita.links.SignedLink;
import dev.jita.loopback.LoopbackAws;
import dev.jita.pages.ApprovalPages;
import dev.jita.pages.Samples;
import dev.jita.standins.LocalHmacSigner;
import dev.jita.standins.Outbox;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * security.md, Approval links: "Task tokens and MAC keys never appear in links, messages, logs or API answers."
 * A real link key, a real link and CSRF token, and a task-token sentinel that the notify function would hold in the
 * same scope; then every page, every message in every format and every channel, and every toString and error text.
 */
class NoSecretsTest {

    /** Shaped like a Step Functions task token, as the notify function receives it. */
    private static final String TASK_TOKEN = "AQCEAAAAKgAAAAMAAAAAAAAAAUTASKTOKENSENTINEL0x7d1cq9Zf+/w==";
    private static final Pattern SECRET_NAMES = Pattern.compile("(?i).*(token|secret|key|mac|password|webhook|csrf).*");

    @TempDir
    Path dir;
    private List<String> keyForms;
    private SignedLink link;
    private String csrf;
    private URI linkUrl;

    @BeforeEach
    void setUp() throws Exception {
        Path keyFile = dir.resolve("link.key");
        LocalHmacSigner signer = LocalHmacSigner.openOrCreate(keyFile);
        String keyB64Url = new ObjectMapper().readTree(keyFile.toFile()).get("current").get("key").asText();
        byte[] key = Base64.getUrlDecoder().decode(keyB64Url);
        keyForms = List.of(keyB64Url, Base64.getEncoder().encodeToString(key), HexFormat.of().formatHex(key),
                HexFormat.of().withUpperCase().formatHex(key));
        link = new LinkTokens(signer, Clock.fixed(Samples.CREATED, ZoneOffset.UTC), new SecureRandom())
                .mint("req-7f3a", "alice", "a".repeat(64), Duration.ofMinutes(30));
        csrf = new CsrfTokens(signer).issue(link.payload());
        linkUrl = URI.create("https://jita.example.com/prod/approvals/" + link.token());
    }

    @Test
    void pages_shouldHoldNeitherTaskTokenNorKey_norTheLinkToken() {
        RequestFacts facts = Samples.facts();
        List<HttpResponse> pages = List.of(
                ApprovalPages.confirm(facts, "alice", link.payload().expiresAt(), csrf),
                ApprovalPages.recorded(Decision.APPROVE, Status.PENDING_APPROVAL, 1, 2),
                ApprovalPages.alreadyDecided(Optional.of(Status.APPROVED)),
                ApprovalPages.noLongerPending(Optional.of(Status.TIMED_OUT)),
                ApprovalPages.refused(Refusal.OWN_REQUEST),
                ApprovalPages.formRejected(), ApprovalPages.unavailable(), ApprovalPages.notFound());
        for (HttpResponse page : pages) {
            String all = page.body() + page.headers();
            assertNoSecret(all);
            // The form posts to its own URL, so the link token is never copied into the page.
            assertFalse(all.contains(link.token()), "page " + page.statusCode() + " repeats the link token");
        }
        assertTrue(pages.get(0).body().contains(csrf), "the confirm page does carry its CSRF token");
    }

    @Test
    void messages_shouldHoldNeitherTaskTokenNorKey_andTheLinkOnlyWhenAskingForADecision() {
        LoopbackAws ses = new LoopbackAws().respond(r -> SesNotifierTest.SENT);
        SesNotifier email = new SesNotifier(ses.ses(), new SesConfig("jita@example.com", Optional.empty()));
        Outbox outbox = new Outbox(Clock.fixed(Samples.CREATED, ZoneOffset.UTC));
        for (Notification n : NotifySamples.everyKind(Samples.facts(), linkUrl)) {
            MessageContent content = Messages.content(n);
            email.send(n);
            outbox.send(n);
            JsonNode sent = ses.last().json().path("Content").path("Simple");
            Outbox.Entry entry = outbox.snapshot().get(0);
            List<String> bodies = List.of(Messages.plainText(content), Messages.html(content), Messages.slack(content),
                    sent.path("Body").path("Text").path("Data").asText(), sent.path("Body").path("Html").path("Data").asText(),
                    entry.body());
            List<String> subjects = List.of(content.subject(), sent.path("Subject").path("Data").asText(), entry.subject());
            for (String text : bodies) {
                assertNoSecret(text);
                assertEquals(n.kind() == Kind.DECISION_NEEDED, text.contains(link.token()), n.kind() + ": " + text);
                assertFalse(text.contains(csrf), "a message never carries the CSRF token");
            }
            for (String text : subjects) {
                assertNoSecret(text);
                assertFalse(text.contains(link.token()), "a subject is shown in lists and previews: " + text);
            }
            // Not the request body: it holds the link, so jita never logs it.
            List<String> logged = List.of(n.toString(), content.toString(), entry.toString());
            for (String text : logged) {
                assertNoSecret(text);
                assertFalse(text.contains(link.token()), "logged form leaks the link: " + text);
            }
        }
        ses.close();
    }

    @Test
    void errors_shouldHoldNeitherTaskTokenNorKeyNorLink() {
        Notification n = NotifySamples.everyKind(Samples.facts(), linkUrl).get(0);
        NotificationException e;
        try (LoopbackAws ses = new LoopbackAws()) {
            ses.reply(SesNotifierTest.sesError(400, "MessageRejected", "rejected"));
            e = assertThrows(NotificationException.class, () -> new FanOutNotifier(List.of(
                    new SesNotifier(ses.ses(), new SesConfig("jita@example.com", Optional.empty())))).send(n));
        }
        for (Throwable t : List.of(e, e.getSuppressed()[0], e.getSuppressed()[0].getCause())) {
            assertNoSecret(t.toString());
            assertFalse(t.toString().contains(link.token()));
        }
    }

    // A notification has no place for a task token or key: any such field would have to be added here first.
    @Test
    void recordsThatReachMessagesAndPages_shouldHaveNoFieldForASecret() {
        List<Class<?>> records = List.of(Notification.class, Recipient.class, RequestFacts.class, Fact.class,
                Message.DecisionNeeded.class, Message.Decided.class, Message.TimedOut.class, Message.BreakGlass.class,
                Message.FirstUse.class, MessageContent.class, Outbox.Entry.class);
        List<String> found = new ArrayList<>();
        for (Class<?> type : records) {
            for (var component : type.getRecordComponents()) {
                if (SECRET_NAMES.matcher(component.getName()).matches()) {
                    found.add(type.getSimpleName() + "." + component.getName());
                }
            }
        }
        assertEquals(List.of(), found);
    }

    private void assertNoSecret(String text) {
        assertFalse(text.contains(TASK_TOKEN), "task token in: " + text);
        assertFalse(text.contains("TASKTOKENSENTINEL"), "task token in: " + text);
        for (String key : keyForms) {
            assertFalse(text.contains(key), "link key in: " + text);
        }
    }
}
