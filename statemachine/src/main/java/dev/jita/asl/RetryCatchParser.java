package dev.jita.asl;

import static dev.jita.asl.DefinitionFields.nonEmptyArray;
import static dev.jita.asl.DefinitionFields.nonNegativeInt;
import static dev.jita.asl.DefinitionFields.positiveInt;
import static dev.jita.asl.DefinitionFields.resultPath;
import static dev.jita.asl.DefinitionFields.unknownFields;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses a state's Retry and Catch arrays. */
final class RetryCatchParser {

    private RetryCatchParser() {
    }

    private static final Set<String> RETRIER_FIELDS = Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts",
            "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
    private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");

    /** Reads one Retry or Catch entry whose fields and ErrorEquals have been checked. */
    private interface EntryReader<T> {
        T read(JsonNode entry, String where, List<String> errorEquals);
    }

    static List<StateDef.Retrier> retriers(JsonNode node, String at) {
        return entries(node, at, "Retry", "retriers", RETRIER_FIELDS, RetryCatchParser::retrier);
    }

    static List<StateDef.Catcher> catchers(JsonNode node, String at) {
        return entries(node, at, "Catch", "catchers", CATCHER_FIELDS, RetryCatchParser::catcher);
    }

    private static <T> List<T> entries(JsonNode node, String at, String field, String ofWhat, Set<String> fields,
                                       EntryReader<T> reader) {
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidDefinitionException(at + ": " + field + " must be an array of " + ofWhat);
        }
        List<T> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String where = at + ": " + field + "[" + i + "]";
            JsonNode entry = node.get(i);
            unknownFields(entry, fields, where);
            out.add(reader.read(entry, where, errorEquals(entry, where, i == node.size() - 1)));
        }
        return List.copyOf(out);
    }

    private static StateDef.Retrier retrier(JsonNode r, String where, List<String> errors) {
        double interval = r.has("IntervalSeconds")
                ? positiveInt(r.get("IntervalSeconds"), where, "IntervalSeconds") : 1;
        int max = r.has("MaxAttempts") ? (int) nonNegativeInt(r.get("MaxAttempts"), where, "MaxAttempts") : 3;
        double backoff = 2.0;
        if (r.has("BackoffRate")) {
            JsonNode b = r.get("BackoffRate");
            if (!b.isNumber() || b.asDouble() < 1.0) {
                throw new InvalidDefinitionException(where + ": BackoffRate must be a number of at least 1.0");
            }
            backoff = b.asDouble();
        }
        Long maxDelay = null;
        if (r.has("MaxDelaySeconds")) {
            maxDelay = positiveInt(r.get("MaxDelaySeconds"), where, "MaxDelaySeconds");
            if (maxDelay >= 31_622_401L) {
                throw new InvalidDefinitionException(where + ": MaxDelaySeconds must be below 31622401");
            }
        }
        boolean full = false;
        if (r.has("JitterStrategy")) {
            String j = r.get("JitterStrategy").asText();
            if (!j.equals("FULL") && !j.equals("NONE")) {
                throw new InvalidDefinitionException(where + ": JitterStrategy must be FULL or NONE, was '" + j
                        + "'");
            }
            full = j.equals("FULL");
        }
        return new StateDef.Retrier(errors, interval, max, backoff, maxDelay, full);
    }

    private static StateDef.Catcher catcher(JsonNode c, String where, List<String> errors) {
        JsonNode next = c.get("Next");
        if (next == null || !next.isTextual()) {
            throw new InvalidDefinitionException(where + ": Next is missing; name the state to go to");
        }
        return new StateDef.Catcher(errors, resultPath(c, "ResultPath", where), next.textValue());
    }

    private static List<String> errorEquals(JsonNode r, String where, boolean last) {
        JsonNode e = nonEmptyArray(r, "ErrorEquals", where, "error names");
        List<String> names = new ArrayList<>();
        for (JsonNode n : e) {
            if (!n.isTextual() || n.textValue().isEmpty()) {
                throw new InvalidDefinitionException(where + ": ErrorEquals must hold error names (strings)");
            }
            names.add(n.textValue());
        }
        if (names.contains("States.ALL") && (names.size() > 1 || !last)) {
            throw new InvalidDefinitionException(where + ": States.ALL must appear alone in ErrorEquals and only in "
                    + "the last entry");
        }
        return List.copyOf(names);
    }
}
