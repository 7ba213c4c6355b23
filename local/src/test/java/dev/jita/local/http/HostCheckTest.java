package dev.jita.local.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.api.ProblemException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostCheckTest {
    private final HostCheck check = new HostCheck(8080);

    @Test
    void refusal_shouldAcceptTheLoopbackNames_withThePortJitaListensOn() {
        for (String host : List.of("127.0.0.1:8080", "localhost:8080", "LocalHost:8080", "[::1]:8080")) {
            assertEquals(Optional.empty(), check.refusal(List.of(host), null), host);
        }
        assertEquals(Optional.empty(), check.refusal(List.of("127.0.0.1:8080"), "localhost:8080"));
    }

    @Test
    void refusal_shouldAnswer421_forAnyOtherNameOrPort() {
        for (String host : List.of("evil.example:8080", "evil.example", "127.0.0.1:9999", "127.0.0.1", "localhost",
                "localhost.:8080", "127.0.0.2:8080", "0.0.0.0:8080", "attacker@127.0.0.1:8080", "", "127.0.0.1:08080")) {
            Optional<ProblemException> refusal = check.refusal(List.of(host), null);
            assertTrue(refusal.isPresent(), host);
            assertEquals(421, refusal.get().problem().status(), host);
            assertEquals("misdirected-request", refusal.get().problem().reason());
            assertFalse(refusal.get().problem().detail().contains("evil"), "the foreign name is not echoed back");
        }
    }

    @Test
    void refusal_shouldAnswer421_whenAnAbsoluteTargetNamesAnotherHost() {
        Optional<ProblemException> refusal = check.refusal(List.of("127.0.0.1:8080"), "evil.example:8080");

        assertEquals(421, refusal.orElseThrow().problem().status());
    }

    @Test
    void refusal_shouldAnswer400_withoutAHostHeader_orWithTwo() {
        for (List<String> hosts : Arrays.asList(null, List.<String>of(), List.of("127.0.0.1:8080", "127.0.0.1:8080"))) {
            Optional<ProblemException> refusal = check.refusal(hosts, null);
            assertEquals(400, refusal.orElseThrow().problem().status(), String.valueOf(hosts));
            assertEquals("bad-host", refusal.get().problem().reason());
        }
    }

    @Test
    void refusal_shouldAcceptANameWithoutPort_onlyOnPort80() {
        HostCheck on80 = new HostCheck(80);

        assertEquals(Optional.empty(), on80.refusal(List.of("127.0.0.1"), null));
        assertEquals(Optional.empty(), on80.refusal(List.of("localhost:80"), null));
        assertTrue(on80.refusal(List.of("evil.example"), null).isPresent());
    }

    @Test
    void crossSiteRefusal_shouldRefuseChangesFromOtherSites_andLetReadsAndNonBrowsersThrough() {
        assertTrue(check.crossSiteRefusal("POST", "http://evil.example", null).isPresent());
        assertTrue(check.crossSiteRefusal("POST", "null", null).isPresent());
        assertTrue(check.crossSiteRefusal("POST", "http://127.0.0.1:9999", null).isPresent());
        assertTrue(check.crossSiteRefusal("DELETE", null, "cross-site").isPresent());
        assertTrue(check.crossSiteRefusal("POST", null, "same-site").isPresent());
        assertEquals(403, check.crossSiteRefusal("POST", "https://evil.example", null).orElseThrow().problem().status());

        assertFalse(check.crossSiteRefusal("POST", "http://127.0.0.1:8080", "same-origin").isPresent());
        assertFalse(check.crossSiteRefusal("POST", "http://LOCALHOST:8080", null).isPresent());
        assertFalse(check.crossSiteRefusal("POST", null, null).isPresent(), "curl sends neither header");
        assertFalse(check.crossSiteRefusal("POST", "null", "same-origin").isPresent(),
                "our own form: no Referer, so the browser names the origin null");
        assertTrue(check.crossSiteRefusal("POST", "http://127.0.0.1:8080", "cross-site").isPresent());
        assertFalse(check.crossSiteRefusal("POST", null, "none").isPresent(), "typed into the address bar");
        assertFalse(check.crossSiteRefusal("GET", "http://evil.example", "cross-site").isPresent());
        assertFalse(check.crossSiteRefusal("HEAD", "http://evil.example", "cross-site").isPresent());
    }
}
