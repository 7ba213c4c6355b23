package dev.jita.local.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.local.JitaLocalServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

/** What {@code ./jita local} prints once it is up, on config/rules.yaml (which names permission set Developer). */
class BannerIT {

    @Test
    void banner_shouldNameTheIdentityCenterUsersProfile_andTheIdentityCenterPage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JitaLocalServer server = JitaLocalServer.start(new JitaLocalServer.Settings(0, null, 1, null, 2))) {
            Main.banner(server, new PrintStream(bytes, true, UTF_8));

            String banner = bytes.toString(UTF_8);
            assertTrue(banner.contains("Identity Center user dana@example.com: --profile jita-sso-developer\n"),
                    banner);
            assertTrue(banner.contains(server.walkthrough().url("/local/identity-center")), banner);
        }
    }
}
