package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

/**
 * SnapStart priming: every handler primes its hot path on offline clients, and what it asks of "AWS" is answered
 * in-process by {@link OfflineClients} (which opens no connection), so priming needs no table, key or workflow.
 */
class PrimingTest {

    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("JITA_REQUESTS_TABLE", "requests"),
            Map.entry("JITA_AUDIT_TABLE", "audit"),
            Map.entry("JITA_IDEMPOTENCY_TABLE", "idempotency"),
            Map.entry("JITA_RULES_FILE", "../config/rules.yaml"),
            Map.entry("JITA_HOME_ACCOUNT", "111122223333"),
            Map.entry("JITA_PUBLIC_BASE_URL", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"),
            Map.entry("JITA_STATE_MACHINE_ARN", "arn:aws:states:eu-west-1:111122223333:stateMachine:jita-approval"),
            Map.entry("JITA_LINK_KEY_ID", "arn:aws:kms:eu-west-1:111122223333:key/3333-current"),
            Map.entry("JITA_AUDIT_KEY_ID", "arn:aws:kms:eu-west-1:111122223333:key/4444-audit"),
            Map.entry("JITA_SES_SENDER", "jita@example.com"),
            Map.entry("JITA_SLACK_WEBHOOK_SECRET", "jita/slack"));

    @Test
    void rulesFile_shouldBeThere_forTheseTests() {
        assertTrue(Files.isRegularFile(Path.of(ENV.get("JITA_RULES_FILE"))));
    }

    @Test
    void intake_shouldPrimeReadsListsAndCreate_offline() {
        OfflineClients offline = new OfflineClients();
        Priming.prime("intake", ENV, offline);
        List<String> answered = offline.answered();
        assertTrue(answered.contains("DynamoDB_20120810.GetItem"), answered.toString());
        assertTrue(answered.contains("DynamoDB_20120810.Query"), answered.toString());
        assertTrue(answered.contains("AWSStepFunctions.StartExecution"), answered.toString());
    }

    @Test
    void intake_shouldPrimeTheInvokeOfTheRevokeFunction_offline_whenItIsConfigured() {
        Map<String, String> withTargets = new java.util.HashMap<>(ENV);
        withTargets.put("JITA_REVOKE_FUNCTION", "arn:aws:lambda:eu-west-1:111122223333:function:jita-revoke:live");
        OfflineClients offline = new OfflineClients();
        Priming.prime("intake", withTargets, offline);
        assertTrue(offline.answered().contains("POST /2015-03-31/functions/"
                + "arn%3Aaws%3Alambda%3Aeu-west-1%3A111122223333%3Afunction%3Ajita-revoke%3Alive/invocations"),
                offline.answered().toString());
        // Without it (no target accounts) every early revoke is in-process: no Lambda call at all.
        OfflineClients single = new OfflineClients();
        Priming.prime("intake", ENV, single);
        assertTrue(single.answered().stream().noneMatch(a -> a.contains("/invocations")), single.answered().toString());
    }

    @Test
    void approval_shouldPrimeLinkVerificationAndTheRead_offline() {
        OfflineClients offline = new OfflineClients();
        Priming.prime("approval", ENV, offline);
        List<String> answered = offline.answered();
        assertTrue(answered.contains("TrentService.GenerateMac"), answered.toString());
        assertTrue(answered.contains("TrentService.VerifyMac"), answered.toString());
        assertTrue(answered.contains("DynamoDB_20120810.GetItem"), answered.toString());
    }

    @Test
    void notify_shouldPrimeTheReadAndTheChannels_offline_sendingNothing() {
        OfflineClients offline = new OfflineClients();
        Priming.prime("notify", ENV, offline);
        List<String> answered = offline.answered();
        assertEquals("secretsmanager.GetSecretValue", answered.get(0), answered.toString());
        assertTrue(answered.contains("DynamoDB_20120810.GetItem"), answered.toString());
        assertTrue(answered.contains("TrentService.GenerateMac"), answered.toString());
        assertTrue(answered.stream().noneMatch(a -> a.contains("/v2/email/outbound-emails")), "no SES SendEmail: "
                + answered);
    }

    @Test
    void grantAndRevoke_shouldPrimeTheRead_offline() {
        OfflineClients grant = new OfflineClients();
        Priming.prime("grant", ENV, grant);
        assertTrue(grant.answered().containsAll(List.of("DynamoDB_20120810.GetItem", "GetRole", "PutRolePolicy",
                "ListRolePolicies")), grant.answered().toString());
        // The target-account path too: one AssumeRole, whose credentials the second ask finds in the cache.
        assertEquals(1, grant.answered().stream().filter("AssumeRole"::equals).count(), grant.answered().toString());
        assertEquals(2, grant.answered().stream().filter("GetRole"::equals).count(), grant.answered().toString());
        OfflineClients revoke = new OfflineClients();
        Priming.prime("revoke", ENV, revoke);
        assertTrue(revoke.answered().containsAll(List.of("DynamoDB_20120810.GetItem", "DeleteRolePolicy",
                        "AssumeRole")),
                revoke.answered().toString());
    }

    @Test
    void auditWriters_shouldPrimeGenerateMacOnTheAuditKey_andOnlyIntakeVerifyMac_offline() {
        // Intake, grant and revoke never use the link key: their KMS calls are the audit key's.
        for (String function : List.of("intake", "grant", "revoke")) {
            OfflineClients offline = new OfflineClients();
            Priming.prime(function, ENV, offline);
            assertTrue(offline.answered().contains("TrentService.GenerateMac"), function + " " + offline.answered());
            assertEquals(function.equals("intake"), offline.answered().contains("TrentService.VerifyMac"),
                    function + " " + offline.answered());
        }
    }

    @Test
    void handlers_shouldBeCracResources() {
        for (Class<?> handler : List.of(IntakeFunction.class, ApprovalFunction.class, NotifyFunction.class,
                GrantFunction.class, RevokeFunction.class)) {
            assertTrue(Resource.class.isAssignableFrom(handler), handler + " registers itself for priming");
        }
    }
}
