package dev.jita.links;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.aws.AwsCallException;
import dev.jita.aws.AwsJson;
import dev.jita.aws.AwsServiceException;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The link signer in AWS: KMS GenerateMac/VerifyMac with an HMAC_256 key, so the key never leaves KMS and KMS does
 * the constant-time comparison. The kid is the KMS key id, key ARN or alias the signer was configured with. During
 * a rotation the previous key id is configured too: it verifies, only the current one signs.
 */
public final class KmsMacSigner implements MacSigner {

    /** KMS's answer to a MAC that does not match (VerifyMac never answers MacValid=false). */
    static final String INVALID_MAC = "KMSInvalidMacException";
    private static final String ALGORITHM = "HMAC_SHA_256";

    private final AwsJson kms;
    private final String currentKeyId;
    private final List<String> accepted;

    /** @param kms KMS on its JSON protocol ({@code dev.jita.app.AwsClients#kms()} in Lambda) */
    public KmsMacSigner(AwsJson kms, String currentKeyId, Optional<String> previousKeyId) {
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
            JsonNode answer = kms.call("GenerateMac", request(kid, message));
            String mac = answer.path("Mac").asText(null);
            if (mac == null) {
                throw new SignerUnavailableException("KMS GenerateMac with key " + kid + " answered without a MAC;"
                        + " check that the key is an HMAC_256 key.", null);
            }
            return Base64.getDecoder().decode(mac);
        } catch (AwsCallException e) {
            throw unavailable("GenerateMac", kid, e);
        }
    }

    @Override
    public boolean verify(String kid, byte[] message, byte[] mac) {
        if (kid == null || mac == null || !accepted.contains(kid)) {
            return false;
        }
        try {
            ObjectNode request = request(kid, message).put("Mac", Base64.getEncoder().encodeToString(mac));
            return kms.call("VerifyMac", request).path("MacValid").asBoolean(false);
        } catch (AwsServiceException e) {
            if (INVALID_MAC.equals(e.errorCode())) {
                // KMS answers a wrong MAC with this error, not with MacValid=false.
                return false;
            }
            throw unavailable("VerifyMac", kid, e);
        } catch (AwsCallException e) {
            throw unavailable("VerifyMac", kid, e);
        }
    }

    @Override
    public String toString() {
        return "KmsMacSigner[kids=" + accepted + "]";
    }

    private static ObjectNode request(String kid, byte[] message) {
        return JsonNodeFactory.instance.objectNode().put("KeyId", kid).put("MacAlgorithm", ALGORITHM)
                .put("Message", Base64.getEncoder().encodeToString(message));
    }

    private static SignerUnavailableException unavailable(String operation, String kid, AwsCallException e) {
        return new SignerUnavailableException("KMS " + operation + " with key " + kid + " failed (" + e.reason()
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
