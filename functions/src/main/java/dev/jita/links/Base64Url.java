package dev.jita.links;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/** base64url without padding, decoded strictly: one spelling per byte string, nothing else accepted. */
public final class Base64Url {

    private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9_-]*");
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {
    }

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /**
     * The bytes, or empty for padding, foreign characters, an impossible length, or unused bits that are not zero.
     * The last check matters: a lenient decoder would accept a token whose last character was changed, since
     * that character's low bits carry no data.
     */
    public static Optional<byte[]> decode(String text) {
        if (text == null || text.isEmpty() || text.length() % 4 == 1 || !ALPHABET.matcher(text).matches()) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = DECODER.decode(text);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return encode(bytes).equals(text) ? Optional.of(bytes) : Optional.empty();
    }
}
