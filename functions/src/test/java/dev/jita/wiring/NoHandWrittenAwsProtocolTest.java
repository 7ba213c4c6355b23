package dev.jita.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every AWS call goes through the SDK's service clients: no main source of the functions speaks an AWS wire protocol
 * by hand (signing, the JSON protocols' target header, the Query protocol's API versions, IAM's XML namespace).
 */
class NoHandWrittenAwsProtocolTest {
    private static final List<String> MARKERS = List.of("SignedHeaders", "aws4_request", "canonicalRequest", "X-Amz-Target",
            "application/x-amz-json", "2010-05-08", "2011-06-15", "TrentService", "AWSStepFunctions",
            "/v2/email/outbound-emails", "DocumentBuilderFactory");

    @Test
    void mainSources_shouldNameNoAwsWireProtocolDetail() throws IOException {
        Path main = Path.of("src/main/java");
        List<Path> sources;
        try (Stream<Path> files = Files.walk(main)) {
            sources = files.filter(f -> f.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() > 100, "sources found: " + sources.size());
        List<String> found = sources.stream()
                // Priming's offline HTTP client answers the SDK's own requests in-process, so it must read them.
                .filter(f -> !f.endsWith(Path.of("dev/jita/handlers/OfflineClients.java")))
                .flatMap(f -> MARKERS.stream().filter(m -> read(f).contains(m)).map(m -> main.relativize(f) + ": " + m))
                .toList();
        assertEquals(List.of(), found, "call AWS through the SDK's service client instead");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
