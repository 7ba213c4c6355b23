package dev.jita.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.notifications.FanOutNotifier;
import dev.jita.notifications.Notifier;
import dev.jita.notifications.Recipient;
import dev.jita.notifications.SesNotifier;
import dev.jita.notifications.SlackNotifier;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;

class NotifiersTest {

    private static final String SECRET = "{\"bob\":\"https://hooks.slack.com/services/T000/B000/secretpart\"}";
    private static final URI BASE = URI.create("https://jita.example.com");

    private static ApprovalsConfig config(Optional<String> sender, Optional<String> secret) {
        return new ApprovalsConfig(BASE, Duration.ZERO, sender, Optional.empty(), secret);
    }

    private static SesV2Client ses() {
        return new SesV2Client() {
            @Override
            public SendEmailResponse sendEmail(SendEmailRequest request) {
                throw new AssertionError("choosing the channels sends nothing");
            }

            @Override
            public String serviceName() {
                return "ses";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void forAws_shouldUseSes_whenOnlyASenderIsConfigured() {
        assertInstanceOf(SesNotifier.class, Notifiers.forAws(config(Optional.of("jita@example.com"), Optional.empty()),
                NotifiersTest::ses, id -> {
                    throw new AssertionError("no secret to read");
                }, HttpClient::newHttpClient));
    }

    @Test
    void forAws_shouldReadTheWebhookSecretOnce_andUseSlack() {
        List<String> read = new ArrayList<>();
        Notifier slack = Notifiers.forAws(config(Optional.empty(), Optional.of("jita/slack")), () -> {
            throw new AssertionError("no SES without a sender");
        }, id -> {
            read.add(id);
            return SECRET;
        }, HttpClient::newHttpClient);
        assertInstanceOf(SlackNotifier.class, slack);
        assertEquals(List.of("jita/slack"), read);
        assertTrue(slack.reaches(new Recipient("bob", Optional.empty(), Optional.of("bob"))));
        assertFalse(slack.reaches(new Recipient("carol", Optional.empty(), Optional.of("carol"))));
    }

    @Test
    void forAws_shouldFanOut_whenBothAreConfigured() {
        assertInstanceOf(FanOutNotifier.class, Notifiers.forAws(config(Optional.of("jita@example.com"),
                Optional.of("jita/slack")), NotifiersTest::ses, id -> SECRET, HttpClient::newHttpClient));
    }

    @Test
    void forAws_shouldSayWhatToSet_whenNoChannelIsConfigured() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Notifiers.forAws(
                config(Optional.empty(), Optional.empty()), NotifiersTest::ses, id -> SECRET, HttpClient::newHttpClient));
        assertTrue(e.getMessage().contains("JITA_SES_SENDER"));
    }

    @Test
    void webhooks_shouldNameTheApproverButNeverTheUrl_whenAnEntryIsBad() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Notifiers.webhooks("jita/slack", "{\"bob\":42}"));
        assertTrue(e.getMessage().contains("bob"));
        IllegalArgumentException plain = assertThrows(IllegalArgumentException.class,
                () -> Notifiers.webhooks("jita/slack", "{\"bob\":\"http://hooks.example.com/secretpart\"}"));
        assertFalse(plain.getMessage().contains("secretpart"));
        IllegalStateException notJson = assertThrows(IllegalStateException.class,
                () -> Notifiers.webhooks("jita/slack", "https://hooks.slack.com/services/secretpart"));
        assertFalse(notJson.getMessage().contains("secretpart"));
    }
}
