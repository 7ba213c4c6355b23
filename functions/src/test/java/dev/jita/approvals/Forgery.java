package dev.jita.approvals;

import dev.jita.links.MacSigner;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Link tokens built by hand in the documented format, to hand the desk what jita itself would never mint. */
public final class Forgery {

    public static final String JTI = "AAECAwQFBgcICQoLDA0ODw";

    private Forgery() {
    }

    /** {@code v1.<payload>.<mac>} with the MAC of {@code signer}'s current key. */
    public static String signed(MacSigner signer, String json) {
        String signed = "v1." + b64(json.getBytes(StandardCharsets.UTF_8));
        return signed + "." + b64(signer.sign(signer.currentKid(), signed.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The seven fields in order; a null value leaves that field out. */
    public static String payload(String kid, String rid, String aid, String rh, Long iat, Long exp, String jti) {
        StringBuilder json = new StringBuilder("{");
        field(json, "kid", kid == null ? null : quote(kid));
        field(json, "rid", rid == null ? null : quote(rid));
        field(json, "aid", aid == null ? null : quote(aid));
        field(json, "rh", rh == null ? null : quote(rh));
        field(json, "iat", iat == null ? null : iat.toString());
        field(json, "exp", exp == null ? null : exp.toString());
        field(json, "jti", jti == null ? null : quote(jti));
        return json.append('}').toString();
    }

    /**
     * {@code json} (a payload without kid) with a kid of any JSON value put first: a number, an array, a string of
     * any shape; the empty string leaves the kid out.
     */
    public static String withRawKid(String kidJson, String json) {
        return kidJson.isEmpty() ? json : "{\"kid\":" + kidJson + (json.equals("{}") ? "}" : "," + json.substring(1));
    }

    /** The token with the character at {@code index} replaced by another of the base64url alphabet. */
    public static String flip(String token, int index) {
        char c = token.charAt(index);
        char other = c == 'A' ? 'B' : 'A';
        return token.substring(0, index) + other + token.substring(index + 1);
    }

    private static void field(StringBuilder json, String name, String value) {
        if (value == null) {
            return;
        }
        if (json.length() > 1) {
            json.append(',');
        }
        json.append('"').append(name).append("\":").append(value);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
