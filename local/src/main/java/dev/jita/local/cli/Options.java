package dev.jita.local.cli;

import dev.jita.local.JitaLocalServer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The options of {@code jita local}.
 *
 * @param dataDir   null: in memory
 * @param rulesFile null: config/rules.yaml
 */
public record Options(int port, Path dataDir, double timeScale, Path rulesFile, boolean help) {
    public static final int DEFAULT_PORT = 8080;

    public static final String HELP = """
            Usage: ./jita local [options]

            Starts jita on this machine: the HTTP API on 127.0.0.1, the workflow (statemachine/approval.asl.json)
            with the real Lambda handlers, DynamoDB Local, an IAM stand-in and an outbox for approval links.

            Options:
              --port N          listen on 127.0.0.1:N (default 8080; 0 picks a free port)
              --data-dir DIR    keep DynamoDB Local's data, the link-signing key and jita's time in DIR across
                                restarts, readable by you only (default: in memory, with a fresh key;
                                everything is gone at exit)
              --time-scale N    time runs N times faster, e.g. 60: a 30-minute window ends in 30 s (default 1)
              --rules FILE      the rules file (default config/rules.yaml)
              -h, --help        this text

            Pages: /  /local/outbox  /local/iam  /local/requests. Ctrl-C stops it.
            """;

    /** A bad command line; the message says what was wrong and what to do. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static Options parse(List<String> args) {
        int port = DEFAULT_PORT;
        Path dataDir = null;
        double timeScale = 1;
        Path rules = null;
        boolean help = false;
        Deque<String> rest = new ArrayDeque<>();
        for (String arg : args) {
            // --name=value is --name value
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                rest.add(arg.substring(0, eq));
                rest.add(arg.substring(eq + 1));
            } else {
                rest.add(arg);
            }
        }
        while (!rest.isEmpty()) {
            String option = rest.poll();
            switch (option) {
                case "-h", "--help" -> help = true;
                case "--port" -> port = port(value(option, rest));
                case "--data-dir" -> dataDir = Path.of(value(option, rest));
                case "--time-scale" -> timeScale = timeScale(value(option, rest));
                case "--rules" -> rules = Path.of(value(option, rest));
                default -> throw new UsageException("unknown option '" + option + "'; see ./jita local --help.");
            }
        }
        return new Options(port, dataDir, timeScale, rules, help);
    }

    public JitaLocalServer.Settings settings() {
        return new JitaLocalServer.Settings(port, dataDir, timeScale, rulesFile, JitaLocalServer.DEFAULT_THREADS);
    }

    private static String value(String option, Deque<String> rest) {
        String value = rest.poll();
        if (value == null || value.isEmpty() || value.startsWith("--")) {
            throw new UsageException(option + " needs a value; see ./jita local --help.");
        }
        return value;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--port needs a number from 0 to 65535, got '" + value + "'.");
    }

    private static double timeScale(String value) {
        try {
            double scale = Double.parseDouble(value);
            if (scale >= 1 && scale <= 1_000_000) {
                return scale;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--time-scale needs a number from 1 to 1000000 (how many times faster time runs),"
                + " got '" + value + "'.");
    }
}
