package dev.jita.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.aws.FakeAws.Reply;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** The protocols, the signature, error parsing and retries of jita's AWS client, against a loopback server. */
class AwsHttpClientTest {

    private static final String TOKEN_SENTINEL = "AQCEAAAAKgTASKTOKENSENTINEL";
    private final FakeAws aws = new FakeAws();

    @AfterEach
    void stop() {
        aws.close();
    }

    private static ObjectNode body() {
        return JsonNodeFactory.instance.objectNode().put("taskToken", TOKEN_SENTINEL).put("output", "{\"a\":1}");
    }

    @Test
    void json_shouldSendTheTargetContentTypeAndBody_signedWithSigV4ForTheServiceAndRegion() {
        aws.reply(Reply.json(200, "{\"MacValid\":true,\"KeyId\":\"k\"}"));

        JsonNode answer = aws.kms().call("VerifyMac", body());

        assertTrue(answer.path("MacValid").asBoolean());
        FakeAws.Received sent = aws.last();
        assertEquals("POST", sent.method());
        assertEquals("/", sent.path());
        assertEquals("TrentService.VerifyMac", sent.header("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.1", sent.header("Content-Type"));
        assertEquals(body(), sent.json());
        assertTrue(sent.header("X-Amz-Date").matches("\\d{8}T\\d{6}Z"), sent.header("X-Amz-Date"));
        assertTrue(sent.header("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=" + FakeAws.ACCESS_KEY + "/"));
        SigV4.Check sig = SigV4.check(sent, FakeAws.SECRET_KEY);
        assertTrue(sig.valid(), "the signature matches what arrived: " + sent.header("Authorization"));
        assertEquals("eu-west-1", sig.region());
        assertEquals("kms", sig.service());
        assertTrue(sig.signedHeaders().containsAll(List.of("host", "x-amz-date", "x-amz-target")), sig.signedHeaders().toString());
        assertEquals(sent.header("X-Amz-Date").substring(0, 8), sig.date());
    }

    @Test
    void signature_shouldNotVerify_whenTheBodyOnTheWireDiffersFromTheSignedOne() {
        aws.reply(Reply.json(200, "{}"));
        aws.sfn().call("SendTaskSuccess", body());
        FakeAws.Received sent = aws.last();
        byte[] tampered = sent.body().clone();
        tampered[tampered.length - 2] ^= 1;

        assertTrue(SigV4.check(sent, FakeAws.SECRET_KEY).valid());
        assertFalse(SigV4.check(new FakeAws.Received(sent.method(), sent.path(), sent.headers(), tampered),
                FakeAws.SECRET_KEY).valid(), "the check would catch a body the signature does not cover");
        assertFalse(SigV4.check(sent, "another-secret").valid());
        assertEquals("application/x-amz-json-1.0", sent.header("Content-Type"));
        assertEquals("AWSStepFunctions.SendTaskSuccess", sent.header("X-Amz-Target"));
    }

    @Test
    void json_shouldReadTheErrorCode_fromTypeWithNamespace_orFromTheErrorTypeHeader() {
        aws.reply(Reply.json(400, "{\"__type\":\"com.amazonaws.swf.service.v2.model#TaskTimedOut\",\"message\":\"Task Timed Out\"}"),
                Reply.json(400, "{\"message\":\"The request was rejected because the HMAC verification failed.\"}")
                        .withHeader("x-amzn-ErrorType", "KMSInvalidMacException:http://internal.amazon.com/coral/com.amazonaws.kms/"));

        AwsServiceException first = assertThrows(AwsServiceException.class, () -> aws.sfn().call("SendTaskSuccess", body()));
        assertEquals("TaskTimedOut", first.errorCode());
        assertEquals(400, first.statusCode());
        assertEquals("Task Timed Out", first.awsMessage().orElseThrow());
        assertEquals("c7ee1bd4-3f4e-4b44-8d06-3c4bbd1f2c1a", first.requestId().orElseThrow());
        assertFalse(first.retryable());
        AwsServiceException second = assertThrows(AwsServiceException.class, () -> aws.kms().call("VerifyMac", body()));
        assertEquals("KMSInvalidMacException", second.errorCode());
        assertEquals(2, aws.received().size(), "client errors are not retried");
    }

    @Test
    void errors_shouldNeverCarryTheRequestBody_norAwsText_inTheirMessage() {
        aws.reply(Reply.json(400, "{\"__type\":\"ValidationException\",\"message\":\"Value '" + TOKEN_SENTINEL
                + "' at 'taskToken' failed to satisfy constraint\"}"));
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> aws.sfn().call("SendTaskFailure", body()));
        assertEquals("states SendTaskFailure failed with ValidationException (HTTP 400, request id"
                + " c7ee1bd4-3f4e-4b44-8d06-3c4bbd1f2c1a)", e.getMessage());
        assertFalse(e.toString().contains(TOKEN_SENTINEL));
    }

    @Test
    void restJson_shouldSendMethodPathAndJson_andReadTheErrorTypeHeader() {
        aws.reply(Reply.json(200, "{\"MessageId\":\"0100-example\"}"),
                Reply.json(400, "{\"message\":\"Email address is not verified.\"}").withHeader("x-amzn-ErrorType", "MessageRejected"));
        ObjectNode email = JsonNodeFactory.instance.objectNode().put("FromEmailAddress", "jita@example.com");

        assertEquals("0100-example", aws.ses().call("SendEmail", "POST", "/v2/email/outbound-emails", email)
                .path("MessageId").asText());
        FakeAws.Received sent = aws.last();
        assertEquals("/v2/email/outbound-emails", sent.path());
        assertEquals("application/json", sent.header("Content-Type"));
        assertEquals(null, sent.header("X-Amz-Target"));
        assertEquals(email, sent.json());
        SigV4.Check sig = SigV4.check(sent, FakeAws.SECRET_KEY);
        assertTrue(sig.valid());
        assertEquals("ses", sig.service());
        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> aws.ses().call("SendEmail", "POST", "/v2/email/outbound-emails", email));
        assertEquals("MessageRejected", e.errorCode());
    }

    @Test
    void query_shouldFormEncodeActionVersionAndParameters_andReturnTheResultElement() {
        aws.reply(Reply.xml(200, """
                <GetRolePolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <GetRolePolicyResult>
                    <PolicyName>jita-1</PolicyName>
                    <RoleName>Engineer</RoleName>
                    <PolicyDocument>%7B%7D</PolicyDocument>
                  </GetRolePolicyResult>
                  <ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>
                </GetRolePolicyResponse>"""));
        Map<String, String> params = new LinkedHashMap<>();
        params.put("RoleName", "Engineer");
        params.put("PolicyDocument", "{\"a\": \"b+c&d=e\"}");

        Element result = aws.iam().call("GetRolePolicy", params);

        assertEquals("GetRolePolicyResult", result.getLocalName());
        assertEquals("%7B%7D", Xml.text(result, "PolicyDocument"));
        FakeAws.Received sent = aws.last();
        assertEquals(Map.of("Action", "GetRolePolicy", "Version", "2010-05-08", "RoleName", "Engineer",
                "PolicyDocument", "{\"a\": \"b+c&d=e\"}"), sent.form());
        assertTrue(sent.text().startsWith("Action=GetRolePolicy&Version=2010-05-08&RoleName=Engineer&"), sent.text());
        assertEquals("application/x-www-form-urlencoded; charset=utf-8", sent.header("Content-Type"));
        SigV4.Check sig = SigV4.check(sent, FakeAws.SECRET_KEY);
        assertTrue(sig.valid());
        assertEquals("us-east-1", sig.region());
        assertEquals("iam", sig.service());
    }

    @Test
    void query_shouldReadCodeAndMessage_fromAwsErrorResponse() {
        aws.reply(Reply.xml(404, """
                <ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">
                  <Error>
                    <Type>Sender</Type>
                    <Code>NoSuchEntity</Code>
                    <Message>The role with name Engineer cannot be found.</Message>
                  </Error>
                  <RequestId>4b4e8a76-5b7d-4a7e-9d35-EXAMPLE</RequestId>
                </ErrorResponse>"""));
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> aws.iam().call("GetRole", Map.of("RoleName", "Engineer")));
        assertEquals("NoSuchEntity", e.errorCode());
        assertEquals(404, e.statusCode());
        assertEquals("The role with name Engineer cannot be found.", e.awsMessage().orElseThrow());
        assertEquals("4b4e8a76-5b7d-4a7e-9d35-EXAMPLE", e.requestId().orElseThrow());
    }

    @Test
    void query_shouldRefuseADoctype_ratherThanExpandEntities() {
        aws.reply(Reply.xml(200, "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<GetRoleResponse><GetRoleResult><Role>&x;</Role></GetRoleResult></GetRoleResponse>"));
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> aws.iam().call("GetRole", Map.of()));
        assertEquals("UnreadableAnswer", e.errorCode());
    }

    @Test
    void call_shouldRetryThrottlingAnd5xx_withJitteredWaits_thenSucceed() {
        aws.reply(Reply.xml(400, "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>"),
                Reply.xml(503, "<ErrorResponse><Error><Type>Receiver</Type><Code>ServiceUnavailable</Code><Message>x</Message></Error></ErrorResponse>"),
                Reply.xml(200, "<DeleteRolePolicyResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DeleteRolePolicyResponse>"));

        Element done = aws.iam().call("DeleteRolePolicy", Map.of("RoleName", "Engineer", "PolicyName", "jita-1"));

        assertEquals("DeleteRolePolicyResponse", done.getLocalName());
        assertEquals(3, aws.received().size());
        List<Duration> waits = aws.waits();
        assertEquals(2, waits.size());
        assertTrue(waits.get(0).toMillis() < 100 && waits.get(1).toMillis() < 200, waits.toString());
        // Each attempt is signed afresh (the same body, its own signature check).
        aws.received().forEach(r -> assertTrue(SigV4.check(r, FakeAws.SECRET_KEY).valid()));
    }

    @Test
    void call_shouldGiveUpAfterThreeAttempts_withTheLastError() {
        aws.respond(r -> Reply.json(500, "{\"__type\":\"InternalFailure\"}"));
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> aws.kms().call("GenerateMac", body()));
        assertEquals("InternalFailure", e.errorCode());
        assertTrue(e.retryable());
        assertEquals(3, aws.received().size());
    }

    @Test
    void call_shouldRetryAndThenReportUnreachable_whenNothingListens() {
        AwsJson kms;
        try (FakeAws gone = new FakeAws()) {
            kms = gone.kms();
        }
        AwsUnreachableException e = assertThrows(AwsUnreachableException.class, () -> kms.call("GenerateMac", body()));
        assertTrue(e.retryable());
        assertEquals("unreachable", e.reason());
        assertEquals("GenerateMac", e.operation());
        assertFalse(e.getMessage().contains(TOKEN_SENTINEL));
    }

    @Test
    void call_shouldReportAnErrorWithoutCode_byItsStatus_whenTheBodyIsNotJson() {
        aws.respond(r -> new Reply(502, Map.of("Content-Type", "text/html"), "<html>Bad Gateway</html>"));
        AwsServiceException e = assertThrows(AwsServiceException.class, () -> aws.sfn().call("StartExecution", body()));
        assertEquals("", e.errorCode());
        assertEquals("HTTP 502", e.reason());
        assertTrue(e.retryable());
    }

    @Test
    void retryPolicy_shouldDrawWaitsBelowAnExponentialCeiling_cappedAtTheMaximum() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofMillis(300), d -> { }, new Random(1));
        for (int i = 0; i < 200; i++) {
            assertTrue(policy.delayAfter(1).toMillis() < 100);
            assertTrue(policy.delayAfter(2).toMillis() < 200);
            assertTrue(policy.delayAfter(6).toMillis() < 300);
        }
        assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, d -> { }, new Random()));
    }

    @Test
    void throttling_shouldBeKnownByCode_orBy429() {
        assertTrue(new AwsServiceException("iam", "X", 400, "Throttling", null, null).throttling());
        assertTrue(new AwsServiceException("ses", "X", 429, "TooManyRequestsException", null, null).retryable());
        assertTrue(new AwsServiceException("ses", "X", 429, null, null, null).throttling());
        assertFalse(new AwsServiceException("iam", "X", 400, "LimitExceeded", null, null).retryable(),
                "IAM's LimitExceeded is a quota, not a rate");
        assertEquals("FooError", AwsServiceException.normalize("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/"));
        assertEquals(null, AwsServiceException.normalize(" "));
    }

    @Test
    void errors_shouldBeOneOfTwoKinds() {
        assertInstanceOf(AwsCallException.class, new AwsServiceException("kms", "X", 500, null, null, null));
    }
}
