package dev.jita.pages;

import dev.jita.approvals.Refusal;
import dev.jita.domain.Decision;
import dev.jita.domain.Status;
import dev.jita.facts.Display;
import dev.jita.http.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApprovalPagesTest {

    private static final String CSRF = "Q3NyZlRva2VuRm9yVGhpc0xpbmtPbmx5X19fX19fX19f";
    private static final Pattern DT_DD = Pattern.compile("<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", Pattern.DOTALL);

    private static HttpResponse confirm() {
        return ApprovalPages.confirm(Samples.facts(), "alice", Samples.LINK_EXPIRES, CSRF);
    }

    @Test
    void confirm_shouldShowExactlyTheRequestFacts() {
        HttpResponse page = confirm();
        assertEquals(200, page.statusCode());
        List<String> labels = new ArrayList<>();
        List<String> values = new ArrayList<>();
        Matcher m = DT_DD.matcher(page.body());
        while (m.find()) {
            labels.add(m.group(1));
            values.add(m.group(2).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip());
        }
        assertEquals(List.of("Requested by", "Actions", "Resource", "For", "Why", "Ticket", "Approvals", "Rule", "Request"), labels);
        assertEquals(List.of(
                Samples.REQUESTER,
                "ec2:TerminateInstances ec2:StopInstances",
                Samples.RESOURCE,
                "1 h 30 min, from approval",
                Samples.JUSTIFICATION,
                "OPS-1234",
                "1 of 2",
                "prod-ec2-terminate",
                "req-7f3a"), values);
        assertTrue(page.body().contains("It works until 2026-11-23 10:30 UTC"));
        assertTrue(page.body().contains("This link is for <strong>alice</strong> only"));
    }

    @Test
    void confirm_shouldLeaveTicketOut_whenThereIsNone() {
        String body = ApprovalPages.confirm(Samples.facts(Samples.JUSTIFICATION, null), "alice", Samples.LINK_EXPIRES, CSRF).body();
        assertFalse(body.contains("Ticket"));
    }

    @Test
    void confirm_shouldPostToTheSameUrl_withDecisionButtonsCommentAndCsrf() {
        String body = confirm().body();
        assertTrue(body.contains("<form method=\"post\" class=\"card\">"), "no action attribute: posts to the page's own URL");
        assertFalse(body.contains("action="));
        assertTrue(body.contains("<input type=\"hidden\" name=\"csrf\" value=\"" + CSRF + "\">"));
        assertTrue(body.contains("<textarea id=\"comment\" name=\"comment\" maxlength=\"1000\""));
        assertTrue(body.contains("<button type=\"submit\" name=\"decision\" value=\"approve\""));
        assertTrue(body.contains("<button type=\"submit\" name=\"decision\" value=\"deny\""));
        assertEquals(1, count(body, "<form"));
    }

    @Test
    void confirm_shouldEscapeEveryValue_whenTheRequestIsHostile() {
        String justification = "</dd></dl><script>alert('x')</script>\" onfocus=\"x\" & more ünïcödé 🚀";
        String ticket = "<img src=x onerror=alert(1)>";
        String body = ApprovalPages.confirm(Samples.facts(justification, ticket), "<b>eve</b>", Samples.LINK_EXPIRES,
                "\"><script>x</script>").body();
        assertFalse(body.contains("<script"));
        assertFalse(body.contains("<img"));
        assertFalse(body.contains("<b>eve"));
        assertTrue(body.contains("&lt;/dd&gt;&lt;/dl&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot; onfocus=&quot;x&quot; &amp; more ünïcödé 🚀"));
        assertTrue(body.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assertTrue(body.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""));
    }

    @Test
    void everyPage_shouldCarryTheSecurityHeaders_andBeSelfContainedAndPhoneReadable() {
        Map<String, String> expected = Map.of(
                "Content-Type", "text/html; charset=utf-8",
                "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
                "X-Content-Type-Options", "nosniff",
                "Referrer-Policy", "no-referrer",
                "Cache-Control", "no-store",
                "X-Frame-Options", "DENY");
        for (HttpResponse page : allPages()) {
            expected.forEach((name, value) -> assertEquals(value, page.headers().get(name), name + " on " + page.statusCode()));
            String body = page.body();
            assertTrue(body.startsWith("<!DOCTYPE html>"));
            assertTrue(body.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"));
            assertTrue(body.contains("max-width:40rem"));
            assertFalse(body.contains("<script"), "no script");
            assertFalse(body.contains("src="), "no external asset");
            assertFalse(body.contains("<link"), "no style sheet");
            assertFalse(body.contains("http"), "no URL at all");
        }
    }

    @Test
    void answers_shouldHaveTheStatusesOfDesignMd() {
        assertEquals(409, ApprovalPages.alreadyDecided(Optional.of(Status.APPROVED)).statusCode());
        assertEquals(410, ApprovalPages.noLongerPending(Optional.of(Status.TIMED_OUT)).statusCode());
        assertEquals(403, ApprovalPages.refused(Refusal.OWN_REQUEST).statusCode());
        assertEquals(403, ApprovalPages.refused(Refusal.NO_LONGER_APPROVER).statusCode());
        assertEquals(400, ApprovalPages.formRejected().statusCode());
        assertEquals(503, ApprovalPages.unavailable().statusCode());
        assertEquals("60", ApprovalPages.unavailable().headers().get("Retry-After"));
        assertEquals(503, ApprovalPages.approvalNotPassedOn().statusCode());
        assertEquals("60", ApprovalPages.approvalNotPassedOn().headers().get("Retry-After"));
        assertEquals(404, ApprovalPages.notFound().statusCode());
    }

    @Test
    void refused_shouldSayWhy_toTheHolderOfAGenuineLink() {
        assertTrue(ApprovalPages.refused(Refusal.OWN_REQUEST).body().contains("your own request"));
        assertTrue(ApprovalPages.refused(Refusal.NO_LONGER_APPROVER).body().contains("no longer an approver"));
        assertTrue(ApprovalPages.noLongerPending(Optional.of(Status.TIMED_OUT)).body().contains("The request is timed out."));
    }

    // security.md, Approval links: invalid, forged, expired or foreign tokens get "one generic answer, no detail leaked".
    @Test
    void notFound_shouldBeByteIdentical_andSayNothingAboutWhy() {
        HttpResponse first = ApprovalPages.notFound();
        confirm();
        ApprovalPages.noLongerPending(Optional.empty());
        HttpResponse second = ApprovalPages.notFound();
        assertSame(first, second);
        assertEquals(first.body(), second.body());
        assertEquals(first.headers(), second.headers());
        String body = first.body().toLowerCase();
        for (String hint : List.of("expired", "signature", "forged", "mac", "kid", "key", "approver", "unknown", "format", "tampered")) {
            assertFalse(body.matches("(?s).*\\b" + hint + "\\b.*"), "hints at " + hint);
        }
    }

    @Test
    void recorded_shouldSayWhereTheRequestStands() {
        assertTrue(ApprovalPages.recorded(Decision.APPROVE, Status.PENDING_APPROVAL, 1, 2).body()
                .contains("Your approval was recorded.</p><p>The request has 1 of 2 approvals and waits for 1 more."));
        assertTrue(ApprovalPages.recorded(Decision.APPROVE, Status.SCHEDULED, 2, 2).body()
                .contains("The request is approved; access will be granted for its window."));
        assertTrue(ApprovalPages.recorded(Decision.DENY, Status.DENIED, 0, 2).body()
                .contains("Your denial was recorded.</p><p>The request is denied; no access will be granted."));
    }

    @Test
    void withoutBody_shouldKeepStatusAndHeaders_forHead() {
        HttpResponse head = confirm().withoutBody();
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(ApprovalPages.HEADERS, head.headers());
    }

    @Test
    void display_shouldReadNaturally() {
        assertEquals("45 min", Display.duration(java.time.Duration.ofMinutes(45)));
        assertEquals("2 h", Display.duration(java.time.Duration.ofHours(2)));
        assertEquals("1 h 5 min", Display.duration(java.time.Duration.ofMinutes(65)));
        assertEquals("30 s", Display.duration(java.time.Duration.ofSeconds(30)));
        assertEquals("pending approval", Display.status(Status.PENDING_APPROVAL));
    }

    private static List<HttpResponse> allPages() {
        return List.of(confirm(),
                ApprovalPages.recorded(Decision.APPROVE, Status.PENDING_APPROVAL, 1, 2),
                ApprovalPages.alreadyDecided(Optional.of(Status.APPROVED)),
                ApprovalPages.noLongerPending(Optional.empty()),
                ApprovalPages.refused(Refusal.OWN_REQUEST),
                ApprovalPages.refused(Refusal.NO_LONGER_APPROVER),
                ApprovalPages.formRejected(),
                ApprovalPages.unavailable(),
                ApprovalPages.approvalNotPassedOn(),
                ApprovalPages.notFound());
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
