package dev.jita.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.rules.RulesFileException.RuleError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads typed fields of one rules file and collects what is wrong with them, so that all problems are reported
 * together. A reader that finds a problem records it and returns an empty value; the caller carries on.
 */
final class Fields {
    /** Names of rules, approvers and approver groups. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final String file;
    private final List<RuleError> errors = new ArrayList<>();

    Fields(String file) {
        this.file = file;
    }

    /** The field's value, or null when absent or written as an explicit null. */
    static JsonNode present(JsonNode parent, String field) {
        JsonNode n = parent.get(field);
        return n == null || n.isNull() ? null : n;
    }

    /** A non-empty string, or null when absent (an error if {@code required}) or not one. */
    String text(JsonNode parent, String field, String where, boolean required) {
        JsonNode node = present(parent, field);
        if (node == null) {
            if (required) {
                error(where, field, "is missing; add it");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isEmpty()) {
            error(where, field, "must be a non-empty string");
            return null;
        }
        return node.asText();
    }

    List<String> requiredStrings(JsonNode parent, String field, String where) {
        JsonNode node = present(parent, field);
        if (node == null) {
            error(where, field, "is missing; add a non-empty list");
            return List.of();
        }
        return strings(node, where, field);
    }

    /** The strings of a non-empty list; items that are not strings are reported and left out. */
    List<String> strings(JsonNode node, String where, String field) {
        if (!node.isArray() || node.isEmpty()) {
            error(where, field, "must be a non-empty list of strings, like [\"...\"]");
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                error(where, field, "'" + item + "' is not a string; quote it");
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }

    /** A boolean value; {@code otherwise} when {@code node} is absent (null) or not a boolean. */
    boolean bool(JsonNode node, String where, String field, boolean otherwise) {
        if (node == null) {
            return otherwise;
        }
        if (!node.isBoolean()) {
            error(where, field, "must be true or false");
            return otherwise;
        }
        return node.booleanValue();
    }

    /** Reports every field of {@code node} not in {@code allowed}; {@code prefix} dots it from {@code where}. */
    void unknownFields(JsonNode node, Set<String> allowed, String where, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                error(where, prefix + name, "is not a known field (allowed here: "
                        + String.join(", ", allowed.stream().sorted().toList()) + "); check its spelling");
            }
        }
    }

    boolean hasError(String where, String field) {
        return errors.stream().anyMatch(e -> e.where().equals(where) && e.field().equals(field));
    }

    /** How many problems so far: a part is usable only if reading it added none. */
    int errorCount() {
        return errors.size();
    }

    void error(String where, String field, String message) {
        errors.add(new RuleError(file, where, field, message));
    }

    RulesFileException failure() {
        return new RulesFileException(file, errors);
    }
}
