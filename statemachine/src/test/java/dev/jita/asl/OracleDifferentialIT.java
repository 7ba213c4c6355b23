package dev.jita.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
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
    private static final Path ORACLE = NodeTools.ORACLE;
    private static final Path CORPUS = NodeTools.MODULE.resolve(Paths.get("src", "test", "resources", "conformance"));
    private static final Path WORK = NodeTools.WORK;
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
            String disagreement = CaseResults.disagreement(testCase.get("expected"), result);
            if (disagreement != null && !listedDifferences.contains(name)) {
                fail(name + ": the oracle disagrees with the expectation (" + disagreement + "). Fix the case if the"
                        + " expectation is wrong, or list it in ORACLE-DIFFERENCES.md with the AWS documentation"
                        + " that shows it is right.");
            }
        }));
    }

    /**
     * The differential check proper: our interpreter and aws-local-stepfunctions run the same case and must give the
     * same answer, unless the case is a listed oracle deviation from AWS.
     */
    @TestFactory
    Stream<DynamicTest> ourInterpreterAndTheOracle_shouldAgree_unlessListedAsOracleDifference() {
        return cases.keySet().stream()
                .filter(name -> !results.get(name).has("skipped") && !results.get(name).has("harnessError"))
                .map(name -> DynamicTest.dynamicTest(name, () -> {
                    JsonNode testCase = cases.get(name);
                    JsonNode ours = comparable(testCase.get("expected"), ConformanceTest.run(testCase));
                    String disagreement = CaseResults.disagreement(ours, results.get(name));
                    if (disagreement != null && !listedDifferences.contains(name)) {
                        fail(name + ": our interpreter and aws-local-stepfunctions disagree (ours " + ours + "; "
                                + disagreement.replace("expected", "ours") + "). Fix whichever side AWS's"
                                + " documentation says is wrong, or list the oracle's deviation in ORACLE-DIFFERENCES.md.");
                    }
                }));
    }

    /** Our result, reduced to what the two implementations can be expected to share: causes and load messages differ in wording. */
    private static JsonNode comparable(JsonNode expected, JsonNode ours) {
        ObjectNode copy = ours.deepCopy();
        if (copy.has("cause") && !expected.has("cause")) {
            copy.remove("cause");
        }
        if (copy.has("loadError") && expected.has("loadError")) {
            copy.set("loadError", expected.get("loadError"));
        }
        return copy;
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
            } else if (CaseResults.disagreement(testCase.get("expected"), result) == null) {
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

    private static Map<String, JsonNode> runCorpus() throws Exception {
        Path out = WORK.resolve("results.jsonl");
        Path err = WORK.resolve("run-corpus.err");
        Process node = new ProcessBuilder(NodeTools.node22().toString(), "run-corpus.mjs", CORPUS.toString())
                .directory(ORACLE.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!node.waitFor(CORPUS_RUN_MINUTES, TimeUnit.MINUTES)) {
            node.destroyForcibly();
            throw new AssertionError("run-corpus.mjs ran longer than " + CORPUS_RUN_MINUTES + " minutes; see " + err);
        }
        if (node.exitValue() != 0) {
            throw new AssertionError("run-corpus.mjs failed with exit code " + node.exitValue() + ":\n" + NodeTools.tail(err));
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

    private static String caseName(Path file) {
        return CORPUS.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }
}
