package dev.jita.notifications;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where each approver's Slack messages go: their own incoming webhook (a direct message), looked up by the
 * recipient's {@link Recipient#slack()} name. Webhook URLs are secrets (anyone holding one can post), so
 * implementations never print them.
 */
public interface SlackWebhooks {

    Optional<URI> forRecipient(Recipient recipient);

    /**
     * Webhooks by name, as loaded from the webhook secret. Each must be https, or http to a loopback address
     * (tests, jita local).
     */
    static SlackWebhooks of(Map<String, URI> byName) {
        Map<String, URI> webhooks = Map.copyOf(byName);
        webhooks.forEach((name, uri) -> {
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost()) || "[::1]".equals(uri.getHost());
            if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && loopback))) {
                // Name only: the URL is the secret.
                throw new IllegalArgumentException("The Slack webhook '" + name + "' is not an https URL; fix it in the webhook secret.");
            }
        });
        return new SlackWebhooks() {
            @Override
            public Optional<URI> forRecipient(Recipient recipient) {
                return recipient.slack().map(webhooks::get);
            }

            @Override
            public String toString() {
                return "SlackWebhooks" + webhooks.keySet();
            }
        };
    }
}
