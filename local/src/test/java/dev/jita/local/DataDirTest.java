package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirTest {
    @TempDir
    Path parent;

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void chmod(Path path, String mode) throws IOException {
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(mode));
    }

    @Test
    void open_shouldCreateTheDirectory0700_andTheDatabaseFile0600() throws IOException {
        Path dir = parent.resolve("a/b/data");

        DataDir.open(dir);

        assertEquals("rwx------", mode(dir));
        assertEquals("rw-------", mode(dir.resolve(DataDir.DATABASE)));
        assertEquals(0, Files.size(dir.resolve(DataDir.DATABASE)), "empty: DynamoDB Local makes it a database");
    }

    @Test
    void open_shouldTightenTheDirectoryAndJitasFiles_whenAnEarlierStartLeftThemReadable() throws IOException {
        Path dir = Files.createDirectory(parent.resolve("data"));
        chmod(dir, "rwxr-xr-x");
        for (String name : new String[]{DataDir.DATABASE, DataDir.DATABASE + "-journal", DataDir.CLOCK}) {
            Files.writeString(dir.resolve(name), "kept");
            chmod(dir.resolve(name), "rw-rw-r--");
        }
        Path notJitas = Files.writeString(dir.resolve("notes.txt"), "mine");
        chmod(notJitas, "rw-r--r--");

        DataDir.open(dir);

        assertEquals("rwx------", mode(dir));
        assertEquals("rw-------", mode(dir.resolve(DataDir.DATABASE)));
        assertEquals("rw-------", mode(dir.resolve(DataDir.DATABASE + "-journal")));
        assertEquals("rw-------", mode(dir.resolve(DataDir.CLOCK)));
        assertEquals("kept", Files.readString(dir.resolve(DataDir.DATABASE)), "tightened, not replaced");
        assertEquals("rw-r--r--", mode(notJitas), "only jita's own files");
    }

    @Test
    void open_shouldRefuseADirectoryOthersCanWriteTo_andChangeNothing() throws IOException {
        Path dir = Files.createDirectory(parent.resolve("shared"));
        chmod(dir, "rwxrwxrwx");

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DataDir.open(dir));

        assertTrue(e.getMessage().contains("can be written by other users"), e.getMessage());
        assertEquals("rwxrwxrwx", mode(dir));
        assertTrue(Files.notExists(dir.resolve(DataDir.DATABASE)));
    }
}
