package dev.jita.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.localstack.LocalStackAws;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The notify function's read of the Slack webhook secret ({@link LambdaServices#readSecret}, package-private, hence
 * this package) on LocalStack's Secrets Manager: the stored string comes back as stored, and a secret that is not
 * there fails with a message naming it and what to check, never a value.
 */
@Testcontainers(disabledWithoutDocker = true)
class SecretsLocalStackIT {

    private static final String WEBHOOKS = "{\"bob\":\"https://hooks.slack.com/services/T000/B000/secretpart\"}";

    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackAws.container(Service.SECRETSMANAGER);

    private static SecretsManagerClient secrets;

    @BeforeAll
    static void client() {
        secrets = LocalStackAws.secretsManager(LOCALSTACK);
    }

    @Test
    void readSecret_shouldReturnTheSecretString_byNameAndByArn() {
        String name = "jita/slack-" + UUID.randomUUID().toString().substring(0, 8);
        String arn = secrets.createSecret(r -> r.name(name).secretString(WEBHOOKS)).arn();

        assertEquals(WEBHOOKS, LambdaServices.readSecret(secrets, name));
        assertEquals(WEBHOOKS, LambdaServices.readSecret(secrets, arn));
    }

    @Test
    void readSecret_shouldNameTheSecretAndWhatToCheck_whenItDoesNotExist() {
        String missing = "jita/missing-" + UUID.randomUUID().toString().substring(0, 8);

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LambdaServices.readSecret(secrets, missing));

        assertTrue(e.getMessage().contains("could not read the secret " + missing), e.getMessage());
        assertTrue(e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
        assertTrue(e.getMessage().contains("secretsmanager:GetSecretValue"), e.getMessage());
    }

    @Test
    void readSecret_shouldRefuseABinarySecret_withoutPrintingIt() {
        String name = "jita/binary-" + UUID.randomUUID().toString().substring(0, 8);
        secrets.createSecret(r -> r.name(name).secretBinary(SdkBytes.fromUtf8String("secretpart")));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> LambdaServices.readSecret(secrets, name));

        assertTrue(e.getMessage().contains("holds no string"), e.getMessage());
        assertFalse(e.getMessage().contains("secretpart"), e.getMessage());
    }
}
