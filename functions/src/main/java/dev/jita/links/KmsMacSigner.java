package dev.jita.links;

import dev.jita.app.AwsErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.KmsInvalidMacException;
import software.amazon.awssdk.services.kms.model.MacAlgorithmSpec;

/**
 * The link signer in AWS: KMS GenerateMac/VerifyMac with an HMAC_256 key, so the key never leaves KMS and KMS does
 * the constant-time comparison. The kid is the KMS key id, key ARN or alias the signer was configured with. During
 * a rotation the previous key id is configured too: it verifies, only the current one signs.
 */
public final class KmsMacSigner implements MacSigner {

    private final KmsClient kms;
    private final String currentKeyId;
    private final List<String> accepted;

    /** @param kms the SDK's KMS client ({@code dev.jita.app.AwsClients} builds it in Lambda) */
    public KmsMacSigner(KmsClient kms, String currentKeyId, Optional<String> previousKeyId) {
        this.kms = Objects.requireNonNull(kms, "kms");
        this.currentKeyId = requireKeyId(currentKeyId);
        List<String> kids = new ArrayList<>();
        kids.add(this.currentKeyId);
        previousKeyId.map(KmsMacSigner::requireKeyId).filter(id -> !id.equals(currentKeyId)).ifPresent(kids::add);
        this.accepted = List.copyOf(kids);
    }

    @Override
    public String currentKid() {
        return currentKeyId;
    }

    @Override
    public List<String> acceptedKids() {
        return accepted;
    }

    @Override
    public byte[] sign(String kid, byte[] message) {
        if (!currentKeyId.equals(kid)) {
            throw new IllegalArgumentException("Only the current key " + currentKeyId + " signs; asked for " + kid + ".");
        }
        try {
            SdkBytes mac = kms.generateMac(r -> r.keyId(kid).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(SdkBytes.fromByteArray(message))).mac();
            if (mac == null) {
                throw new SignerUnavailableException("KMS GenerateMac with key " + kid + " answered without a MAC;"
                        + " check that the key is an HMAC_256 key.", null);
            }
            return mac.asByteArray();
        } catch (SdkException e) {
            throw unavailable("GenerateMac", kid, e);
        }
    }

    @Override
    public boolean verify(String kid, byte[] message, byte[] mac) {
        if (kid == null || mac == null || !accepted.contains(kid)) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(kms.verifyMac(r -> r.keyId(kid).macAlgorithm(MacAlgorithmSpec.HMAC_SHA_256)
                    .message(SdkBytes.fromByteArray(message)).mac(SdkBytes.fromByteArray(mac))).macValid());
        } catch (KmsInvalidMacException e) {
            // KMS answers a wrong MAC with this error, not with MacValid=false.
            return false;
        } catch (SdkException e) {
            throw unavailable("VerifyMac", kid, e);
        }
    }

    @Override
    public String toString() {
        return "KmsMacSigner[kids=" + accepted + "]";
    }

    private static SignerUnavailableException unavailable(String operation, String kid, SdkException e) {
        return new SignerUnavailableException("KMS " + operation + " with key " + kid + " failed (" + AwsErrors.reason(e)
                + "); check that the key is enabled, is an HMAC_256 key, and that the function may call kms:"
                + operation + " on it.", e);
    }

    private static String requireKeyId(String keyId) {
        if (keyId == null || keyId.isBlank() || keyId.length() > 2048) {
            throw new IllegalArgumentException("A KMS key id, key ARN or alias is required for link signing.");
        }
        return keyId;
    }
}
