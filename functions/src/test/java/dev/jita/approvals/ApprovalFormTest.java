package dev.jita.approvals;

import dev.jita.domain.Decision;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApprovalFormTest {

    @Test
    void parse_shouldReadTheConfirmPagesFields_asABrowserEncodesThem() {
        ApprovalForm form = ApprovalForm.parse("csrf=abc_-123&comment=Looks+fine%2C+go+%C3%A9%F0%9F%9A%80&decision=approve", false).orElseThrow();
        assertEquals(Decision.APPROVE, form.decision());
        assertEquals("Looks fine, go é🚀", form.comment());
        assertEquals("abc_-123", form.csrf());
    }

    @Test
    void parse_shouldDecodeBase64_whenApiGatewaySaysSo() {
        String body = Base64.getEncoder().encodeToString("decision=deny&csrf=x".getBytes(StandardCharsets.UTF_8));
        ApprovalForm form = ApprovalForm.parse(body, true).orElseThrow();
        assertEquals(Decision.DENY, form.decision());
        assertEquals("", form.comment());
    }

    @Test
    void parse_shouldRefuse_anythingThePageWouldNotSend() {
        for (String body : new String[]{
                null, "", "decision=approve", "csrf=x", "decision=yes&csrf=x", "decision=approve&csrf=",
                "decision=approve&csrf=x&requester=eve", "decision=approve&decision=deny&csrf=x",
                "decision=approve&csrf=x&comment=%E", "decision=approve&csrf=" + "x".repeat(129),
                "decision=approve&csrf=x&comment=" + "a".repeat(1001), "decision=approve&csrf=x&c=" + "a".repeat(20_000)}) {
            assertEquals(Optional.empty(), ApprovalForm.parse(body, false), String.valueOf(body));
        }
        assertEquals(Optional.empty(), ApprovalForm.parse("!!not base64!!", true));
    }

    @Test
    void parse_shouldAcceptAComment_ofExactly1000Characters() {
        assertTrue(ApprovalForm.parse("decision=approve&csrf=x&comment=" + "é".repeat(1000), false).isPresent());
    }

    @Test
    void toString_shouldLeaveTheCsrfTokenOut() {
        assertFalse(new ApprovalForm(Decision.APPROVE, "ok", "SECRET-CSRF").toString().contains("SECRET-CSRF"));
    }
}
