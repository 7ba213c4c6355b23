package dev.jita.cli.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where jita is and how to sign for it, each setting from the first place that has it: the command line, then the
 * environment, then the config file ({@code $XDG_CONFIG_HOME/jita/config}, else {@code ~/.config/jita/config}),
 * lines of {@code key = value}: {@code endpoint}, {@code profile}, {@code region}; '#' starts a comment.
 *
 * @param endpoint the API's base URL, e.g. the stack's ApiUrl output
 * @param profile  empty: the SDK's own choice (keys in the environment, AWS_PROFILE, else default)
 * @param region   empty: from the endpoint's host when it is an execute-api one, else the SDK's chain
 */
public record Endpoints(URI endpoint, Optional<String> profile, Optional<String> region) {
    public static final String ENDPOINT_VARIABLE = "JITA_ENDPOINT";
    private static final Pattern EXECUTE_API_HOST =
            Pattern.compile("[a-z0-9]+\\.execute-api\\.([a-z0-9-]+)\\.amazonaws\\.com(?:\\.cn)?");

    /**
     * @param flags the --endpoint, --profile, --region given (null when not)
     * @param env   the environment
     * @throws Unreachable when no endpoint is set anywhere, or it is not an http(s) URL
     */
    public static Endpoints resolve(String endpointFlag, String profileFlag, String regionFlag, Map<String, String> env) {
        Path file = configFile(env);
        Map<String, String> config = read(file);
        String endpoint = first(endpointFlag, env.get(ENDPOINT_VARIABLE), config.get("endpoint"));
        if (endpoint == null) {
            throw new Unreachable("no jita endpoint: pass --endpoint URL, set " + ENDPOINT_VARIABLE + ", or put"
                    + " 'endpoint = URL' in " + file + " (the stack's ApiUrl output, or what jita local prints).");
        }
        URI uri;
        try {
            uri = URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
            throw new Unreachable("the jita endpoint '" + endpoint + "' is not an http(s) URL; give one like"
                    + " https://abc123.execute-api.eu-west-1.amazonaws.com/prod.");
        }
        // AWS_PROFILE is left to the SDK's chain, as the AWS CLI leaves it: it names a profile only when no keys
        // are in the environment; --profile (or the config file's) always wins, as the AWS CLI's --profile does.
        String profile = first(profileFlag, env.get("AWS_PROFILE") == null ? config.get("profile") : null);
        String region = first(regionFlag, null, config.get("region"));
        return new Endpoints(uri, Optional.ofNullable(profile), Optional.ofNullable(region));
    }

    /** The region in an execute-api host name, which the signature must be for. */
    public Optional<String> endpointRegion() {
        Matcher host = EXECUTE_API_HOST.matcher(endpoint.getHost());
        return host.matches() ? Optional.of(host.group(1)) : Optional.empty();
    }

    /** {@code $XDG_CONFIG_HOME/jita/config}, else {@code ~/.config/jita/config}. */
    public static Path configFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".config");
        return base.resolve("jita").resolve("config");
    }

    static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return values;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String text = line.strip();
                int eq = text.indexOf('=');
                if (text.isEmpty() || text.startsWith("#") || eq < 1) {
                    continue;
                }
                values.put(text.substring(0, eq).strip(), text.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            throw new Unreachable("could not read " + file + " (" + e.getMessage() + "); fix or remove it.");
        }
        return values;
    }

    private static String first(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        return null;
    }
}
