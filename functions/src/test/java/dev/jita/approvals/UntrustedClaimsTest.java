package dev.jita.approvals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UntrustedClaimsTest {

    private static String token(String json) {
        return "v1." + Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8))
                + ".AAAA";
    }

    @Test
    void of_shouldReadRequestAndApprover_whateverTheMac() {
        assertEquals(Optional.of(new UntrustedClaims("r-1", "bob")),
                UntrustedClaims.of(token("{\"rid\":\"r-1\",\"aid\":\"bob\"}")));
        assertEquals(Optional.of(new UntrustedClaims("r-1", null)), UntrustedClaims.of(token("{\"rid\":\"r-1\"}")));
    }

    @Test
    void of_shouldBeEmpty_forAnythingThatNamesNoWellFormedRequest() {
        assertEquals(Optional.empty(), UntrustedClaims.of(null));
        assertEquals(Optional.empty(), UntrustedClaims.of("not a token"));
        assertEquals(Optional.empty(), UntrustedClaims.of("v1.!!!.AAAA"));
        assertEquals(Optional.empty(), UntrustedClaims.of(token("[1,2]")));
        assertEquals(Optional.empty(), UntrustedClaims.of(token("{\"rid\":7}")));
        assertEquals(Optional.empty(), UntrustedClaims.of(token("{\"rid\":\"a b\"}")));
        assertEquals(Optional.empty(), UntrustedClaims.of(token("{\"rid\":\"" + "x".repeat(129) + "\"}")));
        assertEquals(Optional.empty(), UntrustedClaims.of("v1." + "A".repeat(3000) + ".AAAA"));
    }

    @Test
    void of_shouldDropAnApproverIdOfTheWrongShape() {
        assertEquals(Optional.of(new UntrustedClaims("r-1", null)),
                UntrustedClaims.of(token("{\"rid\":\"r-1\",\"aid\":\"<script>\"}")));
    }
}
