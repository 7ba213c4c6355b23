package dev.jita.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.local.http.AccessKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * jita local's access keys: one per demo principal (a session of each of its roles), as IAM would hand out for
 * signing API calls with SigV4. Random per data directory and kept in it ({@link DataDir#ACCESS_KEYS}, 0600), so a
 * restart with the same {@code --data-dir} keeps them; also written as AWS CLI/SDK profiles ({@code aws/credentials}
 * and {@code aws/config} in the data directory), for {@code AWS_SHARED_CREDENTIALS_FILE} and {@code AWS_CONFIG_FILE}.
 * Never written to the user's own ~/.aws.
 */
public final class AccessKeys {
    /** The session name of every demo principal: the walk-through's {@code assumed-role/Engineer/dev}. */
    public static final String SESSION = "dev";
    static final String PROFILE_DIR = "aws";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final char[] KEY_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private final Map<String, AccessKey> byId;
    private final Path credentialsFile;
    private final Path configFile;

    private AccessKeys(Map<String, AccessKey> byId, Path credentialsFile, Path configFile) {
        this.byId = byId;
        this.credentialsFile = credentialsFile;
        this.configFile = configFile;
    }

    /**
     * A demo principal: the session {@code session} of {@code role} in {@code account}, signing as {@code profile}.
     * An Identity Center user's session is named after the user; every other demo session is {@link #SESSION}.
     */
    public record Principal(String account, String role, String profile, String session) {
        public Principal {
            Objects.requireNonNull(account, "account");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(session, "session");
        }

        public Principal(String account, String role, String profile) {
            this(account, role, profile, SESSION);
        }

        String arn() {
            return "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session;
        }
    }

    /**
     * The keys kept in {@code dir}, with a new key for each principal that has none yet; writes the key file and
     * the profile files (0600) again.
     *
     * @param principals one per role of every account jita local models; their profile names are distinct
     */
    static AccessKeys openOrCreate(Path dir, String region, List<Principal> principals, SecureRandom random) {
        Path keyFile = dir.resolve(DataDir.ACCESS_KEYS);
        Map<String, AccessKey> byProfile = new LinkedHashMap<>();
        try {
            if (Files.exists(keyFile)) {
                for (JsonNode key : JSON.readTree(Files.readString(keyFile, StandardCharsets.UTF_8)).path("keys")) {
                    AccessKey k = new AccessKey(key.path("accessKeyId").asText(), key.path("secretAccessKey").asText(),
                            key.path("principal").asText(), key.path("profile").asText());
                    byProfile.put(k.profile(), k);
                }
            }
            Map<String, AccessKey> keys = new LinkedHashMap<>();
            for (Principal p : principals) {
                String profile = p.profile();
                String principal = p.arn();
                if (keys.containsKey(profile)) {
                    throw new IllegalArgumentException("two principals share the profile " + profile);
                }
                AccessKey kept = byProfile.get(profile);
                keys.put(profile, kept != null && kept.principal().equals(principal) ? kept
                        : new AccessKey(newKeyId(random), newSecret(random), principal, profile));
            }
            writeOwnerOnly(keyFile, keyFileText(keys.values()));
            Path profiles = dir.resolve(PROFILE_DIR);
            if (DataDir.posix(dir)) {
                Files.createDirectories(profiles, DataDir.attribute(DataDir.OWNER_ONLY_DIRECTORY));
            } else {
                Files.createDirectories(profiles);
            }
            Path credentials = profiles.resolve("credentials");
            Path config = profiles.resolve("config");
            writeOwnerOnly(credentials, credentialsText(keys.values()));
            writeOwnerOnly(config, configText(keys.values(), region));
            Map<String, AccessKey> byId = new LinkedHashMap<>();
            keys.values().forEach(k -> byId.put(k.accessKeyId(), k));
            return new AccessKeys(byId, credentials.toAbsolutePath(), config.toAbsolutePath());
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep jita local's access keys in " + dir + " ("
                    + e.getMessage() + "); pass a --data-dir you can write to", e);
        }
    }

    /** The AWS profile name of a home-account role's principal: {@code jita-<role in lower case>}, e.g. jita-engineer. */
    public static String profile(String role) {
        return "jita-" + role.toLowerCase(Locale.ROOT);
    }

    /**
     * The profile of a role in another account: {@code jita-<role>-<account label>}, e.g. jita-engineer-b; the
     * home account's when {@code accountLabel} is empty.
     */
    public static String profile(String role, String accountLabel) {
        return accountLabel.isEmpty() ? profile(role) : profile(role) + "-" + accountLabel.toLowerCase(Locale.ROOT);
    }

    /** The key with this id, if jita local issued it. */
    public Optional<AccessKey> byId(String accessKeyId) {
        return Optional.ofNullable(byId.get(accessKeyId));
    }

    public List<AccessKey> all() {
        return List.copyOf(byId.values());
    }

    /** For {@code AWS_SHARED_CREDENTIALS_FILE}. */
    public Path credentialsFile() {
        return credentialsFile;
    }

    /** For {@code AWS_CONFIG_FILE}: each profile's region. */
    public Path configFile() {
        return configFile;
    }

    @Override
    public String toString() {
        return "AccessKeys[profiles=" + byId.values().stream().map(AccessKey::profile).toList() + "]";
    }

    // AWS's key ids: 20 characters of [A-Z2-7]; "ASIA"/"AKIA" are AWS's own prefixes, so a local key says LOCAL.
    private static String newKeyId(SecureRandom random) {
        StringBuilder id = new StringBuilder("AKIALOCAL");
        while (id.length() < 20) {
            id.append(KEY_ID_CHARS[random.nextInt(KEY_ID_CHARS.length)]);
        }
        return id.toString();
    }

    private static String newSecret(SecureRandom random) {
        byte[] bytes = new byte[30];
        random.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes); // 40 characters, as AWS's secrets
    }

    private static String keyFileText(Iterable<AccessKey> keys) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("keys");
        for (AccessKey k : keys) {
            array.addObject().put("profile", k.profile()).put("principal", k.principal())
                    .put("accessKeyId", k.accessKeyId()).put("secretAccessKey", k.secretAccessKey());
        }
        return root.toPrettyString() + "\n";
    }

    private static String credentialsText(Iterable<AccessKey> keys) {
        StringBuilder text = new StringBuilder("# jita local's access keys (one per demo principal); local only.\n");
        for (AccessKey k : keys) {
            text.append('\n').append('[').append(k.profile()).append("]\n")
                    .append("# ").append(k.principal()).append('\n')
                    .append("aws_access_key_id = ").append(k.accessKeyId()).append('\n')
                    .append("aws_secret_access_key = ").append(k.secretAccessKey()).append('\n');
        }
        return text.toString();
    }

    private static String configText(Iterable<AccessKey> keys, String region) {
        StringBuilder text = new StringBuilder("# jita local's profiles: the region its API signs for.\n");
        for (AccessKey k : keys) {
            text.append('\n').append("[profile ").append(k.profile()).append("]\n")
                    .append("region = ").append(region).append('\n');
        }
        return text.toString();
    }

    /** Written to a 0600 temporary file first, then moved over: never readable by others, never half-written. */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        Path dir = Objects.requireNonNullElse(file.toAbsolutePath().getParent(), Path.of("."));
        Path temp = DataDir.posix(dir) ? Files.createTempFile(dir, ".tmp-", "", DataDir.attribute(
                DataDir.OWNER_ONLY_FILE)) : Files.createTempFile(dir, ".tmp-", "");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
