package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The Lambda jar Maven's package phase built (target/lambda/jita-functions.jar), read entry by entry: it holds every
 * handler and none of jita local's stand-ins, which live with the tests (dev.jita.standins) and reach jita local
 * through the test-jar alone.
 */
class LambdaJarIT {
    private static final Path JAR = Path.of("target/lambda/jita-functions.jar");

    @Test
    void lambdaJar_shouldHoldEveryHandler_andNoLocalStandIn() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "the package phase builds " + JAR);
        List<String> entries;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            entries = jar.stream().map(JarEntry::getName).toList();
        }
        for (String handler : List.of("Intake", "Approval", "Notify", "Grant", "Revoke", "Incident", "Sweeper")) {
            assertTrue(entries.contains("dev/jita/handlers/" + handler + "Function.class"), handler + "Function");
        }
        List<String> standIns = entries.stream().filter(e -> e.startsWith("dev/jita/standins/")
                || e.matches(".*/(LocalIam|LocalHmacSigner|Outbox)(\\$.*)?\\.class")).toList();
        assertEquals(List.of(), standIns, "jita local's stand-ins never ship to Lambda");
    }
}
