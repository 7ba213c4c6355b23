package dev.jita.approvals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.links.LinkTokens;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a rejected link claims to be about, read without trusting it, so its LINK_REJECTED entry can join the trail
 * of the request it names. Used only after {@link LinkTokens#verify} refused the token; never to decide anything.
 * Where the refusal came before the MAC verified they are anyone's, and only pick the request's side chain.
 *
 * @param requestId the {@code rid} it names
 * @param approverId the {@code aid} it names, or null
 */
public record UntrustedClaims(String requestId, String approverId) {

    // Same shapes LinkTokens accepts, so nothing odd reaches a DynamoDB key or an audit detail.
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");
    private static final int MAX_PAYLOAD_CHARS = 1400;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The claims, or empty when the token does not even name a request in a readable way. */
    public static Optional<UntrustedClaims> of(String token) {
        if (token == null || token.length() > LinkTokens.MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || parts[1].length() > MAX_PAYLOAD_CHARS) {
            return Optional.empty();
        }
        JsonNode json;
        try {
            json = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        String rid = id(json.get("rid"));
        return rid == null ? Optional.empty() : Optional.of(new UntrustedClaims(rid, id(json.get("aid"))));
    }

    private static String id(JsonNode node) {
        return node != null && node.isTextual() && ID.matcher(node.textValue()).matches() ? node.textValue() : null;
    }
}
