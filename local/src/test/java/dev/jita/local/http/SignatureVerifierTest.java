package dev.jita.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Requests signed by the AWS SDK's own signer, as a client would send them, against the verifier. */
class SignatureVerifierTest {
    static final Instant NOW = Instant.parse("2026-11-03T10:15:30Z");
    static final AccessKey ENGINEER = new AccessKey("AKIALOCALENGINEER001", "engineer-secret-0123456789abcdefghijklmn",
            "arn:aws:sts::111122223333:assumed-role/Engineer/dev", "jita-engineer");
    static final String BODY = "{\"actions\":[\"ec2:StopInstances\"],\"durationMinutes\":30}";

    private final SignatureVerifier verifier = new SignatureVerifier(
            id -> id.equals(ENGINEER.accessKeyId()) ? Optional.of(ENGINEER) : Optional.empty(), "eu-west-1",
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void verify_shouldAcceptARequestSignedByTheSdk_andNameItsKey() {
        RawRequest raw = signed(ENGINEER.accessKeyId(), ENGINEER.secretAccessKey(), NOW, "POST", "/requests",
                "limit=5&status=ACTIVE", BODY);

        assertEquals(ENGINEER, verifier.verify(raw));
    }

    @Test
    void verify_shouldAcceptAClockWithinFiveMinutes_eitherWay() {
        for (Duration skew : List.of(Duration.ofMinutes(4), Duration.ofMinutes(-4))) {
            RawRequest raw = signed(ENGINEER.accessKeyId(), ENGINEER.secretAccessKey(), NOW.plus(skew), "GET",
                    "/requests", null, "");
            assertEquals(ENGINEER, verifier.verify(raw), skew.toString());
        }
    }

    @Test
    void verify_shouldRefuseAWrongSecret_withApiGatewaysWording() {
        RawRequest raw = signed(ENGINEER.accessKeyId(), "not-the-secret", NOW, "GET", "/requests", null, "");

        GatewayRefusal refused = assertThrows(GatewayRefusal.class, () -> verifier.verify(raw));

        assertEquals(403, refused.status());
        assertEquals("InvalidSignatureException", refused.errorType());
        assertEquals("The request signature we calculated does not match the signature you provided. Check your AWS"
                + " Secret Access Key and signing method. Consult the service documentation for details.",
                refused.getMessage());
    }

    @Test
    void verify_shouldRefuseAnUnknownKey() {
        RawRequest raw = signed("AKIALOCALNOBODY00001", ENGINEER.secretAccessKey(), NOW, "GET", "/requests", null, "");

        GatewayRefusal refused = assertThrows(GatewayRefusal.class, () -> verifier.verify(raw));

        assertEquals(403, refused.status());
        assertEquals("The security token included in the request is invalid.", refused.getMessage());
    }

    @Test
    void verify_shouldRefuseASignatureSixMinutesOld_sayingWhenItExpired() {
        RawRequest raw = signed(ENGINEER.accessKeyId(), ENGINEER.secretAccessKey(), NOW.minus(Duration.ofMinutes(6)),
                "GET", "/requests", null, "");

        GatewayRefusal refused = assertThrows(GatewayRefusal.class, () -> verifier.verify(raw));

        assertEquals(403, refused.status());
        assertEquals("Signature expired: 20261103T100930Z is now earlier than 20261103T101030Z (20261103T101530Z"
                + " - 5 min.)", refused.getMessage());
    }

    @Test
    void verify_shouldRefuseASignatureFromSixMinutesAhead() {
        RawRequest raw = signed(ENGINEER.accessKeyId(), ENGINEER.secretAccessKey(), NOW.plus(Duration.ofMinutes(6)),
                "GET", "/requests", null, "");

        GatewayRefusal refused = assertThrows(GatewayRefusal.class, () -> verifier.verify(raw));

        assertEquals("Signature not yet current: 20261103T102130Z is still later than 20261103T102030Z"
                + " (20261103T101530Z + 5 min.)", refused.getMessage());
    }

    @Test
    void verify_shouldRefuseAChangedBodyQueryPathMethodOrSignedHeader() {
        RawRequest good = signed(ENGINEER.accessKeyId(), ENGINEER.secretAccessKey(), NOW, "POST", "/requests",
                "limit=5", BODY);
        Map<String, UnaryOperator<RawRequest>> changes = new LinkedHashMap<>();
        changes.put("body", r -> with(r, r.method(), r.rawPath(), r.rawQuery(), BODY.replace("30", "600"), r.headers()));
        changes.put("query", r -> with(r, r.method(), r.rawPath(), "limit=6", new String(r.body()), r.headers()));
        changes.put("query added", r -> with(r, r.method(), r.rawPath(), "limit=5&status=ACTIVE",
                new String(r.body()), r.headers()));
        changes.put("path", r -> with(r, r.method(), "/requests/x/revoke", r.rawQuery(), new String(r.body()),
                r.headers()));
        changes.put("method", r -> with(r, "PUT", r.rawPath(), r.rawQuery(), new String(r.body()), r.headers()));
        changes.put("signed header", r -> {
            Map<String, List<String>> headers = new LinkedHashMap<>(r.headers());
            headers.put("Content-Type", List.of("text/plain"));
            return with(r, r.method(), r.rawPath(), r.rawQuery(), new String(r.body()), headers);
        });
        assertEquals(ENGINEER, verifier.verify(good));

        changes.forEach((what, change) -> {
            GatewayRefusal refused = assertThrows(GatewayRefusal.class, () -> verifier.verify(change.apply(good)),
                    what);
            assertEquals("InvalidSignatureException", refused.errorType(), what);
        });
    }

    /** The SDK's signer hashes the body it is given, whatever X-Amz-Content-Sha256 the caller signed. */
    @Test
    void verify_shouldRefuseAChangedBody_whenTheSignedContentHashIsTheOriginalBodys() {
        RawRequest good = signed(ENGINEER.accessKeyId(), ENGINEER.secretAccessKey(), NOW, "POST", "/requests", null,
                BODY, "execute-api", "eu-west-1", true);
        RawRequest changed = with(good, "POST", "/requests", null, BODY.replace("30", "600"), good.headers());

        assertEquals(ENGINEER, verifier.verify(good));
        assertEquals("InvalidSignatureException",
                assertThrows(GatewayRefusal.class, () -> verifier.verify(changed)).errorType());
    }

    @Test
    void verify_shouldRefuseAnotherServiceOrRegionScope_andAMalformedHeader() {
        RawRequest s3 = signed(ENGINEER.accessKeyId(), ENGINEER.secretAccessKey(), NOW, "GET", "/requests", null, "",
                "s3", "eu-west-1", false);
        RawRequest otherRegion = signed(ENGINEER.accessKeyId(), ENGINEER.secretAccessKey(), NOW, "GET", "/requests",
                null, "", "execute-api", "us-east-1", false);
        Map<String, List<String>> basic = new LinkedHashMap<>(s3.headers());
        basic.put("Authorization", List.of("Basic YWxpY2U6c2VjcmV0"));

        assertEquals("Credential should be scoped to correct service: 'execute-api'.",
                assertThrows(GatewayRefusal.class, () -> verifier.verify(s3)).getMessage().strip());
        assertEquals("Credential should be scoped to a valid region, not 'us-east-1'.",
                assertThrows(GatewayRefusal.class, () -> verifier.verify(otherRegion)).getMessage().strip());
        assertEquals("IncompleteSignatureException", assertThrows(GatewayRefusal.class,
                () -> verifier.verify(with(s3, "GET", "/requests", null, "", basic))).errorType());
    }

    static RawRequest signed(String keyId, String secret, Instant at, String method, String path, String query,
                             String body) {
        return signed(keyId, secret, at, method, path, query, body, "execute-api", "eu-west-1", false);
    }

    /** What the CLI sends: an SdkHttpRequest signed by the SDK, its headers on the wire as the server reads them. */
    static RawRequest signed(String keyId, String secret, Instant at, String method, String path, String query,
                             String body, String service, String region, boolean contentHashHeader) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .protocol("http").host("127.0.0.1").port(8080).encodedPath(path)
                .putHeader("Content-Type", "application/json");
        if (contentHashHeader) {
            request.putHeader("x-amz-content-sha256", sha256(body));
        }
        if (query != null) {
            for (String pair : query.split("&")) {
                String[] kv = pair.split("=", 2);
                request.appendRawQueryParameter(kv[0], kv[1]);
            }
        }
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(keyId, secret))
                .request(request.build())
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        // The JDK server capitalises only the first letter of each name: x-amz-date arrives as X-amz-date.
        signed.headers().forEach((name, values) -> headers.put(name.substring(0, 1).toUpperCase()
                + name.substring(1).toLowerCase(), values));
        headers.putIfAbsent("Host", List.of("127.0.0.1:8080"));
        headers.put("User-Agent", List.of("jita-cli/test"));
        return new RawRequest(method, path, signed.encodedQueryParameters().orElse(null), headers,
                body.getBytes(StandardCharsets.UTF_8), "127.0.0.1");
    }

    static String sha256(String body) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RawRequest with(RawRequest r, String method, String path, String query, String body,
                                   Map<String, List<String>> headers) {
        return new RawRequest(method, path, query, headers, body.getBytes(StandardCharsets.UTF_8), r.sourceIp());
    }
}
