package dev.jita.cli.output;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ViewsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode request(boolean identityCenter) throws Exception {
        String sso = identityCenter ? """
                , "identityCenter": {"userName": "dana@example.com", "permissionSet": "jita-abc",
                   "account": "111122223333", "howToUse": "Sign in again and choose permission set jita-abc."}""" : "";
        return JSON.readTree("""
                {"requestId": "r-abc", "status": "ACTIVE", "ruleId": "prod-ec2-reboot-sso",
                 "actions": ["ec2:RebootInstances"], "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-1"],
                 "durationMinutes": 30, "justification": "wedged",
                 "window": {"notBefore": "2026-03-02T09:00:00Z", "notAfter": "2026-03-02T09:30:00Z"}%s}"""
                .formatted(sso));
    }

    @Test
    void progress_shouldTellAnIdentityCenterUserWhichPermissionSetToPick_whenActive() throws Exception {
        Instant now = Instant.parse("2026-03-02T09:10:00Z");

        String line = Views.progress(request(true), now, Duration.ZERO);

        assertTrue(line.contains("choose permission set jita-abc in account 111122223333"), line);
        assertFalse(Views.progress(request(false), now, Duration.ZERO).contains("permission set"));
    }

    @Test
    void detail_shouldShowThePermissionSetAndHowToUseIt_forAnIdentityCenterUser() throws Exception {
        String text = Views.detail(request(true));

        assertTrue(text.contains("jita-abc in account 111122223333"), text);
        assertTrue(text.contains("Sign in again and choose permission set jita-abc."), text);
        assertFalse(Views.detail(request(false)).contains("Permission set"));
    }
}
