package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * jita local as API Gateway's IAM authorization: {@code ./jita local} in a process of its own, called over HTTP with
 * requests the AWS SDK's signer signed with the access keys jita local wrote to the profile file it printed.
 */
class SignedCallsIT {
    static final Path RULES = Path.of("src/test/resources/process-it-rules.yaml").toAbsolutePath();
    static final String MISMATCH = "The request signature we calculated does not match the signature you provided."
            + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";
    static final String REQUEST = """
            {"actions": ["ec2:TerminateInstances"],
             "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef3"],
             "durationMinutes": 5, "justification": "IT: a signed request"}""";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static JitaProcess jita;
    static URI base;
    static Path dataDir;
    static Path credentials;
    static String keyId;
    static String secret;

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("jita-it-signed-");
        jita = JitaProcess.start("signed-calls", "--port", "0", "--data-dir", dataDir.toString(),
                "--rules", RULES.toString());
        base = jita.awaitReady(Duration.ofSeconds(90));
        Matcher export = Pattern.compile("export AWS_SHARED_CREDENTIALS_FILE=(\\S+)").matcher(jita.stdout());
        assertTrue(export.find(), "the banner prints where the profiles are:\n" + jita.stdout());
        credentials = Path.of(export.group(1));
        Profile engineer = ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build()
                .profile("jita-engineer").orElseThrow();
        keyId = engineer.property("aws_access_key_id").orElseThrow();
        secret = engineer.property("aws_secret_access_key").orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (jita != null) {
            jita.close();
        }
    }

    @Test
    void profileFiles_shouldBeInTheDataDir_ownerOnly_andNameTheRegion() throws IOException {
        assertTrue(credentials.startsWith(dataDir), credentials.toString());
        for (Path file : new Path[]{credentials, credentials.resolveSibling("config"),
                dataDir.resolve("access-keys.json")}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file + "");
        }
        Profile config = ProfileFile.builder().content(credentials.resolveSibling("config"))
                .type(ProfileFile.Type.CONFIGURATION).build().profile("jita-engineer").orElseThrow();
        assertEquals("eu-west-1", config.property("region").orElseThrow());
        assertTrue(jita.stdout().contains(keyId), "the banner lists the key id");
    }

    @Test
    void sdkSignedRequest_shouldBeAccepted_asTheKeysPrincipal() {
        Answer created = send(sign("POST", "/requests", null, REQUEST, keyId, secret, Instant.now()));
        assertEquals(202, created.status(), created.text());
        String id = created.json().get("requestId").asText();

        Answer read = send(sign("GET", "/requests/" + id, null, "", keyId, secret, Instant.now()));
        Answer list = send(sign("GET", "/requests", "limit=5&status=PENDING_APPROVAL", "", keyId, secret,
                Instant.now()));

        assertEquals(200, read.status(), read.text());
        assertEquals("arn:aws:sts::111122223333:assumed-role/Engineer/dev",
                read.json().get("requester").get("arn").asText());
        assertEquals(200, list.status(), list.text());
        assertTrue(list.text().contains(id), list.text());
    }

    @Test
    void wrongSecret_shouldBe403_withApiGatewaysWording() {
        Answer answer = send(sign("GET", "/requests", null, "", keyId, "x" + secret.substring(1), Instant.now()));

        assertRefused(answer, "InvalidSignatureException", MISMATCH);
    }

    @Test
    void unknownKey_shouldBe403() {
        Answer answer = send(sign("GET", "/requests", null, "", "AKIALOCALNOBODY00000", secret, Instant.now()));

        assertRefused(answer, "UnrecognizedClientException", "The security token included in the request is invalid.");
    }

    @Test
    void sixMinuteOldSignature_shouldBe403_signatureExpired() {
        Answer answer = send(sign("GET", "/requests", null, "", keyId, secret,
                Instant.now().minus(Duration.ofMinutes(6))));

        assertEquals(403, answer.status(), answer.text());
        assertTrue(answer.json().get("message").asText().matches(
                "Signature expired: \\d{8}T\\d{6}Z is now earlier than \\d{8}T\\d{6}Z \\(\\d{8}T\\d{6}Z - 5 min\\.\\)"),
                answer.text());
    }

    @Test
    void changedBody_shouldBe403() {
        HttpRequest signed = sign("POST", "/requests", null, REQUEST, keyId, secret, Instant.now());
        HttpRequest changed = copy(signed, signed.uri(), REQUEST.replace("\"durationMinutes\": 5",
                "\"durationMinutes\": 10"));

        assertRefused(send(changed), "InvalidSignatureException", MISMATCH);
    }

    @Test
    void changedQuery_shouldBe403() {
        HttpRequest signed = sign("GET", "/requests", "limit=5", "", keyId, secret, Instant.now());
        HttpRequest changed = copy(signed, URI.create(base + "/requests?limit=50"), "");

        assertRefused(send(changed), "InvalidSignatureException", MISMATCH);
    }

    /** A failed signature is never rescued by the local-only header. */
    @Test
    void badSignature_shouldBe403_evenWithXJitaPrincipal() {
        HttpRequest signed = sign("GET", "/requests", null, "", keyId, "wrong", Instant.now());
        HttpRequest withHeader = HttpRequest.newBuilder(signed, (n, v) -> true)
                .header("X-Jita-Principal", "arn:aws:sts::111122223333:assumed-role/Engineer/dev").build();

        assertRefused(send(withHeader), "InvalidSignatureException", MISMATCH);
    }

    static void assertRefused(Answer answer, String errorType, String message) {
        assertEquals(403, answer.status(), answer.text());
        assertEquals(errorType, answer.errorType());
        assertEquals(message, answer.json().get("message").asText());
    }

    /** Signed by the AWS SDK's signer as the CLI signs; java.net.http sends Host itself, the same value. */
    static HttpRequest sign(String method, String path, String query, String body, String key, String secretKey,
                            Instant at) {
        URI uri = URI.create(base + path + (query == null ? "" : "?" + query));
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().uri(uri).method(SdkHttpMethod.fromValue(method))
                .putHeader("Content-Type", "application/json");
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key, secretKey))
                .request(request.build())
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC))).request();
        HttpRequest.Builder http = HttpRequest.newBuilder(signed.getUri())
                .method(method, body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        signed.forEachHeader((name, values) -> {
            if (!Set.of("host", "content-length").contains(name.toLowerCase())) {
                values.forEach(v -> http.header(name, v));
            }
        });
        return http.build();
    }

    static HttpRequest copy(HttpRequest signed, URI uri, String body) {
        HttpRequest.Builder copy = HttpRequest.newBuilder(uri).method(signed.method(), body.isEmpty()
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        signed.headers().map().forEach((name, values) -> values.forEach(v -> copy.header(name, v)));
        return copy.build();
    }

    record Answer(int status, String errorType, String text) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text, e);
            }
        }
    }

    static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("x-amzn-ErrorType").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
