package dev.jita.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs the conformance corpus through aws-local-stepfunctions 3.0.0 (an ASL implementation nobody here wrote) and
 * checks that every result equals the case's {@code expected}, unless the case is listed in ORACLE-DIFFERENCES.md
 * as a documented deviation of that package from AWS. This checks the corpus against an independent
 * implementation; it does not touch the Java interpreter.
 */
class OracleDifferentialIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MODULE = moduleDir();
    private static final Path ORACLE = MODULE.resolve("oracle");
    private static final Path CORPUS = MODULE.resolve(Paths.get("src", "test", "resources", "conformance"));
    private static final Path WORK = MODULE.resolve(Paths.get("target", "oracle"));
    private static final long NPM_CI_MINUTES = 5;
    private static final long CORPUS_RUN_MINUTES = 3;

    /** Case path (relative to the corpus, with '/') to its file content. */
    private static Map<String, JsonNode> cases;
    /** Case path to the oracle's result line. */
    private static Map<String, JsonNode> results;
    private static Set<String> listedDifferences;

    @BeforeAll
    static void runOracle() throws Exception {
        cases = loadCases();
        listedDifferences = loadListedDifferences();
        Files.createDirectories(WORK);
        installOracleIfMissing();
        results = runCorpus();
    }

    @TestFactory
    Stream<DynamicTest> everyOracleResult_shouldEqualTheExpectation_unlessListedAsOracleDifference() {
        return cases.keySet().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            JsonNode testCase = cases.get(name);
            JsonNode result = results.get(name);
            assertTrue(result != null, "run-corpus.mjs printed no result for " + name);
            if (!testCase.path("oracle").asBoolean(true)) {
                assertTrue(result.has("skipped"), name + " says \"oracle\": false but the oracle ran it: " + result);
                assertTrue(testCase.path("oracleSkip").isTextual(),
                        name + " says \"oracle\": false without an oracleSkip reason; add one");
                return;
            }
            assertTrue(!result.has("harnessError"), "the oracle harness could not run " + name + ": "
                    + result.path("harnessError").asText());
            String disagreement = disagreement(testCase.get("expected"), result);
            if (disagreement != null && !listedDifferences.contains(name)) {
                fail(name + ": the oracle disagrees with the expectation (" + disagreement + "). Fix the case if the"
                        + " expectation is wrong, or list it in ORACLE-DIFFERENCES.md with the AWS documentation"
                        + " that shows it is right.");
            }
        }));
    }

    @Test
    void oracleDifferences_shouldListOnlyCasesWhereTheOracleStillDisagrees() {
        List<String> stale = new ArrayList<>();
        for (String name : listedDifferences) {
            JsonNode testCase = cases.get(name);
            JsonNode result = results.get(name);
            if (testCase == null) {
                stale.add(name + " (no such case)");
            } else if (result == null || result.has("skipped")) {
                stale.add(name + " (the oracle does not run it)");
            } else if (disagreement(testCase.get("expected"), result) == null) {
                stale.add(name + " (the oracle now agrees)");
            }
        }
        assertEquals(List.of(), stale, "ORACLE-DIFFERENCES.md lists cases that are not oracle differences;"
                + " remove these entries");
    }

    @Test
    void corpus_shouldHaveAtLeastNinetyCases_andTheOracleShouldReportEachOnce() {
        assertTrue(cases.size() >= 90, "the corpus has only " + cases.size() + " cases");
        assertEquals(cases.keySet(), results.keySet(), "run-corpus.mjs and this test see different case files");
        long ran = results.values().stream().filter(r -> !r.has("skipped")).count();
        System.out.printf("aws-local-stepfunctions ran %d of %d conformance cases; %d listed differences%n",
                ran, cases.size(), listedDifferences.size());
    }

    /** Null when the oracle's result matches the expectation, else what differs. */
    static String disagreement(JsonNode expected, JsonNode result) {
        if (expected.has("output")) {
            if (!result.has("output")) {
                return "expected output " + expected.get("output") + ", oracle gave " + result;
            }
            return sameJson(expected.get("output"), result.get("output")) ? null
                    : "expected output " + expected.get("output") + ", oracle output " + result.get("output");
        }
        if (expected.has("error")) {
            if (!result.has("error")) {
                return "expected error " + expected.get("error").asText() + ", oracle gave " + result;
            }
            if (!expected.get("error").asText().equals(result.get("error").asText())) {
                return "expected error " + expected.get("error").asText() + ", oracle error "
                        + result.get("error").asText() + " (" + result.path("cause").asText() + ")";
            }
            if (expected.has("cause") && !expected.get("cause").asText().equals(result.path("cause").asText())) {
                return "expected cause " + expected.get("cause") + ", oracle cause " + result.path("cause");
            }
            return null;
        }
        if (expected.has("loadError")) {
            if (!result.has("loadError")) {
                return "expected a load error naming " + expected.get("loadError") + ", oracle gave " + result;
            }
            String text = expected.get("loadError").asText();
            return result.get("loadError").asText().contains(text) ? null
                    : "oracle's load error does not contain \"" + text + "\": " + result.get("loadError").asText();
        }
        return "the case's expected has none of output, error, loadError";
    }

    /** JSON equality where 3 and 3.0 are the same number, as they are in JSON. */
    static boolean sameJson(JsonNode a, JsonNode b) {
        Comparator<JsonNode> numbersByValue = (x, y) -> {
            if (x instanceof NumericNode && y instanceof NumericNode) {
                return x.decimalValue().compareTo(y.decimalValue());
            }
            return x.equals(y) ? 0 : 1;
        };
        return a.equals(numbersByValue, b);
    }

    private static Map<String, JsonNode> loadCases() throws IOException {
        Map<String, JsonNode> loaded = new TreeMap<>();
        try (Stream<Path> files = Files.walk(CORPUS)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".json")).sorted()::iterator) {
                loaded.put(caseName(file), JSON.readTree(file.toFile()));
            }
        }
        return loaded;
    }

    private static Set<String> loadListedDifferences() throws IOException {
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(CORPUS.resolve("ORACLE-DIFFERENCES.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                listed.add(line.substring(3).trim());
            }
        }
        return listed;
    }

    private static void installOracleIfMissing() throws Exception {
        if (Files.exists(node22()) && Files.exists(ORACLE.resolve(Paths.get("node_modules", "aws-local-stepfunctions")))) {
            return;
        }
        Path log = WORK.resolve("npm-ci.log");
        Process npm;
        try {
            npm = new ProcessBuilder(npmCommand(), "ci", "--no-audit", "--no-fund")
                    .directory(ORACLE.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("npm was not found on the PATH (" + e.getMessage() + "); install Node.js 20+ with"
                    + " npm so the IT can install aws-local-stepfunctions and node@22 in statemachine/oracle", e);
        }
        if (!npm.waitFor(NPM_CI_MINUTES, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw new AssertionError("npm ci in " + ORACLE + " took over " + NPM_CI_MINUTES + " minutes; check that"
                    + " the npm registry is reachable (log: " + log + ")");
        }
        if (npm.exitValue() != 0 || !Files.exists(node22())) {
            throw new AssertionError("npm ci in " + ORACLE + " failed with exit code " + npm.exitValue()
                    + "; the IT needs the npm registry to install aws-local-stepfunctions 3.0.0 and node@22."
                    + " npm said:\n" + tail(log));
        }
    }

    private static Map<String, JsonNode> runCorpus() throws Exception {
        Path out = WORK.resolve("results.jsonl");
        Path err = WORK.resolve("run-corpus.err");
        Process node = new ProcessBuilder(node22().toString(), "run-corpus.mjs", CORPUS.toString())
                .directory(ORACLE.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!node.waitFor(CORPUS_RUN_MINUTES, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new AssertionError("run-corpus.mjs ran longer than " + CORPUS_RUN_MINUTES + " minutes; see " + err);
        }
        if (node.exitValue() != 0) {
            throw new AssertionError("run-corpus.mjs failed with exit code " + node.exitValue() + ":\n" + tail(err));
        }
        Map<String, JsonNode> byCase = new TreeMap<>();
        for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode result = JSON.readTree(line);
            JsonNode previous = byCase.put(result.get("case").asText(), result);
            if (previous != null) {
                throw new AssertionError("run-corpus.mjs reported " + result.get("case").asText() + " twice");
            }
        }
        return byCase;
    }

    private static Path node22() {
        return ORACLE.resolve(Paths.get("node_modules", "node", "bin", "node"));
    }

    private static String npmCommand() {
        return System.getProperty("os.name", "").toLowerCase().startsWith("windows") ? "npm.cmd" : "npm";
    }

    private static String caseName(Path file) {
        return CORPUS.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    private static Path moduleDir() {
        // Failsafe runs in the module directory; basedir is set when run from elsewhere.
        String basedir = System.getProperty("basedir");
        return Paths.get(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
    }
}
