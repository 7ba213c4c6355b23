package dev.jita.local;

import static dev.jita.audit.AuditType.APPROVAL_RECORDED;
import static dev.jita.audit.AuditType.APPROVED;
import static dev.jita.audit.AuditType.EXPIRED;
import static dev.jita.audit.AuditType.GRANTED;
import static dev.jita.audit.AuditType.GRANT_FAILED;
import static dev.jita.audit.AuditType.NOTIFIED;
import static dev.jita.audit.AuditType.REQUESTED;
import static dev.jita.audit.AuditType.REVOKED;
import static dev.jita.audit.AuditType.SWEEPER_REMOVED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.app.Metric;
import dev.jita.asl.ExecutionDescription;
import dev.jita.asl.ExecutionStatus;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.AuditType;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.Status;
import dev.jita.iam.GrantPolicy;
import dev.jita.store.StoredRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 13 through the real approval.asl.json and handlers: jita local's three accounts (the jita account, account
 * B with jita's target role, account C configured without it), the STS stand-in enforcing the target roles' trust.
 */
class MultiAccountIT {
    private static final String B = LocalJita.ACCOUNT_B;
    private static final String C = LocalJita.ACCOUNT_C;

    private final Desk desk = new Desk();
    private final LocalJita jita = desk.jita;

    @AfterEach
    void close() {
        desk.close();
    }

    /** POST /requests as Engineer/{@code session} of {@code account}: reboot one instance of that account. */
    private String askToReboot(String account, String session) {
        Api.Answer answer = desk.api.send("create-ok", account, "Engineer", session, null, """
                {"actions": ["ec2:RebootInstances"],
                 "resources": ["arn:aws:ec2:eu-west-1:%s:instance/i-0abc1234567890def"],
                 "durationMinutes": 30, "justification": "Reboot the wedged batch host in another account"}"""
                .formatted(account));
        assertEquals(202, answer.status(), answer.body().toString());
        jita.stepFunctions().runUntilIdle();
        return answer.body().get("requestId").asText();
    }

    private void assertTrail(String requestId, AuditType... expected) {
        assertEquals(List.of(expected), desk.auditTypes(requestId));
        assertTrue(jita.auditLog().verify(requestId).valid(), "the audit chain verifies");
    }

    private AuditEntry last(String requestId) {
        List<AuditEntry> entries = jita.auditLog().entries(requestId);
        return entries.get(entries.size() - 1);
    }

    @Test
    void requesterInAccountB_shouldGetThePolicyOnTheirRoleInB_andNowhereElse_untilTheWindowEnds() {
        String id = askToReboot(B, "bob-b");
        desk.approve(id, "alice");

        StoredRequest active = desk.runUntil(id, Status.ACTIVE);

        GrantWindow window = active.window();
        GrantPolicy expected = GrantPolicy.of(active.request(), window.notBefore(), window.notAfter());
        assertEquals(expected.document(), jita.localIam(B).getRolePolicy("Engineer", expected.policyName()));
        assertEquals(List.of(expected.policyName()), jita.localIam(B).listRolePolicies("Engineer"));
        assertEquals(List.of(), jita.localIam().listRolePolicies("Engineer"), "not the jita account's Engineer");
        assertEquals(List.of(), jita.localIam(C).listRolePolicies("Engineer"), "not account C's Engineer");
        assertEquals(List.of(), jita.localIam(B).listRolePolicies("jita-target"), "never the target role");
        assertEquals(1, jita.sts().calls(), "one AssumeRole for the grant");

        ExecutionDescription done = desk.finish(id);

        assertEquals(ExecutionStatus.SUCCEEDED, done.status());
        assertEquals(List.of(), jita.localIam(B).listRolePolicies("Engineer"), "removed at the window's end");
        assertEquals(Status.EXPIRED, desk.request(id).status());
        assertTrail(id, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, GRANTED, EXPIRED);
        // 900-second credentials are past their refresh point 30 minutes later: the revoke assumed once more.
        assertEquals(2, jita.sts().calls());
    }

    @Test
    void requesterInAccountB_shouldLoseThePolicyInB_atOnce_byEarlyRevoke() {
        String id = askToReboot(B, "bob-b");
        desk.approve(id, "alice");
        desk.runUntil(id, Status.ACTIVE);

        Api.Answer revoked = desk.api.send("revoke", B, "Engineer", "bob-b", id, null);

        assertEquals(200, revoked.status(), revoked.body().toString());
        assertEquals(List.of(), jita.localIam(B).listRolePolicies("Engineer"), "gone before the window ends");
        assertEquals(1, jita.sts().calls(), "the early revoke reused the grant's credentials");
        assertEquals(ExecutionStatus.SUCCEEDED, desk.finish(id).status());
        assertEquals(Status.REVOKED, desk.request(id).status());
        assertTrail(id, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, GRANTED, REVOKED);
    }

    @Test
    void requesterInAccountC_shouldEndGrantFailed_namingAccountCAndTheStackToDeploy() {
        String id = askToReboot(C, "carl-c");
        desk.approve(id, "alice");

        ExecutionDescription done = desk.finish(id);

        // The failed execution is what the grant-failure alarm (WorkflowFailedAlarm, ExecutionsFailed) counts.
        assertEquals(ExecutionStatus.FAILED, done.status());
        assertEquals(Status.FAILED, desk.request(id).status());
        assertTrail(id, REQUESTED, NOTIFIED, APPROVAL_RECORDED, APPROVED, GRANT_FAILED);
        AuditEntry failed = last(id);
        assertEquals("TARGET_ACCOUNT_UNREACHABLE", failed.details().get(AuditEvents.REASON_CODE));
        String reason = failed.details().get(AuditEvents.REASON);
        assertTrue(reason.startsWith("jita cannot act in account " + C + ": its target role arn:aws:iam::" + C
                + ":role/jita-system/jita-target is missing or does not trust jita's grant function; deploy the"
                + " JitaTarget stack to that account (README: Rolling jita out across an organization)."), reason);
        assertTrue(reason.contains("User: " + LocalJita.FUNCTIONS_SESSION_ARN + " is not authorized to perform:"
                + " sts:AssumeRole on resource: arn:aws:iam::" + C + ":role/jita-system/jita-target"), reason);
        assertEquals(List.of(), jita.localIam(C).listRolePolicies("Engineer"));
        assertEquals(1, jita.sts().calls(), "a refusal is final: not retried by the workflow");
    }

    @Test
    void sweeper_shouldRemoveAnOrphanInAccountB_whileAccountCIsUnreachable_countingC() {
        String orphan = "jita-r-orphanorphanorphanorphan";
        jita.localIam(B).putRolePolicy("Engineer", orphan, """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:RebootInstances",
                 "Resource":"arn:aws:ec2:eu-west-1:444455556666:instance/*"}]}""");

        Map<String, Object> report = jita.sweeper().handleRequest(Map.of("source", "aws.events"),
                LocalLambdaContext.of("sweeper"));

        assertEquals(List.of(B + ":Engineer/" + orphan), report.get("removed"), report.toString());
        assertEquals(List.of(), jita.localIam(B).listRolePolicies("Engineer"));
        List<?> failures = (List<?>) report.get("failures");
        assertEquals(1, failures.size(), report.toString());
        assertTrue(failures.get(0).toString().startsWith("account " + C + ", "), failures.toString());
        assertEquals(1, jita.metrics().get(Metric.SweepAccountFailed));
    }

    @Test
    void sweeper_shouldRemoveAGrantsPolicyFoundInAnotherAccount_andAuditItOnTheRequest() {
        String id = askToReboot(B, "bob-b");
        desk.approve(id, "alice");
        desk.runUntil(id, Status.ACTIVE);
        String policy = GrantPolicy.policyNameFor(id);
        // The same policy name on the home account's Engineer: not this grant's role.
        jita.localIam().putRolePolicy("Engineer", policy, jita.localIam(B).getRolePolicy("Engineer", policy));

        Map<String, Object> report = jita.sweeper().handleRequest(Map.of("source", "aws.events"),
                LocalLambdaContext.of("sweeper"));

        assertEquals(List.of("Engineer/" + policy), report.get("removed"), report.toString());
        assertEquals(List.of(policy), jita.localIam(B).listRolePolicies("Engineer"), "the grant itself stays");
        assertEquals(SWEEPER_REMOVED, last(id).type());
    }
}
