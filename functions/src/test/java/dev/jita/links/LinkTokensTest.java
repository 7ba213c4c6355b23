package dev.jita.links;

import dev.jita.standins.LocalHmacSigner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.jita.links.Forge.HASH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class LinkTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(30);

    @TempDir
    Path dir;
    private LocalHmacSigner signer;
    private String token;
    private LinkPayload minted;
    /** Every rejection raised in a test, to check they all read the same. */
    private final List<LinkRejectedException> rejections = new ArrayList<>();

    @BeforeEach
    void setUp() {
        signer = LocalHmacSigner.openOrCreate(dir.resolve("link.key"));
        SignedLink link = tokensAt(signer, NOW).mint("req-1", "bob", HASH, TTL);
        token = link.token();
        minted = link.payload();
    }

    private static LinkTokens tokensAt(MacSigner signer, Instant now) {
        return new LinkTokens(signer, Clock.fixed(now, ZoneOffset.UTC), new SecureRandom());
    }

    private RejectReason rejected(Runnable verification) {
        try {
            verification.run();
        } catch (LinkRejectedException e) {
            rejections.add(e);
            return e.reason();
        }
        return fail("the link was accepted");
    }

    private LinkRejectedException last() {
        return rejections.get(rejections.size() - 1);
    }

    private RejectReason rejectedNow(String candidate) {
        return rejected(() -> tokensAt(signer, NOW).verify(candidate));
    }

    @Test
    void verify_shouldReturnTheMintedPayload_whenTokenIsUntouched() {
        LinkPayload payload = tokensAt(signer, NOW.plusSeconds(60)).verify(token, "req-1");

        assertEquals(minted, payload);
        assertEquals(signer.currentKid(), payload.kid());
        assertEquals("bob", payload.aid());
        assertEquals(HASH, payload.rh());
        assertEquals(NOW, payload.issuedAt());
        assertEquals(NOW.plus(TTL), payload.expiresAt());
        assertTrue(Forge.unb64(payload.jti()).length >= 16);
        assertTrue(token.matches("v1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}"), token);
    }

    @Test
    void mint_shouldUseAFreshJti_forEveryLink() {
        Set<String> jtis = new HashSet<>();
        LinkTokens tokens = tokensAt(signer, NOW);
        for (int i = 0; i < 200; i++) {
            jtis.add(tokens.mint("req-1", "bob", HASH, TTL).payload().jti());
        }
        assertEquals(200, jtis.size());
    }

    // security.md, Approval links: "A flipped byte anywhere in a token ... rejected, one generic answer".
    // Every bit of every character of the token, flipped one at a time.
    @Test
    void verify_shouldReject_whenAnyBitOfAnyTokenCharacterIsFlipped() {
        for (int i = 0; i < token.length(); i++) {
            for (int bit = 0; bit < 8; bit++) {
                char[] chars = token.toCharArray();
                chars[i] = (char) (chars[i] ^ (1 << bit));
                rejectedNow(new String(chars));
            }
        }
        assertEquals(token.length() * 8, rejections.size());
    }

    // security.md, Approval links: "A flipped byte anywhere in a token": also in the decoded bytes, re-encoded
    // cleanly, so the flip reaches the MAC check rather than the base64 check.
    @Test
    void verify_shouldReject_whenAnyBitOfThePayloadOrMacBytesIsFlipped() {
        String[] parts = token.split("\\.");
        for (int part = 1; part <= 2; part++) {
            byte[] bytes = Forge.unb64(parts[part]);
            for (int i = 0; i < bytes.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] flipped = bytes.clone();
                    flipped[i] ^= (byte) (1 << bit);
                    String[] changed = parts.clone();
                    changed[part] = Forge.b64(flipped);
                    rejectedNow(String.join(".", changed));
                }
            }
        }
        // MAC flips always reach and fail the MAC check.
        assertTrue(rejections.stream().filter(e -> e.reason() == RejectReason.BAD_MAC).count() >= 32 * 8);
    }

    // security.md, Approval links: "A flipped byte anywhere in a token": the MAC's last character carries two
    // unused bits; a lenient decoder would accept either spelling.
    @Test
    void verify_shouldReject_whenOnlyTheUnusedBitsOfTheLastCharacterChange() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(token.charAt(token.length() - 1));
        for (int unused = 1; unused < 4; unused++) {
            char sibling = alphabet.charAt(last ^ unused);
            assertEquals(RejectReason.BAD_FORMAT, rejectedNow(token.substring(0, token.length() - 1) + sibling));
        }
    }

    // security.md, Approval links: "a wrong kid ... rejected".
    @Test
    void verify_shouldReject_whenKidIsUnknownOrKeyDoesNotMatchKid() {
        LocalHmacSigner stranger = LocalHmacSigner.openOrCreate(dir.resolve("other.key"));
        String foreign = tokensAt(stranger, NOW).mint("req-1", "bob", HASH, TTL).token();
        assertEquals(RejectReason.UNKNOWN_KID, rejectedNow(foreign));

        // Our kid in the payload, the stranger's key behind the MAC.
        String claimsOurs = Forge.token(stranger, stranger.currentKid(), Forge.payload(signer.currentKid(),
                NOW.getEpochSecond(), NOW.getEpochSecond() + 600, null, null));
        assertEquals(RejectReason.BAD_MAC, rejectedNow(claimsOurs));
    }

    // What a forger without our key can cause is refused before the MAC verified (macVerified false), so its audit
    // entry goes to the request's side chain; every refusal of a token we signed says macVerified.
    @Test
    void verify_shouldRefuseBeforeTheMac_everyTokenAStrangerCanMake_andAfterItEveryTokenWeSigned() {
        LocalHmacSigner stranger = LocalHmacSigner.openOrCreate(dir.resolve("other.key"));
        long now = NOW.getEpochSecond();
        String ours = signer.currentKid();
        String theirs = stranger.currentKid();
        List<String> forgeries = List.of(
                Forge.token(stranger, theirs, Forge.payload(ours, now, now + 600, "rid", null)),
                Forge.token(stranger, theirs, Forge.payload(ours, now - 7200, now - 3600, null, null)),
                Forge.token(stranger, theirs, Forge.payload(ours, now, now + 600, "extra", "1")),
                Forge.token(stranger, theirs, Forge.payload(theirs, now, now + 600, null, null)),
                Forge.token(stranger, theirs, Forge.payload(ours, now, now + 600, "kid", null)),
                "v2." + token.substring(3),
                token.substring(0, 10));
        for (String forged : forgeries) {
            rejectedNow(forged);
            assertFalse(last().macVerified(), last().reason()::name);
        }

        List<String> ourOwn = List.of(
                Forge.token(signer, ours, Forge.payload(ours, now, now + 600, "rid", null)),
                Forge.token(signer, ours, Forge.payload(ours, now, now + 600, "rid", "7")),
                Forge.token(signer, ours, Forge.payload(ours, now, now + 600, "extra", "1")),
                Forge.token(signer, ours, Forge.payload(ours, now - 7200, now - 3600, null, null)),
                Forge.token(signer, ours, Forge.payload(ours, now + 3600, now + 7200, null, null)));
        for (String signed : ourOwn) {
            rejectedNow(signed);
            assertTrue(last().macVerified(), last().reason()::name);
        }
        rejected(() -> tokensAt(signer, NOW).verify(token, "req-2"));
        assertTrue(last().macVerified(), last().reason()::name);
    }

    // Issue 10: a made-up token with no kid, or a kid of the wrong type or shape, is refused as MISSING_FIELD or
    // BAD_FIELD before its MAC is checked: a pre-MAC refusal, whatever key (if any) made its MAC.
    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5.5", "true", "null", "[\"k\"]", "{\"k\":\"v\"}", "\"\"", "\"has space\"",
            "\"k\\u0000\"", "\"%s\""})
    void verify_shouldRefuseBeforeTheMac_whenTheKidIsMissingIllTypedOrBadlyShaped(String kid) {
        long now = NOW.getEpochSecond();
        String json = Forge.payload(signer.currentKid(), now, now + 600, "kid",
                kid.isEmpty() ? null : String.format(kid, "k".repeat(257)));
        // MACed with our own current key: even that does not make the kid's refusal a post-MAC one.
        RejectReason reason = rejectedNow(Forge.token(signer, signer.currentKid(), json));

        assertEquals(kid.isEmpty() ? RejectReason.MISSING_FIELD : RejectReason.BAD_FIELD, reason);
        assertFalse(last().macVerified());
        assertEquals(LinkRejectedException.GENERIC_MESSAGE, last().getMessage());
    }

    // security.md, Approval links: "a missing field ... rejected" (each of the seven, with a valid MAC).
    @ParameterizedTest
    @ValueSource(strings = {"kid", "rid", "aid", "rh", "iat", "exp", "jti"})
    void verify_shouldReject_whenAFieldIsMissing(String field) {
        String json = Forge.payload(signer.currentKid(), NOW.getEpochSecond(), NOW.getEpochSecond() + 600, field, null);
        String forged = Forge.token(signer, signer.currentKid(), json);
        assertEquals(RejectReason.MISSING_FIELD, rejectedNow(forged));
        // The kid names the key, so it is read before the MAC verifies; every other field after.
        assertEquals(!field.equals("kid"), last().macVerified(), field);
    }

    @Test
    void verify_shouldAccept_whenHandBuiltPayloadIsComplete() {
        String json = Forge.payload(signer.currentKid(), NOW.getEpochSecond(), NOW.getEpochSecond() + 600, null, null);
        assertEquals("req-1", tokensAt(signer, NOW).verify(Forge.token(signer, signer.currentKid(), json)).rid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"rid=7", "rid=\"has space\"", "rid=\"\"", "aid=null", "rh=\"ABC\"",
            "rh=\"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08\"", "iat=\"1\"", "iat=1.5",
            "iat=-1", "exp=1e12", "exp=99999999999999999999", "jti=\"AAECAwQFBgcICQoLDA0O\"", "jti=\"AAEC==\"", "jti=5"})
    void verify_shouldReject_whenAFieldHasTheWrongTypeOrShape(String change) {
        String[] kv = change.split("=", 2);
        String json = Forge.payload(signer.currentKid(), NOW.getEpochSecond(), NOW.getEpochSecond() + 600, kv[0], kv[1]);
        assertEquals(RejectReason.BAD_FIELD, rejectedNow(Forge.token(signer, signer.currentKid(), json)));
    }

    @Test
    void verify_shouldReject_whenPayloadHasAnExtraOrDuplicateField() {
        String extra = Forge.payload(signer.currentKid(), NOW.getEpochSecond(), NOW.getEpochSecond() + 600, "admin", "true");
        assertEquals(RejectReason.UNKNOWN_FIELD, rejectedNow(Forge.token(signer, signer.currentKid(), extra)));

        String base = Forge.payload(signer.currentKid(), NOW.getEpochSecond(), NOW.getEpochSecond() + 600, null, null);
        String duplicate = base.replace("\"rid\":\"req-1\"", "\"rid\":\"req-1\",\"rid\":\"req-2\"");
        assertEquals(RejectReason.BAD_FORMAT, rejectedNow(Forge.token(signer, signer.currentKid(), duplicate)));
    }

    // security.md, Approval links: "an expired token (exp + 1 s) ... rejected".
    @Test
    void verify_shouldReject_whenClockIsPastExpiry() {
        Instant exp = minted.expiresAt();
        tokensAt(signer, exp.minusSeconds(1)).verify(token);

        assertEquals(RejectReason.EXPIRED, rejected(() -> tokensAt(signer, exp.plusSeconds(1)).verify(token)));
        assertEquals(RejectReason.EXPIRED, rejected(() -> tokensAt(signer, exp).verify(token)));
    }

    @Test
    void verify_shouldReject_whenIssuedInTheFutureOrLivingTooLong() {
        long now = NOW.getEpochSecond();
        String future = Forge.payload(signer.currentKid(), now + 3600, now + 7200, null, null);
        assertEquals(RejectReason.NOT_YET_VALID, rejectedNow(Forge.token(signer, signer.currentKid(), future)));
        String forever = Forge.payload(signer.currentKid(), now, now + Duration.ofDays(8).toSeconds(), null, null);
        assertEquals(RejectReason.BAD_FIELD, rejectedNow(Forge.token(signer, signer.currentKid(), forever)));
        String backwards = Forge.payload(signer.currentKid(), now, now, null, null);
        assertEquals(RejectReason.BAD_FIELD, rejectedNow(Forge.token(signer, signer.currentKid(), backwards)));
    }

    // security.md, Approval links: "a token for another request ... rejected".
    @Test
    void verify_shouldReject_whenTokenIsForAnotherRequest() {
        assertEquals("req-1", tokensAt(signer, NOW).verify(token, "req-1").rid());
        assertEquals(RejectReason.WRONG_REQUEST, rejected(() -> tokensAt(signer, NOW).verify(token, "req-2")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "v1..", "v1.a.b.c", "v1.e30.AAAA", "v1.%s=.%s", "v1.%s.%s=", "v1.%s",
            "v1.%s.%s.", "V1.%s.%s", " v1.%s.%s", "v1.%s.%s\n", "v1.%s+.%s", "v1.%s.%s/"})
    void verify_shouldReject_whenTokenIsMalformed(String shape) {
        String[] parts = token.split("\\.");
        String candidate = String.format(shape, parts[1], parts[2]);
        RejectReason reason = rejectedNow(candidate);
        assertTrue(EnumSet.of(RejectReason.BAD_FORMAT, RejectReason.UNSUPPORTED_VERSION).contains(reason), reason::name);
    }

    @Test
    void verify_shouldReject_whenVersionIsNotV1_evenWithAValidMac() {
        String[] parts = token.split("\\.");
        String signed = "v2." + parts[1];
        String v2 = signed + "." + Forge.b64(signer.sign(signer.currentKid(), signed.getBytes()));
        assertEquals(RejectReason.UNSUPPORTED_VERSION, rejectedNow(v2));
    }

    @Test
    void verify_shouldReject_whenTokenOrPayloadIsOversized() {
        assertEquals(RejectReason.BAD_FORMAT, rejectedNow(token + "A".repeat(LinkTokens.MAX_TOKEN_CHARS)));
        String big = Forge.payload(signer.currentKid(), NOW.getEpochSecond(), NOW.getEpochSecond() + 600, "pad",
                "\"" + "x".repeat(1100) + "\"");
        assertEquals(RejectReason.BAD_FORMAT, rejectedNow(Forge.token(signer, signer.currentKid(), big)));
        assertEquals(RejectReason.BAD_FORMAT, rejectedNow(null));
    }

    // security.md, Approval links: "previous key accepted during rotation only".
    @Test
    void verify_shouldAcceptThePreviousKeyDuringRotation_andRefuseAnOlderOne() {
        LocalHmacSigner rotated = signer.rotate();
        String newer = tokensAt(rotated, NOW).mint("req-1", "bob", HASH, TTL).token();

        assertEquals(signer.currentKid(), tokensAt(rotated, NOW).verify(token).kid());
        assertNotEquals(signer.currentKid(), tokensAt(rotated, NOW).verify(newer).kid());

        LocalHmacSigner rotatedTwice = rotated.rotate();
        assertEquals(RejectReason.UNKNOWN_KID, rejected(() -> tokensAt(rotatedTwice, NOW).verify(token)));
        tokensAt(rotatedTwice, NOW).verify(newer);
    }

    // security.md, Approval links: "rejected, one generic answer ... no detail leaked". Runs every kind of
    // rejection and checks that they all say the very same thing, and nothing about the token or the reason.
    @Test
    void rejections_shouldAllGiveTheSameGenericAnswer_whateverTheReason() {
        verify_shouldReject_whenKidIsUnknownOrKeyDoesNotMatchKid();
        verify_shouldReject_whenAFieldIsMissing("rid");
        verify_shouldReject_whenAFieldHasTheWrongTypeOrShape("iat=\"1\"");
        verify_shouldReject_whenPayloadHasAnExtraOrDuplicateField();
        verify_shouldReject_whenClockIsPastExpiry();
        verify_shouldReject_whenIssuedInTheFutureOrLivingTooLong();
        verify_shouldReject_whenTokenIsForAnotherRequest();
        verify_shouldReject_whenVersionIsNotV1_evenWithAValidMac();
        verify_shouldReject_whenTokenOrPayloadIsOversized();
        rejectedNow(token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A"));

        Set<RejectReason> reasons = EnumSet.noneOf(RejectReason.class);
        for (LinkRejectedException e : rejections) {
            reasons.add(e.reason());
            assertEquals(LinkRejectedException.GENERIC_MESSAGE, e.getMessage());
            assertEquals(LinkRejectedException.class.getName() + ": " + LinkRejectedException.GENERIC_MESSAGE, e.toString());
            assertEquals(null, e.getCause());
            assertEquals(0, e.getStackTrace().length);
        }
        assertEquals(EnumSet.complementOf(EnumSet.noneOf(RejectReason.class)), reasons, "every reason was exercised");
        String message = LinkRejectedException.GENERIC_MESSAGE.toLowerCase();
        for (RejectReason r : RejectReason.values()) {
            assertFalse(message.contains(r.name().toLowerCase().replace('_', ' ')), r.name());
        }
        assertFalse(message.contains("expired") || message.contains("signature") || message.contains("key"), message);
    }

    @Test
    void mint_shouldRefuseInputsItCouldNotVerifyLater() {
        LinkTokens tokens = tokensAt(signer, NOW);
        List<Executable> bad = List.of(
                () -> tokens.mint("req 1", "bob", HASH, TTL),
                () -> tokens.mint("req-1", "", HASH, TTL),
                () -> tokens.mint("req-1", "bob", HASH.toUpperCase(), TTL),
                () -> tokens.mint("req-1", "bob", HASH, Duration.ZERO),
                () -> tokens.mint("req-1", "bob", HASH, Duration.ofDays(8)));
        for (Executable e : bad) {
            assertThrows(IllegalArgumentException.class, e);
        }
    }

    @Test
    void signedLink_toString_shouldNotContainTheToken() {
        SignedLink link = tokensAt(signer, NOW).mint("req-1", "bob", HASH, TTL);
        assertFalse(link.toString().contains(link.token()));
        assertFalse(link.toString().contains(link.token().split("\\.")[2]));
    }
}
