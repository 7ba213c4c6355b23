package dev.jita.asl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Node tools that check our ASL from outside: statemachine/oracle holds aws-local-stepfunctions 3.0.0 (an
 * independent interpreter), asl-validator 4.0.0 and node@22 (which the first needs), pinned by package-lock.json.
 * Installed by {@code npm ci} on first use; a missing npm or registry fails the test with a clear message rather
 * than letting it pass unchecked.
 */
final class NodeTools {
    static final Path MODULE = moduleDir();
    static final Path ORACLE = MODULE.resolve("oracle");
    static final Path WORK = MODULE.resolve(Paths.get("target", "oracle"));
    private static final long NPM_CI_MINUTES = 5;

    private NodeTools() {
    }

    /** node@22 from statemachine/oracle, installing the tools first if they are missing. */
    static synchronized Path node22() throws Exception {
        Path node = ORACLE.resolve(Paths.get("node_modules", "node", "bin", "node"));
        if (Files.exists(node) && Files.exists(module("aws-local-stepfunctions")) && Files.exists(module("asl-validator"))) {
            return node;
        }
        Files.createDirectories(WORK);
        Path log = WORK.resolve("npm-ci.log");
        Process npm;
        try {
            npm = new ProcessBuilder(npmCommand(), "ci", "--no-audit", "--no-fund")
                    .directory(ORACLE.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("npm was not found on the PATH (" + e.getMessage() + "); install Node.js 20+ with"
                    + " npm so the IT can install aws-local-stepfunctions, asl-validator and node@22 in statemachine/oracle", e);
        }
        if (!npm.waitFor(NPM_CI_MINUTES, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw new AssertionError("npm ci in " + ORACLE + " took over " + NPM_CI_MINUTES + " minutes; check that"
                    + " the npm registry is reachable (log: " + log + ")");
        }
        if (npm.exitValue() != 0 || !Files.exists(node)) {
            throw new AssertionError("npm ci in " + ORACLE + " failed with exit code " + npm.exitValue()
                    + "; the IT needs the npm registry to install the packages of statemachine/oracle/package.json."
                    + " npm said:\n" + tail(log));
        }
        return node;
    }

    /** A file inside an installed npm package of statemachine/oracle. */
    static Path module(String name, String... more) {
        return ORACLE.resolve("node_modules").resolve(Paths.get(name, more));
    }

    static String tail(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static String npmCommand() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows") ? "npm.cmd" : "npm";
    }

    private static Path moduleDir() {
        // Failsafe runs in the module directory; basedir is set when run from elsewhere.
        String basedir = System.getProperty("basedir");
        return Paths.get(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
    }
}
