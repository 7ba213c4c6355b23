package dev.jita.cli;

import dev.jita.cli.api.Connections;
import dev.jita.cli.api.Endpoints;
import dev.jita.cli.api.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the commands take from outside: the environment's variables, how to reach jita, the clock, whether the
 * output is a terminal, how often to look again while waiting.
 *
 * @param terminal whether progress may rewrite its line in place
 */
public record Environment(Map<String, String> variables, Function<Endpoints, Transport> transports, Clock clock,
                          boolean terminal, Duration pollInterval) {
    public static final String VERSION = "0.1.0";
    /** How often --wait and --watch look: a grant shows as active at most this long after it is. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(400);

    public Environment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(transports, "transports");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pollInterval, "pollInterval");
    }

    /**
     * The real one: signed calls, the system clock, a terminal when there is a console, unless
     * {@code JITA_PROGRESS=lines} (or {@code terminal}) says otherwise.
     */
    public static Environment system() {
        Map<String, String> env = System.getenv();
        String progress = env.getOrDefault("JITA_PROGRESS", "");
        boolean terminal = switch (progress) {
            case "lines" -> false;
            case "terminal" -> true;
            default -> System.console() != null;
        };
        return new Environment(env, e -> Connections.signed(e, "jita-cli/" + VERSION), Clock.systemUTC(), terminal,
                POLL_INTERVAL);
    }
}
