package dev.jita.asl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** statemachine/approval.asl.json, the file CDK deploys, passes the npm asl-validator (an outside check of ASL). */
class ApprovalDefinitionValidatorIT {
    private static final Path APPROVAL = NodeTools.MODULE.resolve("approval.asl.json");

    @Test
    void approvalDefinition_shouldPassAslValidator() throws Exception {
        Result result = validate(APPROVAL);
        assertEquals(0, result.exit(), "asl-validator refused approval.asl.json:\n" + result.output());
    }

    @Test
    void aslValidator_shouldRefuseTheDefinition_whenAStateLosesItsNext() throws Exception {
        // Proves the check above can fail: the same file with one transition removed.
        String broken = Files.readString(APPROVAL, StandardCharsets.UTF_8)
                .replace("\"Next\": \"Provisioned?\"", "\"Comment\": \"Next removed by the test\"");
        Path copy = NodeTools.WORK.resolve("approval-broken.asl.json");
        Files.createDirectories(copy.getParent());
        Files.writeString(copy, broken, StandardCharsets.UTF_8);

        Result result = validate(copy);

        assertNotEquals(0, result.exit(), "asl-validator accepted a definition with a dangling state");
        assertTrue(result.output().contains("Grant"), result.output());
    }

    private record Result(int exit, String output) {
    }

    private static Result validate(Path definition) throws Exception {
        Path log = NodeTools.WORK.resolve("asl-validator.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(NodeTools.node22().toString(),
                NodeTools.module("asl-validator", "dist", "bin", "asl-validator.js").toString(),
                "--json-path", definition.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("asl-validator ran longer than 2 minutes");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
