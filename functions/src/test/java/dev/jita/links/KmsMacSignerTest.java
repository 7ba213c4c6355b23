package dev.jita.links;

import static dev.jita.links.Forge.HASH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.loopback.LoopbackAws;
import dev.jita.loopback.LoopbackAws.Reply;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * KMS GenerateMac/VerifyMac, error mapping and rotation, against a loopback KMS that computes the HMACs itself and
 * answers in KMS's JSON 1.1 shapes (errors as {@code {"__type": ..., "message": ...}}).
 */
class KmsMacSignerTest {

    private static final String OLD_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1111-old";
    private static final String PREVIOUS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/2222-previous";
    private static final String CURRENT_KEY = "arn:aws:kms:eu-west-1:111122223333:key/3333-current";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final byte[] MESSAGE = "v1.payload".getBytes();

    private final LoopbackAws aws = new LoopbackAws().respond(new HmacKms(OLD_KEY, PREVIOUS_KEY, CURRENT_KEY)::answer);

    @AfterEach
    void stop() {
        aws.close();
    }

    private static LinkTokens tokens(MacSigner signer) {
        return new LinkTokens(signer, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    }

    private KmsMacSigner signer(String current, Optional<String> previous) {
        return new KmsMacSigner(aws.kms(), current, previous);
    }

    @Test
    void linkTokens_shouldRoundTripThroughKms_withHmacSha256() {
        KmsMacSigner signer = signer(CURRENT_KEY, Optional.empty());
        String token = tokens(signer).mint("req-1", "bob", HASH, Duration.ofMinutes(30)).token();

        assertEquals(CURRENT_KEY, tokens(signer).verify(token, "req-1").kid());
        LoopbackAws.Received generate = aws.received().get(0);
        assertEquals("TrentService.GenerateMac", generate.header("X-Amz-Target"));
        assertEquals("HMAC_SHA_256", generate.json().path("MacAlgorithm").asText());
        assertEquals(CURRENT_KEY, generate.json().path("KeyId").asText());
        LoopbackAws.Received verify = aws.received().get(1);
        assertEquals("TrentService.VerifyMac", verify.header("X-Amz-Target"));
        assertEquals("HMAC_SHA_256", verify.json().path("MacAlgorithm").asText());
        for (LoopbackAws.Received r : aws.received()) {
            assertEquals("eu-west-1/kms/aws4_request", LoopbackAws.credentialScope(r));
        }
    }

    @Test
    void sign_shouldSendTheMessageBase64_andReturnKmsMac() {
        byte[] mac = signer(CURRENT_KEY, Optional.empty()).sign(CURRENT_KEY, MESSAGE);
        JsonNode sent = aws.last().json();
        assertEquals(Base64.getEncoder().encodeToString(MESSAGE), sent.path("Message").asText());
        assertEquals(32, mac.length);
    }

    // security.md, Approval links: "previous key accepted during rotation only": links of the previous key verify,
    // links of a key older than that are refused without even asking KMS.
    @Test
    void verify_shouldAcceptThePreviousKey_andRefuseOlderKeysWithoutCallingKms() {
        String old = tokens(signer(OLD_KEY, Optional.empty())).mint("req-1", "bob", HASH, Duration.ofMinutes(30)).token();
        String previous = tokens(signer(PREVIOUS_KEY, Optional.of(OLD_KEY)))
                .mint("req-1", "bob", HASH, Duration.ofMinutes(30)).token();
        KmsMacSigner rotating = signer(CURRENT_KEY, Optional.of(PREVIOUS_KEY));

        assertEquals(PREVIOUS_KEY, tokens(rotating).verify(previous).kid());
        int calls = aws.received().size();
        var e = assertThrows(LinkRejectedException.class, () -> tokens(rotating).verify(old));
        assertEquals(RejectReason.UNKNOWN_KID, e.reason());
        assertEquals(calls, aws.received().size());
        assertThrows(IllegalArgumentException.class, () -> rotating.sign(PREVIOUS_KEY, MESSAGE));
        assertEquals(calls, aws.received().size(), "an old key never signs, not even through KMS");
    }

    @Test
    void verify_shouldBeFalse_whenKmsAnswersKmsInvalidMacException() {
        KmsMacSigner signer = signer(CURRENT_KEY, Optional.empty());
        byte[] mac = signer.sign(CURRENT_KEY, MESSAGE);
        assertTrue(signer.verify(CURRENT_KEY, MESSAGE, mac));
        mac[0] ^= 1;

        assertFalse(signer.verify(CURRENT_KEY, MESSAGE, mac));
        assertFalse(signer.verify(OLD_KEY, MESSAGE, mac));
    }

    @Test
    void verify_shouldThrowSignerUnavailable_notFalse_whenKmsCannotAnswer() {
        KmsMacSigner signer = signer(CURRENT_KEY, Optional.empty());
        byte[] mac = signer.sign(CURRENT_KEY, MESSAGE);
        for (Reply failure : List.of(
                Reply.json(400, "{\"__type\":\"DisabledException\",\"message\":\"arn:aws:kms:eu-west-1:111122223333:key/3333-current is disabled.\"}"),
                Reply.json(400, "{\"__type\":\"NotFoundException\",\"message\":\"Key does not exist\"}"),
                Reply.json(400, "{\"__type\":\"KMSInvalidStateException\",\"message\":\"pending deletion\"}"),
                Reply.json(400, "{\"__type\":\"InvalidKeyUsageException\",\"message\":\"not a GENERATE_VERIFY_MAC key\"}"),
                Reply.json(400, "{\"__type\":\"AccessDeniedException\",\"message\":\"not authorized to perform: kms:VerifyMac\"}"),
                Reply.json(500, "{\"__type\":\"KMSInternalException\"}"),
                Reply.json(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"))) {
            aws.respond(r -> failure);
            var verifyError = assertThrows(SignerUnavailableException.class, () -> signer.verify(CURRENT_KEY, MESSAGE, mac));
            assertInstanceOf(SdkException.class, verifyError.getCause());
            assertTrue(verifyError.getMessage().contains(CURRENT_KEY), verifyError.getMessage());
            var signError = assertThrows(SignerUnavailableException.class, () -> signer.sign(CURRENT_KEY, MESSAGE));
            assertTrue(signError.getMessage().contains(failure.body().replaceAll(".*__type\":\"([A-Za-z]+)\".*", "$1")),
                    signError.getMessage());
        }
    }

    @Test
    void sign_shouldThrowSignerUnavailable_whenKmsIsUnreachable() {
        LoopbackAws gone = new LoopbackAws();
        KmsMacSigner signer = new KmsMacSigner(gone.kms(), CURRENT_KEY, Optional.empty());
        gone.close();
        var e = assertThrows(SignerUnavailableException.class, () -> signer.sign(CURRENT_KEY, MESSAGE));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }

    @Test
    void linkTokens_shouldLetSignerUnavailablePass_ratherThanCallTheLinkInvalid() {
        KmsMacSigner signer = signer(CURRENT_KEY, Optional.empty());
        String token = tokens(signer).mint("req-1", "bob", HASH, Duration.ofMinutes(30)).token();
        aws.respond(r -> Reply.json(500, "{\"__type\":\"KMSInternalException\"}"));

        assertThrows(SignerUnavailableException.class, () -> tokens(signer).verify(token));
    }

    /** KMS as jita uses it: GenerateMac and VerifyMac under in-memory HMAC keys, KMSInvalidMacException on mismatch. */
    private static final class HmacKms {
        private final Map<String, SecretKeySpec> keys = new HashMap<>();

        HmacKms(String... keyIds) {
            SecureRandom random = new SecureRandom();
            for (String id : keyIds) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                keys.put(id, new SecretKeySpec(key, "HmacSHA256"));
            }
        }

        Reply answer(LoopbackAws.Received request) {
            JsonNode in = request.json();
            String keyId = in.path("KeyId").asText();
            if (!keys.containsKey(keyId) || !"HMAC_SHA_256".equals(in.path("MacAlgorithm").asText())) {
                return Reply.json(400, "{\"__type\":\"NotFoundException\",\"message\":\"Key '" + keyId + "' does not exist\"}");
            }
            byte[] mac = hmac(keyId, Base64.getDecoder().decode(in.path("Message").asText()));
            return switch (request.header("X-Amz-Target")) {
                case "TrentService.GenerateMac" -> Reply.json(200, "{\"KeyId\":\"" + keyId + "\",\"Mac\":\""
                        + Base64.getEncoder().encodeToString(mac) + "\",\"MacAlgorithm\":\"HMAC_SHA_256\"}");
                case "TrentService.VerifyMac" -> MessageDigest.isEqual(mac, Base64.getDecoder().decode(in.path("Mac").asText()))
                        ? Reply.json(200, "{\"KeyId\":\"" + keyId + "\",\"MacAlgorithm\":\"HMAC_SHA_256\",\"MacValid\":true}")
                        : Reply.json(400, "{\"__type\":\"KMSInvalidMacException\",\"message\":null}");
                default -> Reply.json(400, "{\"__type\":\"UnknownOperationException\"}");
            };
        }

        private byte[] hmac(String keyId, byte[] message) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(keys.get(keyId));
                return mac.doFinal(message);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
