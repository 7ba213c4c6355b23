package dev.jita.links;

import dev.jita.standins.LocalHmacSigner;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;

import static dev.jita.links.Forge.HASH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * security.md, Approval links: any altered token is "rejected, one generic answer": whatever arrives in the path,
 * verify either returns the genuine payload or throws the one generic {@link LinkRejectedException}, never
 * anything else (no parser exception with details, no crash).
 */
class LinkTokensPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static Path dir;
    private static LinkTokens tokens;
    private static SignedLink genuine;

    @BeforeContainer
    static void mintOne() throws IOException {
        dir = Files.createTempDirectory("jita-links");
        tokens = new LinkTokens(LocalHmacSigner.openOrCreate(dir.resolve("link.key")),
                Clock.fixed(NOW, ZoneOffset.UTC), new SecureRandom());
        genuine = tokens.mint("req-1", "bob", HASH, Duration.ofMinutes(30));
    }

    @AfterContainer
    static void removeKey() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Property(tries = 2000)
    void verify_shouldOnlyEverRejectGenerically_whenTokenIsMutated(@ForAll("mutations") List<int[]> edits) {
        char[] chars = genuine.token().toCharArray();
        for (int[] edit : edits) {
            int at = edit[0] % chars.length;
            chars[at] = (char) edit[1];
        }
        String candidate = new String(chars);
        try {
            assertEquals(genuine.payload(), tokens.verify(candidate));
            assertEquals(genuine.token(), candidate, "only the genuine token verifies");
        } catch (LinkRejectedException e) {
            assertNotEquals(genuine.token(), candidate);
            assertEquals(LinkRejectedException.GENERIC_MESSAGE, e.getMessage());
        }
    }

    @Property(tries = 2000)
    void verify_shouldOnlyEverRejectGenerically_whenTokenIsArbitrary(@ForAll("arbitraryTokens") String candidate) {
        try {
            tokens.verify(candidate);
            assertEquals(genuine.token(), candidate);
        } catch (LinkRejectedException e) {
            assertEquals(LinkRejectedException.GENERIC_MESSAGE, e.getMessage());
        }
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        Arbitrary<int[]> edit = net.jqwik.api.Combinators.combine(
                        Arbitraries.integers().between(0, 10_000),
                        Arbitraries.oneOf(Arbitraries.chars().alpha().numeric().with('-', '_', '.', '=', '+', '/'),
                                Arbitraries.chars().all()))
                .as((at, c) -> new int[]{at, c});
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> arbitraryTokens() {
        Arbitrary<String> part = Arbitraries.strings().withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=")
                .ofMaxLength(80);
        Arbitrary<String> jsonPayload = Arbitraries.of("{}", "[]", "null", "1", "\"x\"", "{\"kid\":1}", "{\"kid\":null}",
                        "{\"kid\":\"local-1\"}", "{\"kid\":[\"a\"]}", "{\"kid\":{}}", "{", "{\"kid\":\"a\"}{}", "[[[[[[[[[[")
                .map(j -> Forge.b64(j.getBytes()));
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(300),
                net.jqwik.api.Combinators.combine(Arbitraries.of("v1", "v2", "", "V1"), part, part)
                        .as((v, p, m) -> v + "." + p + "." + m),
                net.jqwik.api.Combinators.combine(jsonPayload, part).as((p, m) -> "v1." + p + "." + m));
    }
}
