package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.util.Comparator;

/**
 * Compares a result in the corpus's shape ({@code {"output"}}, {@code {"error","cause"}} or {@code {"loadError"}})
 * with a case's expectation: one comparison for ConformanceTest and for the differential check.
 */
final class CaseResults {
    private CaseResults() {
    }

    /** Null when a result (oracle's or ours) matches the expectation, else what differs. */
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
}
