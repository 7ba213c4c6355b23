package dev.jita.notify;

import dev.jita.web.Samples;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailResponse;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SesNotifierTest {

    /** SES without a network: records each SendEmail, or throws what it was told to. */
    static final class FakeSes implements SesV2Client {
        final List<SendEmailRequest> sent = new ArrayList<>();
        SdkException failure;

        @Override
        public SendEmailResponse sendEmail(SendEmailRequest request) {
            if (failure != null) {
                throw failure;
            }
            sent.add(request);
            return SendEmailResponse.builder().messageId("0100-fake").build();
        }

        @Override
        public String serviceName() {
            return "ses";
        }

        @Override
        public void close() {
        }
    }

    private final FakeSes ses = new FakeSes();
    private final SesNotifier notifier = new SesNotifier(ses, new SesConfig("jita <jita@example.com>", Optional.of("jita-events")));

    @Test
    void send_shouldBuildOneEmail_withSenderRecipientSubjectAndBothParts() {
        Notification n = NotifySamples.decisionNeeded();
        notifier.send(n);
        assertEquals(1, ses.sent.size());
        SendEmailRequest r = ses.sent.get(0);
        MessageContent content = Messages.content(n);
        assertEquals("jita <jita@example.com>", r.fromEmailAddress());
        assertEquals(List.of("alice@example.com"), r.destination().toAddresses());
        assertTrue(r.destination().ccAddresses().isEmpty() && r.destination().bccAddresses().isEmpty());
        assertEquals("[jita] Approve ec2:TerminateInstances and 1 more on " + Samples.RESOURCE + "?", r.content().simple().subject().data());
        assertEquals("UTF-8", r.content().simple().subject().charset());
        assertEquals(Messages.plainText(content), r.content().simple().body().text().data());
        assertEquals(Messages.html(content), r.content().simple().body().html().data());
        assertEquals("UTF-8", r.content().simple().body().html().charset());
        assertEquals("jita-events", r.configurationSetName());
        assertEquals("DECISION_NEEDED", r.emailTags().get(0).value());
    }

    @Test
    void reaches_shouldBeFalse_whenTheApproverHasNoEmail() {
        Recipient slackOnly = new Recipient("bob", Optional.empty(), Optional.of("bob"));
        assertFalse(notifier.reaches(slackOnly));
        assertTrue(notifier.reaches(NotifySamples.ALICE));
    }

    @Test
    void send_shouldBeRetryable_whenSesThrottles_or5xx_orTheNetworkFails() {
        for (SdkException e : List.of(
                TooManyRequestsException.builder().message("Maximum sending rate exceeded.").statusCode(429).build(),
                AwsServiceException.builder().statusCode(500)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalFailure").build()).build(),
                SdkClientException.create("Unable to execute HTTP request: connect timed out"))) {
            ses.failure = e;
            NotificationException error = assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()));
            assertTrue(error.retryable(), e.toString());
            assertEquals("email", error.channel());
            assertSame(e, error.getCause());
        }
    }

    @Test
    void send_shouldNotBeRetryable_whenSesRejectsTheMessage_orSendingIsPaused() {
        ses.failure = MessageRejectedException.builder().message("Email address is not verified.").statusCode(400).build();
        NotificationException rejected = assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()));
        assertFalse(rejected.retryable());
        assertTrue(rejected.getMessage().startsWith("SES rejected the e-mail to approver alice; check that the sender is verified"));

        ses.failure = SendingPausedException.builder().message("paused").statusCode(400).build();
        NotificationException paused = assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()));
        assertFalse(paused.retryable());
        assertTrue(paused.getMessage().contains("re-enable sending in SES"));
    }

    @Test
    void config_shouldRefuse_aSenderThatIsNotAnAddress() {
        assertThrows(IllegalArgumentException.class, () -> new SesConfig("jita", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new SesConfig("jita@example.com\r\nBcc: x@example.com", Optional.empty()));
    }
}
