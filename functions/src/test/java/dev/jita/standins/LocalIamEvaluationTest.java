package dev.jita.standins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.domain.AccessRequest;
import dev.jita.domain.Requester;
import dev.jita.iam.GrantPolicy;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamRole;
import dev.jita.standins.PolicyEvaluation.Decision;
import dev.jita.store.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The IAM stand-in's evaluation of jita's real grant policy, and the CloudTrail event of each try. */
class LocalIamEvaluationTest {
    private static final String ACCOUNT = "111122223333";
    private static final String INSTANCE = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc";
    private static final String TERMINATE = "ec2:TerminateInstances";
    private static final Instant NOT_BEFORE = Instant.parse("2026-03-02T09:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2026-03-02T09:30:00Z");

    private final LocalIam iam = new LocalIam(ACCOUNT, new Random(3));
    private final IamRole dev = iam.createRole("dev", "/jita/");

    private void grantTo(String session) {
        Requester who = new Requester("arn:aws:sts::" + ACCOUNT + ":assumed-role/dev/" + session, ACCOUNT, "dev",
                session, dev.roleId() + ":" + session);
        AccessRequest request = new AccessRequest("r-1", who, List.of(TERMINATE), List.of(INSTANCE),
                Duration.ofMinutes(30), "Terminate the stuck instance", null, null, "prod-ec2-terminate",
                NOT_BEFORE.minusSeconds(60));
        GrantPolicy policy = GrantPolicy.of(request, NOT_BEFORE, NOT_AFTER);
        iam.putRolePolicy("dev", policy.policyName(), policy.document());
    }

    @Test
    void evaluate_shouldDeny_beforeTheWindow_allowDuringIt_andDenyFromItsEnd() {
        grantTo("alice");

        assertEquals(Decision.IMPLICIT_DENY, iam.evaluate("dev", "alice", TERMINATE, INSTANCE,
                NOT_BEFORE.minusSeconds(1)));
        assertEquals(Decision.ALLOWED, iam.evaluate("dev", "alice", TERMINATE, INSTANCE, NOT_BEFORE.plusSeconds(1)));
        assertEquals(Decision.ALLOWED, iam.evaluate("dev", "alice", TERMINATE, INSTANCE, NOT_AFTER.minusSeconds(1)));
        assertEquals(Decision.IMPLICIT_DENY, iam.evaluate("dev", "alice", TERMINATE, INSTANCE, NOT_AFTER));
    }

    @Test
    void evaluate_shouldDeny_anotherSessionOfTheSameRole_inTheWindow() {
        grantTo("alice");

        assertEquals(Decision.IMPLICIT_DENY, iam.evaluate("dev", "bob", TERMINATE, INSTANCE,
                NOT_BEFORE.plusSeconds(60)));
    }

    @Test
    void evaluate_shouldDeny_anotherActionOrResource_andMatchActionsIgnoringCase() {
        grantTo("alice");
        Instant during = NOT_BEFORE.plusSeconds(60);

        assertEquals(Decision.IMPLICIT_DENY, iam.evaluate("dev", "alice", "ec2:StopInstances", INSTANCE, during));
        assertEquals(Decision.IMPLICIT_DENY, iam.evaluate("dev", "alice", TERMINATE, INSTANCE + "d", during));
        assertEquals(Decision.ALLOWED, iam.evaluate("dev", "alice", "EC2:terminateinstances", INSTANCE, during));
    }

    @Test
    void evaluate_shouldLetAnExplicitDenyWin_andMatchWildcards() {
        iam.putRolePolicy("dev", "base", """
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":"ec2:*","Resource":"arn:aws:ec2:eu-west-1:111122223333:instance/i-0a?c"},
                 {"Effect":"Deny","Action":"ec2:Terminate*","Resource":"*",
                  "Condition":{"StringLike":{"aws:userid":"*:mallory"}}}]}""");
        Instant now = NOT_BEFORE;

        assertEquals(Decision.ALLOWED, iam.evaluate("dev", "alice", TERMINATE, INSTANCE, now));
        assertEquals(Decision.EXPLICIT_DENY, iam.evaluate("dev", "mallory", TERMINATE, INSTANCE, now));
        assertEquals(Decision.IMPLICIT_DENY, iam.evaluate("dev", "alice", TERMINATE, INSTANCE + "x", now));
    }

    @Test
    void evaluate_shouldFailAsIamDoes_forAnUnknownRole() {
        assertThrows(IamGatewayException.NoSuchEntity.class,
                () -> iam.evaluate("nobody", "alice", TERMINATE, INSTANCE, NOT_BEFORE));
    }

    @Test
    void attempt_shouldAnswerInIamsWords_andEmitTheCloudTrailEvent_beforeDuringAndAfterTheWindow() {
        grantTo("alice");
        MutableClock clock = new MutableClock(NOT_BEFORE.minusSeconds(30));
        List<Map<String, Object>> trail = new ArrayList<>();
        LocalCalls calls = new LocalCalls(account -> ACCOUNT.equals(account) ? iam : null, clock, event -> {
            trail.add(event);
            return Map.of("outcome", "RECORDED");
        });
        String alice = "arn:aws:sts::" + ACCOUNT + ":assumed-role/dev/alice";

        LocalCalls.Attempt before = calls.attempt(alice, TERMINATE, INSTANCE);
        clock.set(NOT_BEFORE.plusSeconds(600));
        LocalCalls.Attempt during = calls.attempt(alice, TERMINATE, INSTANCE);
        clock.set(NOT_AFTER.plusSeconds(60));
        LocalCalls.Attempt after = calls.attempt(alice, TERMINATE, INSTANCE);

        assertEquals(List.of(false, true, false), List.of(before.allowed(), during.allowed(), after.allowed()));
        assertEquals("Client.UnauthorizedOperation", after.errorCode());
        assertEquals("User: " + alice + " is not authorized to perform: ec2:TerminateInstances on resource: "
                + INSTANCE + " because no identity-based policy allows the ec2:TerminateInstances action",
                after.message());
        assertNull(during.errorCode());
        assertEquals(3, trail.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> detail = (Map<String, Object>) trail.get(1).get("detail");
        @SuppressWarnings("unchecked")
        Map<String, Object> identity = (Map<String, Object>) detail.get("userIdentity");
        assertEquals("AWS API Call via CloudTrail", trail.get(1).get("detail-type"));
        assertEquals(dev.roleId() + ":alice", identity.get("principalId"));
        assertEquals(alice, identity.get("arn"));
        assertEquals("TerminateInstances", detail.get("eventName"));
        assertEquals("ec2.amazonaws.com", detail.get("eventSource"));
        assertEquals(NOT_BEFORE.plusSeconds(600).toString(), detail.get("eventTime"));
        assertTrue(((Map<?, ?>) trail.get(2).get("detail")).containsKey("errorCode"));
        assertEquals("RECORDED", during.recorded().get("outcome"));
    }

    @Test
    void attempt_shouldRefuse_aCallerThatIsNoSession() {
        LocalCalls calls = new LocalCalls(account -> iam, new MutableClock(NOT_BEFORE), event -> Map.of());

        assertThrows(IllegalArgumentException.class,
                () -> calls.attempt("arn:aws:iam::111122223333:role/dev", TERMINATE, INSTANCE));
        assertThrows(IllegalArgumentException.class,
                () -> calls.attempt("arn:aws:sts::111122223333:assumed-role/dev/alice", "terminate", INSTANCE));
    }
}
