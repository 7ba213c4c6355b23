package dev.jita.notifications;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Slack through an incoming webhook: Block Kit written by {@link Messages}, with a URL button to the confirm page.
 * A 4xx (revoked webhook, bad payload) needs a person; 429, 5xx and timeouts may pass on retry. No message or
 * exception names the webhook URL.
 */
public final class SlackNotifier implements Notifier {

    public static final String CHANNEL = "slack";
    /** How much of Slack's error answer (e.g. {@code invalid_payload}, {@code no_service}) goes into an error. */
    private static final int ERROR_BODY_MAX = 100;

    private final HttpClient http;
    private final SlackWebhooks webhooks;
    private final Duration timeout;

    /**
     * @param http    built once per function; its connect timeout should be set too
     * @param timeout for the whole exchange with Slack
     */
    public SlackNotifier(HttpClient http, SlackWebhooks webhooks, Duration timeout) {
        this.http = Objects.requireNonNull(http, "http");
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public boolean reaches(Recipient recipient) {
        return webhooks.forRecipient(recipient).isPresent();
    }

    @Override
    public void send(Notification notification) {
        String who = "to approver " + notification.to().approverId();
        URI webhook = webhooks.forRecipient(notification.to()).orElseThrow(() -> new NotificationException(CHANNEL, false,
                "Approver " + notification.to().approverId() + " has no Slack webhook; add one to the webhook secret."));
        HttpRequest request = HttpRequest.newBuilder(webhook)
                .timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(Messages.slack(Messages.content(notification)), StandardCharsets.UTF_8))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new NotificationException(CHANNEL, true, "Slack did not answer within " + timeout.toMillis()
                    + " ms for the message " + who + "; retry later.");
        } catch (IOException e) {
            // No cause attached: I/O exceptions of the HTTP client can carry the URL, which is the secret.
            throw new NotificationException(CHANNEL, true, "Could not reach Slack for the message " + who + " ("
                    + e.getClass().getSimpleName() + "); retry later.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotificationException(CHANNEL, true, "Interrupted while sending the Slack message " + who + "; retry.");
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return;
        }
        String answer = slackError(response.body());
        if (status == 429 || status >= 500) {
            throw new NotificationException(CHANNEL, true, "Slack answered HTTP " + status + answer + " to the message "
                    + who + "; retry later.");
        }
        throw new NotificationException(CHANNEL, false, "Slack refused the message " + who + " with HTTP " + status + answer
                + "; check that the approver's webhook still exists.");
    }

    /** Slack's short error code, printable characters only, bounded. */
    private static String slackError(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String clean = body.replaceAll("[^\\x20-\\x7E]", "?").strip();
        return " (" + (clean.length() > ERROR_BODY_MAX ? clean.substring(0, ERROR_BODY_MAX) + "…" : clean) + ")";
    }
}
