package dev.jita.cli.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {
    @TempDir
    Path home;

    @Test
    void resolve_shouldTakeTheFlagFirst_thenJitaEndpoint_thenTheConfigFile() throws IOException {
        config(home.resolve(".config"), "# mine\nendpoint = https://from-file.example/prod\nprofile = work\nregion = eu-central-1\n");
        Map<String, String> env = Map.of("HOME", home.toString(), "JITA_ENDPOINT", "http://127.0.0.1:8080");

        assertEquals(URI.create("https://flag.example/"),
                Endpoints.resolve("https://flag.example/", null, null, env).endpoint());
        assertEquals(URI.create("http://127.0.0.1:8080"), Endpoints.resolve(null, null, null, env).endpoint());
        Endpoints fromFile = Endpoints.resolve(null, null, null, Map.of("HOME", home.toString()));
        assertEquals(URI.create("https://from-file.example/prod"), fromFile.endpoint());
        assertEquals(Optional.of("work"), fromFile.profile());
        assertEquals(Optional.of("eu-central-1"), fromFile.region());
    }

    @Test
    void resolve_shouldReadXdgConfigHome_whenSet() throws IOException {
        Path xdg = home.resolve("xdg");
        config(xdg, "endpoint=https://xdg.example\n");

        Endpoints e = Endpoints.resolve(null, null, null, Map.of("HOME", home.toString(), "XDG_CONFIG_HOME",
                xdg.toString()));

        assertEquals(URI.create("https://xdg.example"), e.endpoint());
        assertEquals(xdg.resolve("jita/config"), Endpoints.configFile(Map.of("XDG_CONFIG_HOME", xdg.toString())));
    }

    @Test
    void resolve_shouldLetProfileFlagWin_andLeaveAwsProfileToTheSdk() throws IOException {
        config(home.resolve(".config"), "endpoint = https://x.example\nprofile = from-file\n");
        Map<String, String> env = Map.of("HOME", home.toString(), "AWS_PROFILE", "from-env");

        assertEquals(Optional.of("flag"), Endpoints.resolve(null, "flag", null, env).profile());
        assertEquals(Optional.empty(), Endpoints.resolve(null, null, null, env).profile(),
                "AWS_PROFILE is the SDK's to read, and beats the config file");
    }

    @Test
    void resolve_shouldSayWhereToSetIt_whenNoEndpointIsSetAnywhere_orItIsNoUrl() {
        Unreachable none = assertThrows(Unreachable.class,
                () -> Endpoints.resolve(null, null, null, Map.of("HOME", home.toString())));
        Unreachable bad = assertThrows(Unreachable.class,
                () -> Endpoints.resolve("ftp://x", null, null, Map.of("HOME", home.toString())));

        assertTrue(none.getMessage().contains("--endpoint") && none.getMessage().contains("JITA_ENDPOINT")
                && none.getMessage().contains(home.resolve(".config/jita/config").toString()), none.getMessage());
        assertTrue(bad.getMessage().contains("not an http(s) URL"), bad.getMessage());
    }

    @Test
    void endpointRegion_shouldBeTheExecuteApiHostsRegion() {
        Map<String, String> env = Map.of("HOME", home.toString());

        assertEquals(Optional.of("eu-west-1"), Endpoints.resolve(
                "https://abc123.execute-api.eu-west-1.amazonaws.com/prod", null, null, env).endpointRegion());
        assertEquals(Optional.empty(), Endpoints.resolve("http://127.0.0.1:8080", null, null, env).endpointRegion());
    }

    private static void config(Path base, String text) throws IOException {
        Files.createDirectories(base.resolve("jita"));
        Files.writeString(base.resolve("jita/config"), text);
    }
}
