package dev.jita.identitycenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.Environment;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IdentityCenterConfigTest {
    private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";

    @Test
    void fromEnvironment_shouldBeEmpty_withoutAnInstance() {
        assertEquals(Optional.empty(), IdentityCenterConfig.fromEnvironment(Map.of()));
        assertEquals(Optional.empty(), IdentityCenterConfig.fromEnvironment(
                Map.of(Environment.IDENTITY_CENTER_INSTANCE_ARN, " ")));
    }

    @Test
    void fromEnvironment_shouldReadEverySetting() {
        IdentityCenterConfig config = IdentityCenterConfig.fromEnvironment(Map.of(
                Environment.IDENTITY_CENTER_INSTANCE_ARN, INSTANCE,
                Environment.IDENTITY_STORE_ID, "d-0123456789",
                Environment.IDENTITY_CENTER_REGION, "eu-west-1",
                Environment.IDENTITY_CENTER_ROLE_ARN, "arn:aws:iam::999988887777:role/jita-system/jita-identity-center"))
                .orElseThrow();

        assertEquals(INSTANCE, config.instanceArn());
        assertEquals("d-0123456789", config.identityStoreId());
        assertEquals(Optional.of("eu-west-1"), config.region());
        assertEquals(Optional.of("arn:aws:iam::999988887777:role/jita-system/jita-identity-center"), config.roleArn());
    }

    @Test
    void fromEnvironment_shouldNameTheVariable_whenAValueIsMissingOrMalformed() {
        var noStore = assertThrows(IllegalArgumentException.class, () -> IdentityCenterConfig.fromEnvironment(
                Map.of(Environment.IDENTITY_CENTER_INSTANCE_ARN, INSTANCE)));
        assertTrue(noStore.getMessage().contains(Environment.IDENTITY_STORE_ID), noStore.getMessage());
        var badInstance = assertThrows(IllegalArgumentException.class, () -> IdentityCenterConfig.fromEnvironment(
                Map.of(Environment.IDENTITY_CENTER_INSTANCE_ARN, "ssoins-0123", Environment.IDENTITY_STORE_ID,
                        "d-0123456789")));
        assertTrue(badInstance.getMessage().contains(Environment.IDENTITY_CENTER_INSTANCE_ARN));
        var badRole = assertThrows(IllegalArgumentException.class, () -> IdentityCenterConfig.fromEnvironment(
                Map.of(Environment.IDENTITY_CENTER_INSTANCE_ARN, INSTANCE, Environment.IDENTITY_STORE_ID,
                        "d-0123456789", Environment.IDENTITY_CENTER_ROLE_ARN, "jita-identity-center")));
        assertTrue(badRole.getMessage().contains(Environment.IDENTITY_CENTER_ROLE_ARN));
    }
}
