package dev.jita.links;

import java.util.Objects;

/**
 * A freshly minted link token and what it says. {@link #toString} leaves the token out, so logging this record
 * never leaks a credential.
 */
public record SignedLink(String token, LinkPayload payload) {

    public SignedLink {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(payload, "payload");
    }

    @Override
    public String toString() {
        return "SignedLink[token=<redacted>, rid=" + payload.rid() + ", aid=" + payload.aid()
                + ", kid=" + payload.kid() + ", exp=" + payload.expiresAt() + "]";
    }
}
