package dev.jita.rules;

import java.util.List;
import java.util.stream.Collectors;

/** A rules file could not be used; carries every problem found, each naming file, rule and field. */
public final class RulesFileException extends RuntimeException {
    private final transient List<RuleError> errors;

    RulesFileException(String file, List<RuleError> errors) {
        super(summary(file, errors));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }

    private static String summary(String file, List<RuleError> errors) {
        String head = errors.size() == 1
                ? file + " has 1 error; fix it and load again:"
                : file + " has " + errors.size() + " errors; fix them and load again:";
        return head + errors.stream().map(e -> "\n  - " + e).collect(Collectors.joining());
    }

    /**
     * One problem. Prints as {@code FILE: rule 'ID', field 'FIELD': MESSAGE}.
     *
     * @param where "rule 'prod-ec2-terminate'", "approver group 'sre-leads'", ... or empty at the top level
     * @param field the field, dotted from {@code where} (e.g. "autoApprove.incident.minSeverity"); may be empty
     */
    public record RuleError(String file, String where, String field, String message) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(file).append(": ");
            if (!where.isEmpty()) {
                b.append(where);
                b.append(field.isEmpty() ? ": " : ", ");
            }
            if (!field.isEmpty()) {
                b.append("field '").append(field).append("': ");
            }
            return b.append(message).toString();
        }
    }
}
