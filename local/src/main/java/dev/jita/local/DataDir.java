package dev.jita.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code --data-dir}: DynamoDB Local's database (task tokens and every request are among its items), the link key, the
 * audit key and jita's clock. Only its owner may read it: the directory is 0700 and jita's files 0600, created so and tightened on
 * start when an older jita local (or a hand) left them looser. A directory others can write to is refused: anyone
 * could have put a database or a clock of their own there.
 */
final class DataDir {
    /** DynamoDB Local's SQLite file; SQLite gives its journal files the database file's mode. */
    static final String DATABASE = "dynamodb.db";
    /** Written by dev.jita.standins.LocalHmacSigner, 0600 from the start; it refuses a looser one itself. */
    static final String LINK_KEY = "link-key.json";
    /** The audit key (MACs of audit entries), a file of its own like the link key: never the link key. */
    static final String AUDIT_KEY = "audit-key.json";
    /** jita local's SigV4 access keys ({@link AccessKeys}); their AWS profiles go to aws/ beside it. */
    static final String ACCESS_KEYS = "access-keys.json";
    /** jita's time across restarts ({@link ClockFile}). */
    static final String CLOCK = "clock.json";
    /** The audit export's folder (the export bucket's stand-in). */
    static final String AUDIT_EXPORT = "audit-export";

    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private DataDir() {
    }

    /**
     * Creates {@code dir} owner-only, or makes an existing one and jita's files in it owner-only; creates the empty
     * database file 0600, so that DynamoDB Local (which would create it world-readable) opens that one.
     *
     * @return the directory
     * @throws IllegalStateException when other users can write to {@code dir}
     */
    static Path open(Path dir) {
        try {
            if (!posix(dir)) {
                Files.createDirectories(dir);
                return dir;
            }
            if (Files.isDirectory(dir)) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
                if (mode.contains(PosixFilePermission.OTHERS_WRITE)) {
                    throw new IllegalStateException("the data directory " + dir + " can be written by other users ("
                            + PosixFilePermissions.toString(mode) + "); pass a --data-dir of your own, e.g. "
                            + "~/.jita-local");
                }
                tighten(dir);
                for (Path file : jitasFiles(dir)) {
                    tighten(file);
                }
            } else {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    Files.createDirectory(dir, attribute(OWNER_ONLY_DIRECTORY));
                } catch (FileAlreadyExistsException e) {
                    throw new IllegalStateException(dir + " is not a directory; pass a --data-dir that is one", e);
                }
            }
            create(dir.resolve(DATABASE));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the data directory " + dir + " (" + e.getMessage()
                    + "); pass a --data-dir of your own that you can write to", e);
        }
    }

    /** Creates {@code file} empty and 0600 unless it exists. */
    static void create(Path file) throws IOException {
        try {
            Files.createFile(file, attribute(OWNER_ONLY_FILE));
        } catch (FileAlreadyExistsException kept) {
            // from an earlier start, tightened by open
        }
    }

    static FileAttribute<?>[] attribute(Set<PosixFilePermission> mode) {
        return new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(mode)};
    }

    static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** The database and its SQLite companions (-journal, -wal, -shm), the clock and the access keys; the link key checks itself. */
    private static List<Path> jitasFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return name.equals(CLOCK) || name.equals(ACCESS_KEYS) || name.startsWith(DATABASE);
            }).filter(Files::isRegularFile).toList();
        }
    }

    private static void tighten(Path path) throws IOException {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(path);
        if (mode.removeAll(OTHERS)) {
            Files.setPosixFilePermissions(path, mode);
        }
    }
}
