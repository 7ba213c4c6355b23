package dev.jita.links;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The CSRF token of the confirm form, bound to one link: the MAC, under the link key, of the link's request,
 * approver and jti, prefixed with its own label so that a CSRF token can never pass as a link MAC or the reverse.
 * Issued on GET, checked on POST; a rotation in between is fine because the previous key still verifies.
 */
public final class CsrfTokens {

    private static final String LABEL = "jita-csrf-v1";

    private final MacSigner signer;

    public CsrfTokens(MacSigner signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    public String issue(LinkPayload link) {
        return Base64Url.encode(signer.sign(signer.currentKid(), message(link)));
    }

    /** Whether {@code csrf} was issued for this link; the MAC comparison is constant-time. */
    public boolean check(LinkPayload link, String csrf) {
        if (csrf == null || csrf.length() > 64) {
            return false;
        }
        byte[] mac = Base64Url.decode(csrf).orElse(null);
        if (mac == null || mac.length != LinkTokens.MAC_BYTES) {
            return false;
        }
        byte[] message = message(link);
        for (String kid : signer.acceptedKids()) {
            if (signer.verify(kid, message, mac)) {
                return true;
            }
        }
        return false;
    }

    private static byte[] message(LinkPayload link) {
        // NUL separators: ids cannot contain NUL, so the fields cannot run into each other.
        return (LABEL + "\0" + link.rid() + "\0" + link.aid() + "\0" + link.jti()).getBytes(StandardCharsets.UTF_8);
    }
}
