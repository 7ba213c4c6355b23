package dev.jita.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** style.md: the workflow's error names are a contract between Java exceptions and the ASL file. */
class WorkflowErrorsTest {
    private static final Path APPROVAL = Path.of(System.getProperty("basedir", "."), "..", "statemachine", "approval.asl.json");

    @Test
    void everyErrorTheDefinitionMatches_shouldBeDeclaredInWorkflowErrors() throws IOException {
        Set<String> matched = new TreeSet<>();
        collectErrorEquals(new ObjectMapper().readTree(APPROVAL.toFile()), matched);
        matched.removeIf(name -> name.startsWith("States.") || name.startsWith("Lambda."));

        assertEquals(new TreeSet<>(WorkflowErrors.ALL), matched,
                "approval.asl.json and WorkflowErrors must name the same errors");
    }

    @Test
    void transientError_shouldBeTheClassNameLambdaReports() {
        assertEquals("dev.jita.workflow.TransientFailure", WorkflowErrors.TRANSIENT);
    }

    private static void collectErrorEquals(JsonNode node, Set<String> into) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("ErrorEquals")) {
                    field.getValue().forEach(name -> into.add(name.asText()));
                } else {
                    collectErrorEquals(field.getValue(), into);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectErrorEquals(child, into));
        }
    }
}
