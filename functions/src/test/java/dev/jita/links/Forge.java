package dev.jita.links;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds tokens by hand in the documented format, to present the verifier with payloads mint would never make. */
public final class Forge {

    public static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private Forge() {
    }

    public static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] unb64(String text) {
        return Base64.getUrlDecoder().decode(text);
    }

    /** A token whose payload is {@code json}, MACed with {@code kid} of {@code signer}. */
    public static String token(MacSigner signer, String kid, String json) {
        String signed = "v1." + b64(json.getBytes(StandardCharsets.UTF_8));
        return signed + "." + b64(signer.sign(kid, signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /** A well-formed payload with one field's JSON value replaced, or removed when {@code value} is null. */
    public static String payload(String kid, long iat, long exp, String field, String value) {
        String[][] fields = {
                {"kid", "\"" + kid + "\""}, {"rid", "\"req-1\""}, {"aid", "\"bob\""}, {"rh", "\"" + HASH + "\""},
                {"iat", Long.toString(iat)}, {"exp", Long.toString(exp)}, {"jti", "\"AAECAwQFBgcICQoLDA0ODw\""}};
        StringBuilder json = new StringBuilder("{");
        for (String[] f : fields) {
            String v = f[0].equals(field) ? value : f[1];
            if (v == null) {
                continue;
            }
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(f[0]).append("\":").append(v);
        }
        if (field != null && java.util.Arrays.stream(fields).noneMatch(f -> f[0].equals(field))) {
            json.append(",\"").append(field).append("\":").append(value);
        }
        return json.append('}').toString();
    }
}
