package dev.jita.iam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Received;
import dev.jita.loopback.LoopbackAws.Reply;
import dev.jita.store.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Target accounts through STS as Lambda wires them ({@link AssumedTargets} on {@link StsRoleAssumer}), the SDK's STS
 * and IAM clients against a loopback server answering in STS's and IAM's documented XML (the AssumeRole response of
 * the STS API reference, its ErrorResponse for AccessDenied and Throttling).
 */
class StsTargetsTest {
    static final String HOME = "111122223333";
    static final String B = "444455556666";
    static final String C = "777788889999";
    private static final String STS_NS = "xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"";
    private static final String IAM_NS = "xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"";
    private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

    private final LoopbackAws aws = new LoopbackAws();
    private final MutableClock clock = new MutableClock(T0);
    private final TargetConfig config = new TargetConfig(HOME, List.of(B, C), "jita-target", "/jita-system/", "aws");
    private final IamGateway home = new AwsIamGateway(aws.iam());
    private final AssumedTargets targets = new AssumedTargets(config, home,
            new StsRoleAssumer(aws.sts(), aws::iam, config), clock);

    @AfterEach
    void stop() {
        aws.close();
    }

    static Reply assumed(String accessKeyId, Instant expiration) {
        return Reply.xml(200, "<AssumeRoleResponse " + STS_NS + "><AssumeRoleResult>"
                + "<AssumedRoleUser><Arn>arn:aws:sts::" + B + ":assumed-role/jita-target/r-1</Arn>"
                + "<AssumedRoleId>AROA3XFRBF535PLBIFPI4:r-1</AssumedRoleId></AssumedRoleUser>"
                + "<Credentials><AccessKeyId>" + accessKeyId + "</AccessKeyId>"
                + "<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>"
                + "<SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMi"
                + "</SessionToken><Expiration>" + expiration + "</Expiration></Credentials>"
                + "<PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>"
                + "<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>"
                + "</AssumeRoleResponse>");
    }

    static Reply stsError(int status, String code, String message) {
        return Reply.xml(status, "<ErrorResponse " + STS_NS + "><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error>"
                + "<RequestId>c6104cbe-af31-11e0-8154-EXAMPLE</RequestId></ErrorResponse>");
    }

    private static Reply iamOk(String action) {
        return Reply.xml(200, "<" + action + "Response " + IAM_NS + "><ResponseMetadata><RequestId>7a62c49f"
                + "</RequestId></ResponseMetadata></" + action + "Response>");
    }

    private List<Received> stsCalls() {
        return aws.received().stream().filter(r -> "AssumeRole".equals(r.form().get("Action"))).toList();
    }

    @Test
    void in_shouldAssumeTheTargetRoleOnce_forTwoGrantsInTheSameAccount() {
        aws.reply(assumed("ASIAFIRSTFIRSTFIRST1", T0.plus(Duration.ofMinutes(15))), iamOk("PutRolePolicy"),
                iamOk("PutRolePolicy"));

        targets.in(B, "r-1").putRolePolicy("Engineer", "jita-r-1", "{}");
        targets.in(B, "r-2").putRolePolicy("Engineer", "jita-r-2", "{}");

        List<Received> sts = stsCalls();
        assertEquals(1, sts.size(), "one AssumeRole for two grants: " + aws.received());
        Map<String, String> form = sts.get(0).form();
        assertEquals("arn:aws:iam::" + B + ":role/jita-system/jita-target", form.get("RoleArn"));
        assertEquals("r-1", form.get("RoleSessionName"), "the request that needed the credentials");
        assertEquals("900", form.get("DurationSeconds"));
        // Both IAM calls are signed with the assumed credentials, their session token with them.
        List<Received> iam = aws.received().stream().filter(r -> "PutRolePolicy".equals(r.form().get("Action")))
                .toList();
        assertEquals(2, iam.size());
        for (Received put : iam) {
            assertTrue(put.header("Authorization").contains("Credential=ASIAFIRSTFIRSTFIRST1/"),
                    put.header("Authorization"));
            assertTrue(put.header("X-Amz-Security-Token").startsWith("AQoDYXdz"));
        }
    }

    @Test
    void in_shouldAssumeAgain_fiveMinutesBeforeTheCredentialsExpire() {
        Instant expiration = T0.plus(Duration.ofMinutes(15));
        aws.reply(assumed("ASIAFIRSTFIRSTFIRST1", expiration), assumed("ASIASECONDSECONDSEC2",
                expiration.plus(Duration.ofMinutes(15))));

        targets.in(B, "r-1");
        clock.set(expiration.minus(Duration.ofMinutes(5)).minusMillis(1));
        targets.in(B, "r-2");
        assertEquals(1, stsCalls().size(), "still fresh a millisecond before the refresh point");
        clock.set(expiration.minus(Duration.ofMinutes(5)));
        targets.in(B, "r-3");

        List<Received> sts = stsCalls();
        assertEquals(2, sts.size());
        assertEquals("r-3", sts.get(1).form().get("RoleSessionName"));
    }

    @Test
    void in_shouldKeepOneCachePerAccount() {
        aws.reply(assumed("ASIAFIRSTFIRSTFIRST1", T0.plus(Duration.ofMinutes(15))),
                assumed("ASIASECONDSECONDSEC2", T0.plus(Duration.ofMinutes(15))));

        targets.in(B, "r-1");
        targets.in(C, "r-2");
        targets.in(B, "r-3");
        targets.in(C, "r-4");

        assertEquals(List.of("arn:aws:iam::" + B + ":role/jita-system/jita-target",
                        "arn:aws:iam::" + C + ":role/jita-system/jita-target"),
                stsCalls().stream().map(r -> r.form().get("RoleArn")).toList());
    }

    @Test
    void in_shouldRefuseWithTheSentence_whenStsDeniesTheRole() {
        String denied = "User: arn:aws:sts::" + HOME + ":assumed-role/jita-grant/jita-grant is not authorized to"
                + " perform: sts:AssumeRole on resource: arn:aws:iam::" + C + ":role/jita-system/jita-target";
        aws.reply(stsError(403, "AccessDenied", denied));

        var e = assertThrows(IamGatewayException.TargetUnreachable.class, () -> targets.in(C, "r-1"));

        assertEquals(IamGatewayException.TargetUnreachable.Kind.REFUSED, e.kind());
        assertEquals(C, e.accountId());
        assertTrue(e.getMessage().startsWith("jita cannot act in account " + C + ": its target role arn:aws:iam::"
                + C + ":role/jita-system/jita-target is missing or does not trust jita's grant function; deploy the"
                + " JitaTarget stack to that account (README: Rolling jita out across an organization)."),
                e.getMessage());
        assertTrue(e.getMessage().contains(denied), "STS's own words follow: " + e.getMessage());
        assertEquals(1, aws.received().size(), "AccessDenied is not retried by the SDK");
    }

    @Test
    void in_shouldLetTheSdkRetryThrottling() {
        aws.reply(stsError(400, "Throttling", "Rate exceeded"), stsError(400, "Throttling", "Rate exceeded"),
                assumed("ASIAFIRSTFIRSTFIRST1", T0.plus(Duration.ofMinutes(15))));

        targets.in(B, "r-1");

        assertEquals(3, stsCalls().size(), "two throttled, the third answered");
    }

    @Test
    void in_shouldFailRetryably_whenStsKeepsThrottling() {
        aws.respond(r -> stsError(400, "Throttling", "Rate exceeded"));

        var e = assertThrows(IamGatewayException.ServiceFailure.class, () -> targets.in(B, "r-1"));

        assertTrue(e.retryable(), e.getMessage());
    }

    @Test
    void in_shouldRefuseAnUnconfiguredAccount_withoutAnyStsCall() {
        var e = assertThrows(IamGatewayException.TargetUnreachable.class, () -> targets.in("999988887777", "r-1"));

        assertEquals(IamGatewayException.TargetUnreachable.Kind.NOT_CONFIGURED, e.kind());
        assertTrue(e.getMessage().contains("999988887777") && e.getMessage().contains("JITA_TARGET_ACCOUNTS"),
                e.getMessage());
        assertEquals(List.of(), aws.received());
    }

    @Test
    void in_shouldUseTheFunctionsOwnIam_forTheHomeAccount() {
        assertSame(home, targets.in(HOME, "r-1"));
        assertEquals(List.of(), aws.received());
        assertEquals(List.of(HOME, B, C), targets.accounts());
    }
}
