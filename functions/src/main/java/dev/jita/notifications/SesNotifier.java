package dev.jita.notifications;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.aws.AwsCallException;
import dev.jita.aws.AwsRestJson;
import dev.jita.aws.AwsServiceException;

import java.util.Objects;

/** E-mail through SES v2 SendEmail: a plain-text and an HTML part written by {@link Messages}. */
public final class SesNotifier implements Notifier {

    public static final String CHANNEL = "email";
    static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";
    private static final String UTF_8 = "UTF-8";

    private final AwsRestJson ses;
    private final SesConfig config;

    /** @param ses SES v2 on its REST-JSON protocol ({@code dev.jita.app.AwsClients#ses()} in Lambda) */
    public SesNotifier(AwsRestJson ses, SesConfig config) {
        this.ses = Objects.requireNonNull(ses, "ses");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String channel() {
        return CHANNEL;
    }

    @Override
    public boolean reaches(Recipient recipient) {
        return recipient.email().isPresent();
    }

    @Override
    public void send(Notification notification) {
        String to = notification.to().email().orElseThrow(() -> new NotificationException(CHANNEL, false,
                "Approver " + notification.to().approverId() + " has no e-mail address; add one in the rules file."));
        try {
            ses.call("SendEmail", "POST", SEND_EMAIL_PATH, request(notification, to));
        } catch (AwsCallException e) {
            throw mapped(e, notification);
        }
    }

    /** SendEmail's body (never logged: it holds the approval link). */
    ObjectNode request(Notification notification, String to) {
        MessageContent content = Messages.content(notification);
        ObjectNode request = JsonNodeFactory.instance.objectNode().put("FromEmailAddress", config.fromAddress());
        request.putObject("Destination").putArray("ToAddresses").add(to);
        ObjectNode simple = request.putObject("Content").putObject("Simple");
        simple.set("Subject", text(content.subject()));
        ObjectNode body = simple.putObject("Body");
        body.set("Text", text(Messages.plainText(content)));
        body.set("Html", text(Messages.html(content)));
        // Lets SES event destinations tell the kinds apart; tag values allow only [A-Za-z0-9_-].
        request.putArray("EmailTags").addObject().put("Name", "jita-kind").put("Value", notification.kind().name());
        config.configurationSet().ifPresent(set -> request.put("ConfigurationSetName", set));
        return request;
    }

    private static ObjectNode text(String data) {
        return JsonNodeFactory.instance.objectNode().put("Data", data).put("Charset", UTF_8);
    }

    /** Throttling, quotas, 5xx and network failures may pass on retry; everything else needs a person. */
    private static NotificationException mapped(AwsCallException e, Notification n) {
        String who = "to approver " + n.to().approverId();
        if (!(e instanceof AwsServiceException service)) {
            return new NotificationException(CHANNEL, true, "Could not reach SES to send the e-mail " + who + "; retry later.", e);
        }
        return switch (service.errorCode()) {
            case "TooManyRequestsException", "LimitExceededException" ->
                    new NotificationException(CHANNEL, true, "SES throttled the e-mail " + who + "; retry later.", e);
            case "SendingPausedException", "AccountSuspendedException" -> new NotificationException(CHANNEL, false,
                    "SES sending is paused for this account or configuration set, so the e-mail " + who
                            + " was not sent; re-enable sending in SES.", e);
            case "MailFromDomainNotVerifiedException" -> new NotificationException(CHANNEL, false,
                    "SES refused the sender because its MAIL FROM domain is not verified; verify it in SES.", e);
            case "MessageRejected" -> new NotificationException(CHANNEL, false, "SES rejected the e-mail " + who
                    + "; check that the sender is verified and, in the SES sandbox, the recipient too.", e);
            case "NotFoundException", "BadRequestException" -> new NotificationException(CHANNEL, false,
                    "SES refused the e-mail " + who + " as invalid; check the sender, the configuration set and the"
                            + " approver's address.", e);
            default -> new NotificationException(CHANNEL, service.retryable(), "SES failed to send the e-mail " + who
                    + " (" + service.reason() + ", HTTP " + service.statusCode() + ")"
                    + (service.retryable() ? "; retry later." : "; check the SES configuration."), e);
        };
    }
}
