package dev.jita.notifications;

import dev.jita.app.AwsErrors;
import java.util.Objects;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/** E-mail through SES v2 SendEmail: a plain-text and an HTML part written by {@link Messages}. */
public final class SesNotifier implements Notifier {

    public static final String CHANNEL = "email";
    private static final String UTF_8 = "UTF-8";

    private final SesV2Client ses;
    private final SesConfig config;

    /** @param ses the SDK's SES v2 client ({@code dev.jita.app.AwsClients} builds it in Lambda) */
    public SesNotifier(SesV2Client ses, SesConfig config) {
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
            ses.sendEmail(request(notification, to));
        } catch (SdkException e) {
            throw mapped(e, notification);
        }
    }

    /** SendEmail's request (never logged: it holds the approval link). */
    SendEmailRequest request(Notification notification, String to) {
        MessageContent content = Messages.content(notification);
        return SendEmailRequest.builder()
                .fromEmailAddress(config.fromAddress())
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m.subject(text(content.subject()))
                        .body(b -> b.text(text(Messages.plainText(content))).html(text(Messages.html(content))))))
                // Lets SES event destinations tell the kinds apart; tag values allow only [A-Za-z0-9_-].
                .emailTags(MessageTag.builder().name("jita-kind").value(notification.kind().name()).build())
                .configurationSetName(config.configurationSet().orElse(null))
                .build();
    }

    private static Content text(String data) {
        return Content.builder().data(data).charset(UTF_8).build();
    }

    /** Throttling, quotas, 5xx and network failures may pass on retry; everything else needs a person. */
    private static NotificationException mapped(SdkException e, Notification n) {
        String who = "to approver " + n.to().approverId();
        if (!(e instanceof AwsServiceException service)) {
            return new NotificationException(CHANNEL, true, "Could not reach SES to send the e-mail " + who + "; retry later.", e);
        }
        boolean retryable = AwsErrors.retryable(e);
        return switch (AwsErrors.code(e)) {
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
            default -> new NotificationException(CHANNEL, retryable, "SES failed to send the e-mail " + who
                    + " (" + AwsErrors.reason(e) + ", HTTP " + service.statusCode() + ")"
                    + (retryable ? "; retry later." : "; check the SES configuration."), e);
        };
    }
}
