package dev.jita.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.JitaConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalsConfigTest {

    private static final Map<String, String> ENV = Map.of(
            "JITA_REQUESTS_TABLE", "requests", "JITA_AUDIT_TABLE", "audit", "JITA_IDEMPOTENCY_TABLE", "idem",
            "JITA_PUBLIC_BASE_URL", "https://abc.execute-api.eu-west-1.amazonaws.com/prod/");

    @Test
    void linkFor_shouldAppendApprovalsAndToken_withOneSlash() {
        ApprovalsConfig config = ApprovalsConfig.of(URI.create("https://abc.example.com/prod/"));
        assertEquals(URI.create("https://abc.example.com/prod/approvals/v1.a.b"), config.linkFor("v1.a.b"));
        assertEquals(URI.create("https://abc.example.com/approvals/v1.a.b"),
                ApprovalsConfig.of(URI.create("https://abc.example.com")).linkFor("v1.a.b"));
    }

    @Test
    void linkLifetime_shouldBeTheApprovalWaitPlusGrace_cappedAtTheMaximum() {
        ApprovalsConfig config = ApprovalsConfig.of(URI.create("https://abc.example.com"));
        assertEquals(Duration.ofMinutes(45), config.linkLifetime(Duration.ofMinutes(30)));
        assertEquals(JitaConfig.maxLinkLifetime(), config.linkLifetime(Duration.ofDays(30)));
        ApprovalsConfig noGrace = new ApprovalsConfig(URI.create("https://abc.example.com"), Duration.ZERO,
                Optional.empty(), Optional.empty(), Optional.empty());
        assertEquals(Duration.ofMinutes(30), noGrace.linkLifetime(Duration.ofMinutes(30)));
        assertEquals(Duration.ofSeconds(1), noGrace.linkLifetime(Duration.ZERO));
    }

    @Test
    void fromEnvironment_shouldReadNotifierSettings_andDefaultTheGrace() {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("JITA_SES_SENDER", "jita@example.com");
        env.put("JITA_SLACK_WEBHOOK_SECRET", "jita/slack-webhooks");
        ApprovalsConfig config = ApprovalsConfig.fromEnvironment(JitaConfig.fromEnvironment(env), env);
        assertEquals(Optional.of("jita@example.com"), config.sesSender());
        assertEquals(Optional.of("jita/slack-webhooks"), config.slackWebhookSecret());
        assertEquals(Optional.empty(), config.sesConfigurationSet());
        assertEquals(ApprovalsConfig.DEFAULT_LINK_GRACE, config.linkGrace());
    }

    @Test
    void fromEnvironment_shouldNameTheVariable_whenTheGraceIsNotADuration() {
        Map<String, String> env = new java.util.HashMap<>(ENV);
        env.put("JITA_LINK_GRACE", "15 minutes");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ApprovalsConfig.fromEnvironment(JitaConfig.fromEnvironment(env), env));
        assertTrue(e.getMessage().contains("JITA_LINK_GRACE"));
    }

    @Test
    void constructor_shouldRefuseABaseUrlThatIsNotAbsoluteHttp() {
        assertThrows(IllegalArgumentException.class, () -> ApprovalsConfig.of(URI.create("/prod")));
        assertThrows(IllegalArgumentException.class, () -> ApprovalsConfig.of(URI.create("ftp://x.example.com")));
        assertThrows(IllegalArgumentException.class, () -> ApprovalsConfig.of(URI.create("https://x.example.com/?a=b")));
    }
}
