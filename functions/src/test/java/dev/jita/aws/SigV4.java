package dev.jita.aws;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An independent check of a received request's Signature Version 4 (the algorithm as AWS documents it, written
 * out here rather than asking the SDK's signer to agree with itself): recomputes the signature from what arrived on
 * the wire and says what it found.
 */
public final class SigV4 {
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, SignedHeaders=([^,]+),"
                    + " Signature=([0-9a-f]{64})");

    /** What the Authorization header says, and whether the signature is right for the secret key. */
    public record Check(String accessKey, String date, String region, String service, List<String> signedHeaders,
                        boolean valid) {
    }

    private SigV4() {
    }

    public static Check check(FakeAws.Received request, String secretKey) {
        String authorization = request.header("Authorization");
        if (authorization == null) {
            throw new AssertionError("no Authorization header");
        }
        Matcher m = AUTHORIZATION.matcher(authorization);
        if (!m.matches()) {
            throw new AssertionError("not a SigV4 Authorization header: " + authorization);
        }
        String date = m.group(2);
        String region = m.group(3);
        String service = m.group(4);
        List<String> signed = List.of(m.group(5).split(";"));
        String canonicalHeaders = signed.stream()
                .map(h -> h + ":" + String.join(",", request.headers().get(h.toLowerCase(Locale.ROOT))).trim()
                        .replaceAll(" +", " "))
                .collect(Collectors.joining("\n", "", "\n"));
        String canonicalRequest = String.join("\n", request.method(), request.path(), "", canonicalHeaders,
                String.join(";", signed), hex(sha256(request.body())));
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = String.join("\n", "AWS4-HMAC-SHA256", request.header("X-Amz-Date"), scope,
                hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        String expected = hex(hmac(key, stringToSign));
        return new Check(m.group(1), date, region, service, signed, expected.equals(m.group(6)));
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
