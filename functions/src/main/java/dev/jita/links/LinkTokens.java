package dev.jita.links;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Mints and verifies approval link tokens {@code v1.<base64url(payload)>.<base64url(mac)>}: the MAC is
 * HMAC-SHA256 over the ASCII of {@code v1.<base64url(payload)>}, under the key named by the payload's kid.
 *
 * <p>Verification is strict and answers every failure with the same {@link LinkRejectedException}: three parts,
 * version v1, canonical base64url without padding, bounded sizes, a 32-byte MAC, a JSON object with exactly the
 * seven fields of the right types, an accepted kid, a matching MAC, not expired by the injected clock, and (when
 * asked) the expected request. Each refusal records whether it came before or after the MAC verified
 * ({@link LinkRejectedException#macVerified()}), set here at the stage that refuses.
 */
public final class LinkTokens {

    public static final String VERSION = "v1";
    /** Longest link jita will look at; a real one is well under half of this. */
    public static final int MAX_TOKEN_CHARS = 2048;
    static final int MAX_PAYLOAD_BYTES = 1024;
    static final int MAC_BYTES = 32;
    static final int JTI_BYTES = 16;
    /** Links live no longer than a week; approval timeouts are minutes to hours. */
    public static final Duration MAX_TTL = Duration.ofDays(7);
    /** Tolerated clock difference between the minting and the verifying function. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    static final List<String> FIELDS = List.of("kid", "rid", "aid", "rh", "iat", "exp", "jti");
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._:/-]{1,256}");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
    private static final Pattern REQUEST_HASH = Pattern.compile("[0-9a-f]{64}");

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final MacSigner signer;
    private final Clock clock;
    private final SecureRandom random;

    public LinkTokens(MacSigner signer, Clock clock, SecureRandom random) {
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * A new link for one approver of one request, signed with the current key.
     *
     * @param requestHash SHA-256 of the canonical request, 64 lower-case hex digits
     * @param ttl         how long the link works, 1 s to {@link #MAX_TTL}
     */
    public SignedLink mint(String requestId, String approverId, String requestHash, Duration ttl) {
        require(ID, requestId, "requestId");
        require(ID, approverId, "approverId");
        require(REQUEST_HASH, requestHash, "requestHash");
        if (ttl == null || ttl.toSeconds() < 1 || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("A link's lifetime must be between 1 second and " + MAX_TTL + ", was " + ttl + ".");
        }
        String kid = signer.currentKid();
        long iat = clock.instant().getEpochSecond();
        byte[] jti = new byte[JTI_BYTES];
        random.nextBytes(jti);
        LinkPayload payload = new LinkPayload(kid, requestId, approverId, requestHash, iat, iat + ttl.toSeconds(),
                Base64Url.encode(jti));

        ObjectNode json = JSON.createObjectNode();
        json.put("kid", payload.kid());
        json.put("rid", payload.rid());
        json.put("aid", payload.aid());
        json.put("rh", payload.rh());
        json.put("iat", payload.iat());
        json.put("exp", payload.exp());
        json.put("jti", payload.jti());
        String signed;
        try {
            signed = VERSION + "." + Base64Url.encode(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise a link payload", e);
        }
        byte[] mac = signer.sign(kid, signed.getBytes(StandardCharsets.US_ASCII));
        return new SignedLink(signed + "." + Base64Url.encode(mac), payload);
    }

    /**
     * The payload of a genuine, unexpired link.
     *
     * @throws LinkRejectedException for anything else, with the same message whatever the reason
     * @throws SignerUnavailableException if the key service failed (not the link's fault: answer "try again")
     */
    public LinkPayload verify(String token) {
        return verify(token, Optional.empty());
    }

    /** As {@link #verify(String)}, and the link must be for {@code expectedRequestId}. */
    public LinkPayload verify(String token, String expectedRequestId) {
        return verify(token, Optional.of(expectedRequestId));
    }

    private LinkPayload verify(String token, Optional<String> expectedRequestId) {
        JsonNode json = authenticated(token);
        // From here on jita signed the token: its refusals are afterMac, and what it names may be trusted.
        for (String field : FIELDS) {
            if (!json.has(field)) {
                throw afterMac(RejectReason.MISSING_FIELD);
            }
        }
        if (json.size() != FIELDS.size()) {
            throw afterMac(RejectReason.UNKNOWN_FIELD);
        }
        LinkPayload payload = new LinkPayload(json.get("kid").textValue(), text(json, "rid", ID),
                text(json, "aid", ID), text(json, "rh", REQUEST_HASH), seconds(json, "iat"), seconds(json, "exp"),
                jti(json));
        if (payload.exp() <= payload.iat() || payload.exp() - payload.iat() > MAX_TTL.toSeconds()) {
            throw afterMac(RejectReason.BAD_FIELD);
        }
        long now = clock.instant().getEpochSecond();
        if (now >= payload.exp()) {
            throw afterMac(RejectReason.EXPIRED);
        }
        if (payload.iat() > now + CLOCK_SKEW.toSeconds()) {
            throw afterMac(RejectReason.NOT_YET_VALID);
        }
        if (expectedRequestId.isPresent() && !expectedRequestId.get().equals(payload.rid())) {
            throw afterMac(RejectReason.WRONG_REQUEST);
        }
        return payload;
    }

    /**
     * The payload object of a token whose MAC verified under an accepted key, with a well-formed kid. Every
     * refusal here is {@link #beforeMac}: until the MAC verifies the token may be anyone's, and so may its kid,
     * which is read first only because it names the key (a kid missing, ill-typed or badly shaped included).
     */
    private JsonNode authenticated(String token) {
        if (token == null || token.length() > MAX_TOKEN_CHARS) {
            throw beforeMac(RejectReason.BAD_FORMAT);
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw beforeMac(RejectReason.BAD_FORMAT);
        }
        if (!VERSION.equals(parts[0])) {
            throw beforeMac(RejectReason.UNSUPPORTED_VERSION);
        }
        byte[] payloadBytes = Base64Url.decode(parts[1]).orElseThrow(() -> beforeMac(RejectReason.BAD_FORMAT));
        byte[] mac = Base64Url.decode(parts[2]).orElseThrow(() -> beforeMac(RejectReason.BAD_FORMAT));
        if (payloadBytes.length > MAX_PAYLOAD_BYTES || mac.length != MAC_BYTES) {
            throw beforeMac(RejectReason.BAD_FORMAT);
        }
        JsonNode json;
        try {
            json = JSON.readTree(payloadBytes);
        } catch (java.io.IOException e) {
            throw beforeMac(RejectReason.BAD_FORMAT);
        }
        if (json == null || !json.isObject()) {
            throw beforeMac(RejectReason.BAD_FORMAT);
        }
        JsonNode kid = json.get("kid");
        if (kid == null) {
            throw beforeMac(RejectReason.MISSING_FIELD);
        }
        if (!kid.isTextual() || !KID.matcher(kid.textValue()).matches()) {
            throw beforeMac(RejectReason.BAD_FIELD);
        }
        if (!signer.acceptedKids().contains(kid.textValue())) {
            throw beforeMac(RejectReason.UNKNOWN_KID);
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (!signer.verify(kid.textValue(), signed, mac)) {
            throw beforeMac(RejectReason.BAD_MAC);
        }
        return json;
    }

    private static String text(JsonNode json, String field, Pattern shape) {
        JsonNode node = json.get(field);
        if (node == null) {
            throw afterMac(RejectReason.MISSING_FIELD);
        }
        if (!node.isTextual() || !shape.matcher(node.textValue()).matches()) {
            throw afterMac(RejectReason.BAD_FIELD);
        }
        return node.textValue();
    }

    private static long seconds(JsonNode json, String field) {
        JsonNode node = json.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw afterMac(RejectReason.BAD_FIELD);
        }
        return node.longValue();
    }

    private static String jti(JsonNode json) {
        JsonNode node = json.get("jti");
        if (!node.isTextual() || node.textValue().length() > 128
                || Base64Url.decode(node.textValue()).map(b -> b.length < JTI_BYTES).orElse(true)) {
            throw afterMac(RejectReason.BAD_FIELD);
        }
        return node.textValue();
    }

    private static void require(Pattern shape, String value, String name) {
        if (value == null || !shape.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " '" + value + "' does not have the expected form " + shape.pattern() + ".");
        }
    }

    /** A refusal before the MAC verified: the token may be anyone's forgery. */
    private static LinkRejectedException beforeMac(RejectReason reason) {
        return new LinkRejectedException(reason, false);
    }

    /** A refusal of a token whose MAC verified: jita signed it. */
    private static LinkRejectedException afterMac(RejectReason reason) {
        return new LinkRejectedException(reason, true);
    }
}
