package dev.jita.standins;

import dev.jita.links.MacSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** The audit key of tests: one local HMAC key file per test JVM, as jita local keeps its audit key. */
public final class TestAuditKey {

    public static final MacSigner SIGNER = create();

    private TestAuditKey() {
    }

    private static MacSigner create() {
        try {
            return LocalHmacSigner.openOrCreate(Files.createTempDirectory("jita-audit-key").resolve("audit-key.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
