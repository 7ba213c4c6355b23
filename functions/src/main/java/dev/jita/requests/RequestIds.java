package dev.jita.requests;

import java.security.SecureRandom;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Request ids: {@code r-} and 26 lowercase base32 characters from 16 random bytes (128 bits), so nobody can guess
 * another's id, and valid as a Step Functions execution name (1..80 of letters, digits, '-' and '_').
 */
public final class RequestIds {
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final Pattern FORM = Pattern.compile("r-[a-z2-7]{26}");

    private final SecureRandom random;

    public RequestIds(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    public String next() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return "r-" + base32(bytes);
    }

    /** Whether {@code id} has the form of an id this class issues; anything else names no request. */
    public static boolean isWellFormed(String id) {
        return id != null && FORM.matcher(id).matches();
    }

    // RFC 4648 base32 without padding: 128 bits give 26 characters (the last holds 3 bits).
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
