package dev.jita.links;

import dev.jita.standins.LocalHmacSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.jita.links.Forge.HASH;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

// security.md, Approval links: "CSRF token on the confirm form; constant-time MAC comparison".
class CsrfTokensTest {

    @TempDir
    Path dir;
    private LocalHmacSigner signer;
    private SignedLink link;

    @BeforeEach
    void setUp() {
        signer = LocalHmacSigner.openOrCreate(dir.resolve("link.key"));
        link = mint(signer, "bob");
    }

    private static SignedLink mint(MacSigner signer, String approver) {
        return new LinkTokens(signer, Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC), new SecureRandom())
                .mint("req-1", approver, HASH, Duration.ofMinutes(30));
    }

    @Test
    void check_shouldAccept_theTokenIssuedForThisLink() {
        CsrfTokens csrf = new CsrfTokens(signer);
        assertTrue(csrf.check(link.payload(), csrf.issue(link.payload())));
    }

    @Test
    void check_shouldRefuse_aTokenIssuedForAnotherLinkEvenOfTheSameApprover() {
        CsrfTokens csrf = new CsrfTokens(signer);
        String forOther = csrf.issue(mint(signer, "bob").payload());
        assertFalse(csrf.check(link.payload(), forOther));
        assertFalse(csrf.check(link.payload(), csrf.issue(mint(signer, "carol").payload())));
    }

    @Test
    void check_shouldRefuse_anyAlteredOrMalformedToken() {
        CsrfTokens csrf = new CsrfTokens(signer);
        String good = csrf.issue(link.payload());
        for (int i = 0; i < good.length(); i++) {
            char[] chars = good.toCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            assertFalse(csrf.check(link.payload(), new String(chars)));
        }
        for (String bad : new String[]{null, "", good + "=", good + "A", good.substring(1), "x".repeat(10_000)}) {
            assertFalse(csrf.check(link.payload(), bad));
        }
    }

    @Test
    void check_shouldRefuse_theLinkMacPassedOffAsCsrf() {
        String linkMac = link.token().split("\\.")[2];
        assertFalse(new CsrfTokens(signer).check(link.payload(), linkMac));
    }

    @Test
    void check_shouldAccept_aTokenIssuedBeforeARotation_butNotBeforeTwo() {
        String issued = new CsrfTokens(signer).issue(link.payload());
        LocalHmacSigner rotated = signer.rotate();
        assertTrue(new CsrfTokens(rotated).check(link.payload(), issued));
        assertFalse(new CsrfTokens(rotated.rotate()).check(link.payload(), issued));
    }
}
