package dev.jita.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    /** Step Functions execution names: 1..80 characters of letters, digits, '-' and '_'. */
    private static final Pattern EXECUTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,80}");

    @Test
    void next_shouldBeWellFormedExecutionNames_andDistinct() {
        RequestIds ids = new RequestIds(new SecureRandom());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = ids.next();
            assertEquals(28, id.length());
            assertTrue(RequestIds.isWellFormed(id), id);
            assertTrue(EXECUTION_NAME.matcher(id).matches(), id);
            seen.add(id);
        }
        assertEquals(10_000, seen.size());
    }

    @Test
    void base32_shouldFollowRfc4648_lowercase() {
        // RFC 4648 test vector "foobar" -> MZXW6YTBOI (padding dropped)
        assertEquals("mzxw6ytboi", RequestIds.base32("foobar".getBytes()));
        assertEquals("aaaaaaaaaaaaaaaaaaaaaaaaaa", RequestIds.base32(new byte[16]));
    }

    @Test
    void isWellFormed_shouldRefuseAnythingElse() {
        assertFalse(RequestIds.isWellFormed(null));
        assertFalse(RequestIds.isWellFormed("r-"));
        assertFalse(RequestIds.isWellFormed("r-AAAAAAAAAAAAAAAAAAAAAAAAAA"));
        assertFalse(RequestIds.isWellFormed("r-aaaaaaaaaaaaaaaaaaaaaaaaa1"));
        assertFalse(RequestIds.isWellFormed("../requests"));
        assertFalse(RequestIds.isWellFormed("r-aaaaaaaaaaaaaaaaaaaaaaaaaa\n"));
    }
}
