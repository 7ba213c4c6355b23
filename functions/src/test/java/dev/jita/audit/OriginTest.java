package dev.jita.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OriginTest {

    @Test
    void origin_shouldKeepValues_upToTheBound() {
        String agent = "a".repeat(Origin.MAX_CHARS);
        Origin origin = new Origin("203.0.113.7", agent);

        assertEquals("203.0.113.7", origin.sourceIp());
        assertEquals(agent, origin.userAgent());
        assertNull(Origin.NONE.sourceIp());
        assertNull(Origin.NONE.userAgent());
    }

    // Issue 10: a 300 KB User-Agent was stored whole in an audit entry.
    @Test
    void origin_shouldCutBothValuesToTheBoundWithAMarker_whenLonger() {
        String agent = "curl/8.5 " + "x".repeat(300 * 1024);
        String ip = "203.0.113.7" + ", 198.51.100.4".repeat(100);
        Origin origin = new Origin(ip, agent);

        assertEquals(Origin.MAX_CHARS, origin.userAgent().length());
        assertEquals(agent.substring(0, Origin.MAX_CHARS - Origin.TRUNCATED.length()) + Origin.TRUNCATED,
                origin.userAgent());
        assertEquals(Origin.MAX_CHARS, origin.sourceIp().length());
        assertTrue(origin.sourceIp().startsWith("203.0.113.7, 198.51.100.4"));
        assertTrue(origin.sourceIp().endsWith(Origin.TRUNCATED));
        assertEquals(new Origin(ip, agent), origin, "the same value, whoever builds it");
    }

    @Test
    void origin_shouldNotSplitASurrogatePair_whenCutting() {
        int keep = Origin.MAX_CHARS - Origin.TRUNCATED.length();
        // An emoji (two chars) straddling the cut.
        String agent = "a".repeat(keep - 1) + "\uD83D\uDE00" + "b".repeat(100);

        String cut = new Origin(null, agent).userAgent();

        assertEquals("a".repeat(keep - 1) + Origin.TRUNCATED, cut);
        assertFalse(Character.isHighSurrogate(cut.charAt(keep - 2)));
    }
}
