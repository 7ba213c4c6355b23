package dev.jita.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TargetConfigTest {

    @Test
    void fromEnvironment_shouldReadAccountsAndDefaults() {
        TargetConfig config = TargetConfig.fromEnvironment(Map.of("JITA_HOME_ACCOUNT", "111122223333",
                "JITA_TARGET_ACCOUNTS", " 444455556666, 777788889999 ,"), "aws-cn");

        assertEquals(List.of("111122223333", "444455556666", "777788889999"), config.accounts());
        assertEquals("arn:aws-cn:iam::444455556666:role/jita-system/jita-target", config.roleArn("444455556666"));
    }

    @Test
    void fromEnvironment_shouldServeOneAccount_whenNoTargetsAreListed() {
        TargetConfig config = TargetConfig.fromEnvironment(Map.of("JITA_HOME_ACCOUNT", "111122223333"), "aws");

        assertEquals(List.of("111122223333"), config.accounts());
    }

    @Test
    void fromEnvironment_shouldNameTheVariable_whenHomeIsMissingOrAListIsBad() {
        var missing = assertThrows(IllegalStateException.class, () -> TargetConfig.fromEnvironment(Map.of(), "aws"));
        assertTrue(missing.getMessage().contains("JITA_HOME_ACCOUNT"), missing.getMessage());
        var bad = assertThrows(IllegalStateException.class, () -> TargetConfig.fromEnvironment(Map.of(
                "JITA_HOME_ACCOUNT", "111122223333", "JITA_TARGET_ACCOUNTS", "4444-5555-6666"), "aws"));
        assertTrue(bad.getMessage().contains("JITA_TARGET_ACCOUNTS"), bad.getMessage());
        var home = assertThrows(IllegalStateException.class, () -> TargetConfig.fromEnvironment(Map.of(
                "JITA_HOME_ACCOUNT", "111122223333", "JITA_TARGET_ACCOUNTS", "111122223333"), "aws"));
        assertTrue(home.getMessage().contains("home account"), home.getMessage());
    }
}
