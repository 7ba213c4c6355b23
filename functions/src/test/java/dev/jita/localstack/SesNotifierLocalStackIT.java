package dev.jita.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.notifications.MessageContent;
import dev.jita.notifications.Messages;
import dev.jita.notifications.Notification;
import dev.jita.notifications.NotificationException;
import dev.jita.notifications.NotifySamples;
import dev.jita.notifications.SesConfig;
import dev.jita.notifications.SesNotifier;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.EnabledService;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * {@link SesNotifier} on LocalStack's SES v2: an approval e-mail sent from a verified identity is recorded as sent
 * (LocalStack lists sent messages at {@code GET /_aws/ses}), and a sender that is not verified is refused with a
 * NotificationException that says retrying will not help.
 *
 * <p>LocalStack emulates SES v2 only in its paid image (its free image, and the free plan, have SES v1 alone), so
 * this class needs a LOCALSTACK_AUTH_TOKEN whose plan includes SES v2 and is skipped without one. SesNotifierTest
 * covers the same requests and error mapping against a loopback server in every build.
 */
@Testcontainers(disabledWithoutDocker = true)
@EnabledIfEnvironmentVariable(named = LocalStackAws.AUTH_TOKEN, matches = ".+",
        disabledReason = "SES v2 is in LocalStack's paid image only: set LOCALSTACK_AUTH_TOKEN to run this class")
class SesNotifierLocalStackIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FROM = "jita@example.com";

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(LocalStackAws.PRO_IMAGE)
            .withServices(Service.SES, EnabledService.named("sesv2"))
            .withEnv(LocalStackAws.AUTH_TOKEN, System.getenv().getOrDefault(LocalStackAws.AUTH_TOKEN, ""));

    private static SesV2Client ses;

    @BeforeAll
    static void verifiedSender() {
        ses = LocalStackAws.ses(LOCALSTACK);
        // On AWS the owner of the address confirms by mail; LocalStack verifies an identity when it is created.
        ses.createEmailIdentity(r -> r.emailIdentity(FROM));
    }

    @Test
    void send_shouldDeliverTheApprovalMail_fromTheVerifiedSender_withBothParts() throws Exception {
        Notification n = NotifySamples.decisionNeeded();
        MessageContent content = Messages.content(n);

        new SesNotifier(ses, new SesConfig(FROM, Optional.empty())).send(n);

        List<JsonNode> sent = sentFrom(FROM);
        JsonNode mail = sent.stream().filter(m -> content.subject().equals(m.path("Subject").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no mail with subject " + content.subject() + " in " + sent));
        assertEquals(List.of(NotifySamples.ALICE.email().orElseThrow()),
                StreamSupport.stream(mail.path("Destination").path("ToAddresses").spliterator(), false)
                        .map(JsonNode::asText).toList());
        assertEquals(Messages.plainText(content), mail.path("Body").path("text_part").asText());
        assertTrue(mail.path("Body").path("html_part").asText().contains(NotifySamples.LINK.toString()),
                "the HTML part carries the approval link");
    }

    @Test
    void send_shouldFailWithoutRetry_whenTheSenderIsNotVerified() {
        SesNotifier unverified = new SesNotifier(ses, new SesConfig("jita@not-verified.example", Optional.empty()));

        NotificationException e = assertThrows(NotificationException.class,
                () -> unverified.send(NotifySamples.decisionNeeded()));

        assertEquals(SesNotifier.CHANNEL, e.channel());
        assertFalse(e.retryable(), "a person must verify the sender first: " + e.getMessage());
        assertFalse(e.getMessage().contains(NotifySamples.LINK_TOKEN), "the link never reaches an error message");
    }

    /** The messages LocalStack recorded as sent from {@code source} (its SES developer endpoint). */
    private static List<JsonNode> sentFrom(String source) throws IOException, InterruptedException {
        URI uri = URI.create(LOCALSTACK.getEndpoint() + "/_aws/ses?email="
                + URLEncoder.encode(source, StandardCharsets.UTF_8));
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return StreamSupport.stream(JSON.readTree(response.body()).path("messages").spliterator(), false).toList();
    }
}
