package dev.jita.links;

import java.util.List;

/**
 * HMAC-SHA256 under named keys, for approval links. Only the current key signs; the current and, during a
 * rotation, the previous key verify. Key material never leaves an implementation (KMS keeps it; the local
 * signer keeps it in a private field and a 600 file).
 */
public interface MacSigner {

    /** The key id new links are signed with. */
    String currentKid();

    /** Key ids whose MACs are accepted: the current one first, then the previous one if rotation is under way. */
    List<String> acceptedKids();

    /**
     * @param kid must be {@link #currentKid()}: an old key never signs
     * @throws IllegalArgumentException if {@code kid} is not the current key
     * @throws SignerUnavailableException if the key service cannot be used right now
     */
    byte[] sign(String kid, byte[] message);

    /**
     * Whether {@code mac} is the MAC of {@code message} under {@code kid}, compared in constant time.
     * False for a kid that is not accepted.
     *
     * @throws SignerUnavailableException if the key service cannot be used right now (not the same as "invalid")
     */
    boolean verify(String kid, byte[] message, byte[] mac);
}
