package dev.jita.links;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Base64UrlTest {

    // The JDK decoder reads "AB" as [0], like "AA": without the canonical check a token's last character could
    // change and still verify (security.md, Approval links: "A flipped byte anywhere in a token ... rejected").
    @Test
    void decode_shouldRefuseNonZeroUnusedBits() {
        assertArrayEquals(new byte[]{0}, Base64Url.decode("AA").orElseThrow());
        assertTrue(Base64Url.decode("AB").isEmpty());
        assertTrue(Base64Url.decode("AAB").isEmpty());
    }

    @Test
    void decode_shouldRefusePaddingForeignCharactersAndImpossibleLengths() {
        for (String bad : new String[]{"AA==", "AA=", "A", "AAAAA", "A+A/", "A A", "", "AA\n", null}) {
            assertTrue(Base64Url.decode(bad).isEmpty(), String.valueOf(bad));
        }
    }

    @Test
    void decode_shouldRoundTripEveryLength() {
        for (int n = 1; n < 40; n++) {
            byte[] bytes = new byte[n];
            for (int i = 0; i < n; i++) {
                bytes[i] = (byte) (i * 37 + n);
            }
            assertArrayEquals(bytes, Base64Url.decode(Base64Url.encode(bytes)).orElseThrow());
        }
    }
}
