package dev.jita.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.notifications.FanOutNotifier;
import dev.jita.notifications.Notifier;
import dev.jita.notifications.SesConfig;
import dev.jita.notifications.SesNotifier;
import dev.jita.notifications.SlackNotifier;
import dev.jita.notifications.SlackWebhooks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** The notify function's channels in AWS, chosen by configuration once at init. */
public final class Notifiers {

    static final Duration SLACK_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private Notifiers() {
    }

    /**
     * E-mail through SES when a sender is configured, Slack when a webhook secret is; both at once through a
     * fan-out (an approver then gets the link on each channel that reaches them).
     *
     * @param readSecret reads a secret's string by id (Secrets Manager); called here, once
     */
    public static Notifier forAws(ApprovalsConfig config, Supplier<SesV2Client> ses, Function<String, String> readSecret,
                                  Supplier<HttpClient> http) {
        List<Notifier> channels = new ArrayList<>();
        config.sesSender().ifPresent(sender ->
                channels.add(new SesNotifier(ses.get(), new SesConfig(sender, config.sesConfigurationSet()))));
        config.slackWebhookSecret().ifPresent(secretId ->
                channels.add(new SlackNotifier(http.get(), webhooks(secretId, readSecret.apply(secretId)),
                        SLACK_TIMEOUT)));
        if (channels.isEmpty()) {
            throw new IllegalStateException("no notification channel is configured; set JITA_SES_SENDER to an"
                    + " SES-verified address or JITA_SLACK_WEBHOOK_SECRET to a Secrets Manager secret id");
        }
        return channels.size() == 1 ? channels.get(0) : new FanOutNotifier(channels);
    }

    /**
     * The webhook secret: a JSON object from approver id to that approver's own incoming-webhook URL. Errors name
     * the secret and the approver, never a URL.
     */
    static SlackWebhooks webhooks(String secretId, String secretJson) {
        JsonNode root;
        try {
            root = secretJson == null ? null : JSON.readTree(secretJson);
        } catch (IOException e) {
            root = null;
        }
        if (root == null || !root.isObject()) {
            throw new IllegalStateException("the Slack webhook secret " + secretId + " is not a JSON object of"
                    + " approver id to webhook URL; store it as {\"bob\": \"https://hooks.slack.com/...\"}");
        }
        Map<String, URI> byApprover = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            URI uri = null;
            if (entry.getValue().isTextual()) {
                try {
                    uri = URI.create(entry.getValue().textValue());
                } catch (IllegalArgumentException notAUri) {
                    uri = null;
                }
            }
            if (uri == null) {
                throw new IllegalStateException("the Slack webhook of approver " + entry.getKey() + " in secret "
                        + secretId + " is not a URL string; fix it in the secret");
            }
            byApprover.put(entry.getKey(), uri);
        }
        return SlackWebhooks.of(byApprover);
    }
}
