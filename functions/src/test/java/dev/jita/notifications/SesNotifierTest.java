package dev.jita.notifications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import dev.jita.pages.Samples;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/** SES v2 SendEmail on its REST-JSON API, against a loopback server answering in SES's documented shapes. */
class SesNotifierTest {

    /** SES's success answer to SendEmail. */
    static final Reply SENT = Reply.json(200, "{\"MessageId\":\"010001812345abcd-EXAMPLE-000000\"}");

    private final LoopbackAws aws = new LoopbackAws();
    private final SesNotifier notifier = new SesNotifier(aws.ses(), new SesConfig("jita <jita@example.com>", Optional.of("jita-events")));

    @AfterEach
    void stop() {
        aws.close();
    }

    /** An SES v2 error as the service sends it: the code in x-amzn-ErrorType, the text in the body. */
    static Reply sesError(int status, String code, String message) {
        return Reply.json(status, "{\"message\":\"" + message + "\"}").withHeader("x-amzn-ErrorType", code);
    }

    @Test
    void send_shouldPostOneEmail_withSenderRecipientSubjectAndBothParts() {
        aws.reply(SENT);
        Notification n = NotifySamples.decisionNeeded();
        notifier.send(n);

        assertEquals(1, aws.received().size());
        LoopbackAws.Received sent = aws.last();
        assertEquals("POST", sent.method());
        assertEquals("/v2/email/outbound-emails", sent.path());
        assertEquals("eu-west-1/ses/aws4_request", LoopbackAws.credentialScope(sent));
        JsonNode r = sent.json();
        MessageContent content = Messages.content(n);
        assertEquals("jita <jita@example.com>", r.path("FromEmailAddress").asText());
        assertEquals("[\"alice@example.com\"]", r.path("Destination").path("ToAddresses").toString());
        assertEquals(1, r.path("Destination").size(), "no Cc or Bcc");
        JsonNode simple = r.path("Content").path("Simple");
        assertEquals("[jita] Approve ec2:TerminateInstances and 1 more on " + Samples.RESOURCE + "?", simple.path("Subject").path("Data").asText());
        assertEquals("UTF-8", simple.path("Subject").path("Charset").asText());
        assertEquals(Messages.plainText(content), simple.path("Body").path("Text").path("Data").asText());
        assertEquals(Messages.html(content), simple.path("Body").path("Html").path("Data").asText());
        assertEquals("UTF-8", simple.path("Body").path("Html").path("Charset").asText());
        assertEquals("jita-events", r.path("ConfigurationSetName").asText());
        assertEquals("jita-kind", r.path("EmailTags").get(0).path("Name").asText());
        assertEquals("DECISION_NEEDED", r.path("EmailTags").get(0).path("Value").asText());
    }

    @Test
    void send_shouldLeaveOutTheConfigurationSet_whenNoneIsConfigured() {
        aws.reply(SENT);
        new SesNotifier(aws.ses(), new SesConfig("jita@example.com", Optional.empty())).send(NotifySamples.decisionNeeded());
        assertFalse(aws.last().json().has("ConfigurationSetName"));
    }

    @Test
    void reaches_shouldBeFalse_whenTheApproverHasNoEmail() {
        Recipient slackOnly = new Recipient("bob", Optional.empty(), Optional.of("bob"));
        assertFalse(notifier.reaches(slackOnly));
        assertTrue(notifier.reaches(NotifySamples.ALICE));
    }

    @Test
    void send_shouldBeRetryable_whenSesThrottles_or5xx() {
        for (Reply reply : List.of(
                sesError(429, "TooManyRequestsException", "Maximum sending rate exceeded."),
                sesError(400, "LimitExceededException", "Daily message quota exceeded."),
                sesError(500, "InternalFailure", "Internal error"))) {
            aws.respond(r -> reply);
            NotificationException error = assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()));
            assertTrue(error.retryable(), reply.toString());
            assertEquals("email", error.channel());
            assertInstanceOf(SdkException.class, error.getCause());
        }
    }

    @Test
    void send_shouldBeRetryable_whenSesCannotBeReached() {
        LoopbackAws gone = new LoopbackAws();
        SesNotifier unreachable = new SesNotifier(gone.ses(), new SesConfig("jita@example.com", Optional.empty()));
        gone.close();
        NotificationException error = assertThrows(NotificationException.class, () -> unreachable.send(NotifySamples.decisionNeeded()));
        assertTrue(error.retryable());
        assertTrue(error.getMessage().startsWith("Could not reach SES"), error.getMessage());
    }

    @Test
    void send_shouldNotBeRetryable_whenSesRejectsTheMessage_orSendingIsPaused_orTheRequestIsBad() {
        aws.reply(sesError(400, "MessageRejected", "Email address is not verified. The following identities failed the check in region EU-WEST-1: jita@example.com"));
        NotificationException rejected = assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()));
        assertFalse(rejected.retryable());
        assertTrue(rejected.getMessage().startsWith("SES rejected the e-mail to approver alice; check that the sender is verified"));

        aws.reply(sesError(400, "SendingPausedException", "Sending is paused for this account."));
        NotificationException paused = assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()));
        assertFalse(paused.retryable());
        assertTrue(paused.getMessage().contains("re-enable sending in SES"));

        aws.reply(sesError(400, "AccountSuspendedException", "The account is suspended."));
        assertFalse(assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded())).retryable());

        aws.reply(sesError(400, "MailFromDomainNotVerifiedException", "MAIL FROM domain not verified."));
        assertTrue(assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()))
                .getMessage().contains("MAIL FROM domain is not verified"));

        aws.reply(sesError(404, "NotFoundException", "Configuration set jita-events does not exist."));
        NotificationException notFound = assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()));
        assertFalse(notFound.retryable());
        assertTrue(notFound.getMessage().contains("as invalid"));

        aws.reply(sesError(400, "BadRequestException", "Missing required field."));
        assertFalse(assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded())).retryable());

        aws.reply(sesError(403, "AccessDeniedException", "not authorized to perform ses:SendEmail"));
        NotificationException denied = assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()));
        assertFalse(denied.retryable());
        assertTrue(denied.getMessage().contains("AccessDeniedException, HTTP 403"), denied.getMessage());
        assertEquals(7, aws.received().size(), "no non-retryable error is retried");
    }

    @Test
    void config_shouldRefuse_aSenderThatIsNotAnAddress() {
        assertThrows(IllegalArgumentException.class, () -> new SesConfig("jita", Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new SesConfig("jita@example.com\r\nBcc: x@example.com", Optional.empty()));
    }
}
