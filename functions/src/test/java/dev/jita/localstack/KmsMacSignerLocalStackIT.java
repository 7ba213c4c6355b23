package dev.jita.localstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.domain.Sha256;
import dev.jita.links.KmsMacSigner;
import dev.jita.links.LinkPayload;
import dev.jita.links.LinkRejectedException;
import dev.jita.links.LinkTokens;
import dev.jita.links.MacSigner;
import dev.jita.links.SignedLink;
import dev.jita.links.SignerUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KeySpec;
import software.amazon.awssdk.services.kms.model.KeyUsageType;

/**
 * {@link KmsMacSigner} on LocalStack's KMS with real HMAC_256 keys: GenerateMac and VerifyMac compute and check
 * the MACs (a wrong one is KMS's KMSInvalidMacException, which the signer answers with false), and a rotation
 * keeps links signed by the previous key valid while only the current key signs.
 */
@Testcontainers(disabledWithoutDocker = true)
class KmsMacSignerLocalStackIT {

    private static final byte[] MESSAGE = "v1.eyJraWQiOiJrIn0".getBytes(StandardCharsets.US_ASCII);
    private static final String REQUEST_HASH = Sha256.hex("the canonical request");

    @Container
    static final LocalStackContainer LOCALSTACK = LocalStackAws.container(Service.KMS);

    private static KmsClient kms;
    /** The key links were signed with until the rotation, and the one that signs from then on (key ARNs). */
    private static String oldKey;
    private static String newKey;

    @BeforeAll
    static void keys() {
        kms = LocalStackAws.kms(LOCALSTACK);
        oldKey = hmacKey("jita link signing key, before rotation");
        newKey = hmacKey("jita link signing key, after rotation");
    }

    /** A key as the CDK stack makes it: HMAC_256, for GenerateMac/VerifyMac only. */
    private static String hmacKey(String description) {
        return kms.createKey(r -> r.keySpec(KeySpec.HMAC_256).keyUsage(KeyUsageType.GENERATE_VERIFY_MAC)
                .description(description)).keyMetadata().arn();
    }

    private static KmsMacSigner signer(String current, Optional<String> previous) {
        return new KmsMacSigner(kms, current, previous);
    }

    private static LinkTokens tokens(MacSigner signer) {
        return new LinkTokens(signer, Clock.systemUTC(), new SecureRandom());
    }

    @Test
    void verify_shouldAcceptTheMacKmsGenerated_whichIsAnHmacSha256() {
        KmsMacSigner signer = signer(oldKey, Optional.empty());

        byte[] mac = signer.sign(oldKey, MESSAGE);

        assertEquals(32, mac.length);
        assertTrue(signer.verify(oldKey, MESSAGE, mac));
        // Deterministic, as HMAC is: the same message under the same key gives the same MAC.
        assertArrayEquals(mac, signer.sign(oldKey, MESSAGE));
    }

    @Test
    void verify_shouldBeFalse_whenTheMacOrTheMessageIsAltered() {
        KmsMacSigner signer = signer(oldKey, Optional.empty());
        byte[] mac = signer.sign(oldKey, MESSAGE);
        byte[] flipped = mac.clone();
        flipped[7] ^= 0x01;
        byte[] otherMessage = "v1.eyJraWQiOiJsIn0".getBytes(StandardCharsets.US_ASCII);

        // KMS answers each with KMSInvalidMacException, not MacValid=false; the signer turns both into false.
        assertFalse(signer.verify(oldKey, MESSAGE, flipped));
        assertFalse(signer.verify(oldKey, otherMessage, mac));
        assertFalse(signer.verify(oldKey, MESSAGE, new byte[32]));
    }

    @Test
    void rotation_shouldAcceptTheOldKeysMacs_whileOnlyTheNewKeySigns() {
        byte[] oldMac = signer(oldKey, Optional.empty()).sign(oldKey, MESSAGE);
        KmsMacSigner rotated = signer(newKey, Optional.of(oldKey));

        assertEquals(newKey, rotated.currentKid());
        assertEquals(List.of(newKey, oldKey), rotated.acceptedKids());
        assertTrue(rotated.verify(oldKey, MESSAGE, oldMac), "a link signed before the rotation still works");
        assertThrows(IllegalArgumentException.class, () -> rotated.sign(oldKey, MESSAGE));

        byte[] newMac = rotated.sign(newKey, MESSAGE);
        assertTrue(rotated.verify(newKey, MESSAGE, newMac));
        // Two keys, two MACs: neither key's MAC passes for the other.
        assertFalse(rotated.verify(newKey, MESSAGE, oldMac));
        assertFalse(rotated.verify(oldKey, MESSAGE, newMac));
    }

    @Test
    void linkTokens_shouldVerifyALinkFromBeforeTheRotation_untilThePreviousKeyIsDropped() {
        SignedLink beforeRotation = tokens(signer(oldKey, Optional.empty()))
                .mint("req-1", "alice", REQUEST_HASH, Duration.ofMinutes(30));

        LinkPayload payload = tokens(signer(newKey, Optional.of(oldKey))).verify(beforeRotation.token(), "req-1");
        assertEquals(oldKey, payload.kid());
        assertEquals("alice", payload.aid());
        assertEquals(REQUEST_HASH, payload.rh());

        SignedLink afterRotation = tokens(signer(newKey, Optional.of(oldKey)))
                .mint("req-1", "bob", REQUEST_HASH, Duration.ofMinutes(30));
        assertEquals(newKey, afterRotation.payload().kid());

        // Once the rotation is over only the new key is configured: old links fail, new ones still work.
        LinkTokens newOnly = tokens(signer(newKey, Optional.empty()));
        assertThrows(LinkRejectedException.class, () -> newOnly.verify(beforeRotation.token(), "req-1"));
        assertEquals("bob", newOnly.verify(afterRotation.token(), "req-1").aid());
    }

    @Test
    void sign_shouldThrowSignerUnavailable_whenTheKeyIsDisabled() {
        String disabled = hmacKey("jita link signing key, disabled");
        kms.disableKey(r -> r.keyId(disabled));

        SignerUnavailableException e = assertThrows(SignerUnavailableException.class,
                () -> signer(disabled, Optional.empty()).sign(disabled, MESSAGE));
        assertTrue(e.getMessage().contains(disabled), e.getMessage());
    }
}
