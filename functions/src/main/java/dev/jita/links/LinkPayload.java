package dev.jita.links;

import java.time.Instant;
import java.util.Objects;

/**
 * What a signed link says, field names as in the token (design.md, "Signed approval links").
 *
 * @param kid key id of the MAC
 * @param rid request id
 * @param aid approver id (the rules file's id)
 * @param rh  SHA-256 of the canonical request, 64 lower-case hex digits
 * @param iat issued at, epoch seconds
 * @param exp expiry, epoch seconds; the link is refused from this second on
 * @param jti 16+ random bytes, base64url: tells links apart and binds the CSRF token
 */
public record LinkPayload(String kid, String rid, String aid, String rh, long iat, long exp, String jti) {

    public LinkPayload {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(rid, "rid");
        Objects.requireNonNull(aid, "aid");
        Objects.requireNonNull(rh, "rh");
        Objects.requireNonNull(jti, "jti");
    }

    public Instant issuedAt() {
        return Instant.ofEpochSecond(iat);
    }

    public Instant expiresAt() {
        return Instant.ofEpochSecond(exp);
    }
}
