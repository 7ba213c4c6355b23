package dev.jita.links;

import dev.jita.standins.LocalHmacSigner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * security.md, Approval links: "constant-time MAC comparison". LocalHmacSigner.verify and CsrfTokens (through the
 * signer) compare MACs only through {@link ConstantTime#equals}, which is MessageDigest.isEqual (constant-time by
 * its contract); KMS VerifyMac compares inside KMS. Timing itself is not measured here: unit tests on a shared,
 * noisy machine must not depend on the clock.
 */
class ConstantTimeTest {

    @Test
    void equals_shouldCompareContents() {
        assertTrue(ConstantTime.equals(new byte[]{1, 2, 3}, new byte[]{1, 2, 3}));
        assertFalse(ConstantTime.equals(new byte[]{1, 2, 3}, new byte[]{1, 2, 4}));
        assertFalse(ConstantTime.equals(new byte[]{1, 2, 3}, new byte[]{1, 2}));
        assertTrue(ConstantTime.equals(new byte[0], new byte[0]));
    }
}
