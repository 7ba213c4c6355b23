package dev.jita.links;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DisabledException;
import software.amazon.awssdk.services.kms.model.GenerateMacRequest;
import software.amazon.awssdk.services.kms.model.GenerateMacResponse;
import software.amazon.awssdk.services.kms.model.KmsInternalException;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.VerifyMacRequest;
import software.amazon.awssdk.services.kms.model.VerifyMacResponse;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static dev.jita.links.Forge.HASH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KMS error mapping and rotation, against a hand-written KmsClient that computes HMACs itself (no network). */
class KmsMacSignerTest {

    private static final String OLD_KEY = "arn:aws:kms:eu-west-1:111122223333:key/1111-old";
    private static final String PREVIOUS_KEY = "arn:aws:kms:eu-west-1:111122223333:key/2222-previous";
    private static final String CURRENT_KEY = "arn:aws:kms:eu-west-1:111122223333:key/3333-current";
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final byte[] MESSAGE = "v1.payload".getBytes();

    private final FakeKms kms = new FakeKms(OLD_KEY, PREVIOUS_KEY, CURRENT_KEY);

    private static LinkTokens tokens(MacSigner signer) {
        return new LinkTokens(signer, Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
    }

    private static AwsServiceException kmsError(AwsServiceException.Builder builder, String code, int status) {
        return builder.message(code).statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
    }

    @Test
    void linkTokens_shouldRoundTripThroughKms_withHmacSha256() {
        KmsMacSigner signer = new KmsMacSigner(kms, CURRENT_KEY, Optional.empty());
        String token = tokens(signer).mint("req-1", "bob", HASH, Duration.ofMinutes(30)).token();

        assertEquals(CURRENT_KEY, tokens(signer).verify(token, "req-1").kid());
        GenerateMacRequest generate = (GenerateMacRequest) kms.requests.get(0);
        assertEquals(MacAlgorithmSpec.HMAC_SHA_256, generate.macAlgorithm());
        assertEquals(CURRENT_KEY, generate.keyId());
        assertEquals(MacAlgorithmSpec.HMAC_SHA_256, ((VerifyMacRequest) kms.requests.get(1)).macAlgorithm());
    }

    // security.md, Approval links: "previous key accepted during rotation only": links of the previous key verify,
    // links of a key older than that are refused without even asking KMS.
    @Test
    void verify_shouldAcceptThePreviousKey_andRefuseOlderKeysWithoutCallingKms() {
        String old = tokens(new KmsMacSigner(kms, OLD_KEY, Optional.empty())).mint("req-1", "bob", HASH, Duration.ofMinutes(30)).token();
        String previous = tokens(new KmsMacSigner(kms, PREVIOUS_KEY, Optional.of(OLD_KEY)))
                .mint("req-1", "bob", HASH, Duration.ofMinutes(30)).token();
        KmsMacSigner rotating = new KmsMacSigner(kms, CURRENT_KEY, Optional.of(PREVIOUS_KEY));

        assertEquals(PREVIOUS_KEY, tokens(rotating).verify(previous).kid());
        kms.requests.clear();
        var e = assertThrows(LinkRejectedException.class, () -> tokens(rotating).verify(old));
        assertEquals(RejectReason.UNKNOWN_KID, e.reason());
        assertEquals(List.of(), kms.requests);
        assertThrows(IllegalArgumentException.class, () -> rotating.sign(PREVIOUS_KEY, MESSAGE));
        assertEquals(List.of(), kms.requests, "an old key never signs, not even through KMS");
    }

    @Test
    void verify_shouldBeFalse_whenKmsSaysTheMacIsInvalid() {
        KmsMacSigner signer = new KmsMacSigner(kms, CURRENT_KEY, Optional.empty());
        byte[] mac = signer.sign(CURRENT_KEY, MESSAGE);
        mac[0] ^= 1;

        assertFalse(signer.verify(CURRENT_KEY, MESSAGE, mac));
        assertFalse(signer.verify(OLD_KEY, MESSAGE, mac));
    }

    @Test
    void verify_shouldThrowSignerUnavailable_notFalse_whenKmsCannotAnswer() {
        KmsMacSigner signer = new KmsMacSigner(kms, CURRENT_KEY, Optional.empty());
        byte[] mac = signer.sign(CURRENT_KEY, MESSAGE);
        for (SdkException failure : List.of(
                kmsError(DisabledException.builder(), "DisabledException", 400),
                kmsError(NotFoundException.builder(), "NotFoundException", 400),
                kmsError(KmsInvalidStateException.builder(), "KMSInvalidStateException", 400),
                kmsError(KmsInternalException.builder(), "KMSInternalException", 500),
                kmsError(AwsServiceException.builder(), "ThrottlingException", 400),
                SdkClientException.create("connection reset"))) {
            kms.failWith = () -> failure;
            var verifyError = assertThrows(SignerUnavailableException.class, () -> signer.verify(CURRENT_KEY, MESSAGE, mac));
            assertSame(failure, verifyError.getCause());
            assertTrue(verifyError.getMessage().contains(CURRENT_KEY), verifyError.getMessage());
            var signError = assertThrows(SignerUnavailableException.class, () -> signer.sign(CURRENT_KEY, MESSAGE));
            assertSame(failure, signError.getCause());
        }
    }

    @Test
    void linkTokens_shouldLetSignerUnavailablePass_ratherThanCallTheLinkInvalid() {
        KmsMacSigner signer = new KmsMacSigner(kms, CURRENT_KEY, Optional.empty());
        String token = tokens(signer).mint("req-1", "bob", HASH, Duration.ofMinutes(30)).token();
        kms.failWith = () -> kmsError(KmsInternalException.builder(), "KMSInternalException", 500);

        assertThrows(SignerUnavailableException.class, () -> tokens(signer).verify(token));
    }

    /** KMS as jita uses it: GenerateMac and VerifyMac under in-memory HMAC keys, KMSInvalidMacException on mismatch. */
    private static final class FakeKms implements KmsClient {
        private final Map<String, SecretKeySpec> keys = new HashMap<>();
        final List<Object> requests = new ArrayList<>();
        Supplier<SdkException> failWith;

        FakeKms(String... keyIds) {
            SecureRandom random = new SecureRandom();
            for (String id : keyIds) {
                byte[] key = new byte[32];
                random.nextBytes(key);
                keys.put(id, new SecretKeySpec(key, "HmacSHA256"));
            }
        }

        private byte[] hmac(String keyId, SdkBytes message) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(keys.get(keyId));
                return mac.doFinal(message.asByteArray());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public GenerateMacResponse generateMac(GenerateMacRequest request) {
            requests.add(request);
            if (failWith != null) {
                throw failWith.get();
            }
            return GenerateMacResponse.builder().keyId(request.keyId()).macAlgorithm(request.macAlgorithm())
                    .mac(SdkBytes.fromByteArray(hmac(request.keyId(), request.message()))).build();
        }

        @Override
        public VerifyMacResponse verifyMac(VerifyMacRequest request) {
            requests.add(request);
            if (failWith != null) {
                throw failWith.get();
            }
            if (!MessageDigest.isEqual(hmac(request.keyId(), request.message()), request.mac().asByteArray())) {
                throw KmsInvalidMacException.builder().message("KMSInvalidMacException").statusCode(400).build();
            }
            return VerifyMacResponse.builder().keyId(request.keyId()).macValid(true).build();
        }

        @Override
        public String serviceName() {
            return "kms";
        }

        @Override
        public void close() {
        }
    }
}
