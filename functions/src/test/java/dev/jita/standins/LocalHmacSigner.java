package dev.jita.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.jita.links.Base64Url;
import dev.jita.links.ConstantTime;
import dev.jita.links.MacSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The link signer of jita local, and its audit signer with a key file of its own: HMAC-SHA256 with 32-byte keys
 * kept in one key file (JSON with a current and
 * an optional previous key). The file is created on first use with {@link SecureRandom} and permissions 600 where
 * the file system has POSIX permissions; a file others can read is refused. Keys are never logged: {@link #toString}
 * names the key ids only.
 */
public final class LocalHmacSigner implements MacSigner {

    public static final int KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern KID = Pattern.compile("[A-Za-z0-9._:/-]{1,256}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final Path file;
    private final SecureRandom random;
    /** Current first; insertion order is the order of {@link #acceptedKids()}. */
    private final Map<String, SecretKeySpec> keys;
    private final String currentKid;

    private LocalHmacSigner(Path file, SecureRandom random, Map<String, SecretKeySpec> keys) {
        this.file = file;
        this.random = random;
        this.keys = Collections.unmodifiableMap(keys);
        this.currentKid = keys.keySet().iterator().next();
    }

    /** Loads the key file, creating it with a fresh key if it does not exist yet. */
    public static LocalHmacSigner openOrCreate(Path file) {
        return openOrCreate(file, new SecureRandom());
    }

    public static LocalHmacSigner openOrCreate(Path file, SecureRandom random) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(random, "random");
        if (!Files.exists(file)) {
            Map<String, SecretKeySpec> fresh = new LinkedHashMap<>();
            fresh.put(newKid(random), newKey(random));
            try {
                write(file, fresh, false);
            } catch (FileAlreadyExistsException createdMeanwhile) {
                // Another process created it first: use theirs so both sign with the same key.
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create the key file " + file
                        + "; check that its folder is writable.", e);
            }
        }
        return new LocalHmacSigner(file, random, read(file));
    }

    /**
     * Starts a rotation: a new current key, the current one kept as previous (it still verifies links already
     * sent), the previous one dropped (links signed with it are refused from now on). Writes the file atomically.
     *
     * @return a signer with the new keys; this one keeps the old ones
     */
    public LocalHmacSigner rotate() {
        Map<String, SecretKeySpec> rotated = new LinkedHashMap<>();
        rotated.put(newKid(random), newKey(random));
        rotated.put(currentKid, keys.get(currentKid));
        try {
            write(file, rotated, true);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the key file " + file + "; check that its folder is writable.", e);
        }
        return new LocalHmacSigner(file, random, rotated);
    }

    @Override
    public String currentKid() {
        return currentKid;
    }

    @Override
    public List<String> acceptedKids() {
        return List.copyOf(keys.keySet());
    }

    @Override
    public byte[] sign(String kid, byte[] message) {
        if (!currentKid.equals(kid)) {
            throw new IllegalArgumentException("Only the current key " + currentKid + " signs; asked for " + kid + ".");
        }
        return mac(keys.get(kid), message);
    }

    @Override
    public boolean verify(String kid, byte[] message, byte[] mac) {
        SecretKeySpec key = kid == null ? null : keys.get(kid);
        if (key == null || mac == null) {
            return false;
        }
        return ConstantTime.equals(mac(key, message), mac);
    }

    @Override
    public String toString() {
        return "LocalHmacSigner[file=" + file + ", kids=" + acceptedKids() + "]";
    }

    private static byte[] mac(SecretKeySpec key, byte[] message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static String newKid(SecureRandom random) {
        byte[] id = new byte[6];
        random.nextBytes(id);
        return "local-" + HexFormat.of().formatHex(id);
    }

    private static SecretKeySpec newKey(SecureRandom random) {
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        return new SecretKeySpec(key, ALGORITHM);
    }

    private static void write(Path file, Map<String, SecretKeySpec> keys, boolean replace) throws IOException {
        List<Map.Entry<String, SecretKeySpec>> entries = new ArrayList<>(keys.entrySet());
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        String[] slots = {"current", "previous"};
        for (int i = 0; i < entries.size(); i++) {
            root.putObject(slots[i])
                    .put("kid", entries.get(i).getKey())
                    .put("key", Base64Url.encode(entries.get(i).getValue().getEncoded()));
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        // Created 600 from the start, so the key is never readable by others, not even for a moment.
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, ".jita-link-key", ".tmp", attrs);
        try {
            Files.write(tmp, JSON.writeValueAsBytes(root));
            if (replace) {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Map<String, SecretKeySpec> read(Path file) {
        try {
            if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
                if (!OWNER_ONLY.containsAll(perms)) {
                    throw new IllegalStateException("The key file " + file + " is accessible to others ("
                            + PosixFilePermissions.toString(perms) + "); run chmod 600 on it.");
                }
            }
            JsonNode root = JSON.readTree(file.toFile());
            Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
            readSlot(file, root, "current", true, keys);
            readSlot(file, root, "previous", false, keys);
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the key file " + file
                    + "; delete it to start with a new key (what it signed, links or audit entries, will no longer verify).", e);
        }
    }

    private static void readSlot(Path file, JsonNode root, String slot, boolean required, Map<String, SecretKeySpec> into) {
        JsonNode node = root == null ? null : root.get(slot);
        if (node == null || node.isNull()) {
            if (required) {
                throw corrupt(file, "no " + slot + " key");
            }
            return;
        }
        String kid = node.path("kid").asText("");
        byte[] key = Base64Url.decode(node.path("key").asText("")).orElse(new byte[0]);
        if (!KID.matcher(kid).matches() || key.length != KEY_BYTES || into.containsKey(kid)) {
            throw corrupt(file, "the " + slot + " key is not a distinct kid with a " + KEY_BYTES + "-byte key");
        }
        into.put(kid, new SecretKeySpec(key, ALGORITHM));
    }

    private static IllegalStateException corrupt(Path file, String what) {
        return new IllegalStateException("The key file " + file + " is damaged (" + what
                + "); delete it to start with a new key (what it signed, links or audit entries, will no longer verify).");
    }
}
