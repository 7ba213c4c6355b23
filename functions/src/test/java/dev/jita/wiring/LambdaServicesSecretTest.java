package dev.jita.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The notify function's read of the Slack webhook secret: Secrets Manager GetSecretValue on its JSON 1.1 API. */
class LambdaServicesSecretTest {
    private static final String WEBHOOKS = "{\"bob\":\"https://hooks.slack.com/services/T000/B000/secretpart\"}";

    private final LoopbackAws aws = new LoopbackAws();

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void readSecret_shouldAskForTheSecretById_andReturnItsString() {
        aws.reply(Reply.json(200, "{\"ARN\":\"arn:aws:secretsmanager:eu-west-1:111122223333:secret:jita/slack-a1b2c3\","
                + "\"Name\":\"jita/slack\",\"SecretString\":" + new com.fasterxml.jackson.databind.node.TextNode(WEBHOOKS)
                + ",\"VersionId\":\"EXAMPLE1-90ab-cdef-fedc-ba987SECRET1\",\"VersionStages\":[\"AWSCURRENT\"],"
                + "\"CreatedDate\":1.523477145713E9}"));

        assertEquals(WEBHOOKS, LambdaServices.readSecret(aws.secretsManager(), "jita/slack"));
        LoopbackAws.Received sent = aws.last();
        assertEquals("secretsmanager.GetSecretValue", sent.header("X-Amz-Target"));
        assertEquals("jita/slack", sent.json().path("SecretId").asText());
        assertEquals("eu-west-1/secretsmanager/aws4_request", LoopbackAws.credentialScope(sent));
    }

    @Test
    void readSecret_shouldNameTheSecretAndWhatToCheck_whenItCannotBeRead() {
        aws.reply(Reply.json(400, "{\"__type\":\"ResourceNotFoundException\",\"Message\":\"Secrets Manager can't find the specified secret.\"}"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LambdaServices.readSecret(aws.secretsManager(), "jita/slack"));
        assertTrue(e.getMessage().contains("jita/slack") && e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
        assertTrue(e.getMessage().contains("secretsmanager:GetSecretValue"));
    }

    @Test
    void readSecret_shouldRefuseABinarySecret_withoutPrintingIt() {
        aws.reply(Reply.json(200, "{\"Name\":\"jita/slack\",\"SecretBinary\":\"c2VjcmV0cGFydA==\"}"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LambdaServices.readSecret(aws.secretsManager(), "jita/slack"));
        assertTrue(e.getMessage().contains("holds no string"));
        assertFalse(e.getMessage().contains("c2VjcmV0cGFydA"));
    }
}
