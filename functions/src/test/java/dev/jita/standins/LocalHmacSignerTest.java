package dev.jita.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.links.Forge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalHmacSignerTest {

    private static final byte[] MESSAGE = "v1.payload".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static boolean posix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    @Test
    void openOrCreate_shouldCreateAnOwnerOnlyFileWithA32ByteKey_andComputeRealHmacSha256() throws Exception {
        Path file = dir.resolve("keys/link.key");
        LocalHmacSigner signer = LocalHmacSigner.openOrCreate(file);

        if (posix(file)) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        JsonNode current = new ObjectMapper().readTree(file.toFile()).get("current");
        byte[] key = Forge.unb64(current.get("key").asText());
        assertEquals(32, key.length);
        assertEquals(signer.currentKid(), current.get("kid").asText());

        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(key, "HmacSHA256"));
        assertArrayEquals(hmac.doFinal(MESSAGE), signer.sign(signer.currentKid(), MESSAGE));
        try (var leftovers = Files.list(file.getParent())) {
            assertEquals(1, leftovers.count(), "no temporary file left behind");
        }
    }

    @Test
    void openOrCreate_shouldReuseTheKey_whenFileExists() {
        Path file = dir.resolve("link.key");
        LocalHmacSigner first = LocalHmacSigner.openOrCreate(file);
        LocalHmacSigner again = LocalHmacSigner.openOrCreate(file);

        assertEquals(first.currentKid(), again.currentKid());
        assertTrue(again.verify(first.currentKid(), MESSAGE, first.sign(first.currentKid(), MESSAGE)));
    }

    @Test
    void toString_shouldNameKidsButNeverKeys() throws Exception {
        Path file = dir.resolve("link.key");
        LocalHmacSigner signer = LocalHmacSigner.openOrCreate(file);
        String key = new ObjectMapper().readTree(file.toFile()).get("current").get("key").asText();

        assertTrue(signer.toString().contains(signer.currentKid()));
        assertFalse(signer.toString().contains(key));
    }

    // security.md, Approval links: "previous key accepted during rotation only": the previous key verifies but
    // never signs; two rotations later the oldest key is gone.
    @Test
    void rotate_shouldKeepThePreviousKeyForVerifyingOnly() {
        Path file = dir.resolve("link.key");
        LocalHmacSigner original = LocalHmacSigner.openOrCreate(file);
        byte[] oldMac = original.sign(original.currentKid(), MESSAGE);

        LocalHmacSigner rotated = original.rotate();
        assertNotEquals(original.currentKid(), rotated.currentKid());
        assertEquals(java.util.List.of(rotated.currentKid(), original.currentKid()), rotated.acceptedKids());
        assertTrue(rotated.verify(original.currentKid(), MESSAGE, oldMac));
        assertThrows(IllegalArgumentException.class, () -> rotated.sign(original.currentKid(), MESSAGE));
        assertEquals(rotated.acceptedKids(), LocalHmacSigner.openOrCreate(file).acceptedKids(), "rotation is persisted");

        LocalHmacSigner twice = rotated.rotate();
        assertFalse(twice.acceptedKids().contains(original.currentKid()));
        assertFalse(twice.verify(original.currentKid(), MESSAGE, oldMac));
    }

    @Test
    void verify_shouldBeFalse_whenMacOrKidIsWrong() {
        LocalHmacSigner signer = LocalHmacSigner.openOrCreate(dir.resolve("link.key"));
        byte[] mac = signer.sign(signer.currentKid(), MESSAGE);
        byte[] tampered = mac.clone();
        tampered[31] ^= 1;

        assertFalse(signer.verify(signer.currentKid(), MESSAGE, tampered));
        assertFalse(signer.verify(signer.currentKid(), MESSAGE, java.util.Arrays.copyOf(mac, 31)));
        assertFalse(signer.verify("local-unknown", MESSAGE, mac));
        assertFalse(signer.verify(null, MESSAGE, mac));
        assertFalse(signer.verify(signer.currentKid(), MESSAGE, null));
    }

    @Test
    void openOrCreate_shouldRefuseAKeyFileOthersCanRead() throws Exception {
        Path file = dir.resolve("link.key");
        LocalHmacSigner.openOrCreate(file);
        assumeTrue(posix(file), "needs POSIX permissions");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalHmacSigner.openOrCreate(file));
        assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    }

    @Test
    void openOrCreate_shouldSayHowToRecover_whenTheFileIsDamaged() throws Exception {
        Path file = dir.resolve("link.key");
        LocalHmacSigner.openOrCreate(file);
        Files.writeString(file, "{\"current\":{\"kid\":\"local-1\",\"key\":\"c2hvcnQ\"}}");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> LocalHmacSigner.openOrCreate(file));
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }
}
