package dev.jita.asl.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.StatesError;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One rule of a Choice state: a comparison on a Variable, or And / Or / Not over nested rules. A top-level rule
 * also carries Next.
 *
 * <p>As in AWS: a comparison whose Variable (or *Path operand) matches nothing raises States.Runtime, except
 * IsPresent; a value of the wrong type (StringEquals on a number, a malformed timestamp) simply does not match.
 */
public final class ChoiceRule {
    private static final Set<String> TOP_LEVEL_EXTRAS = Set.of("Next", "Comment", "Assign", "Output");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})");

    private final Condition condition;
    private final String next;

    private ChoiceRule(Condition condition, String next) {
        this.condition = condition;
        this.next = next;
    }

    /** Compiles a rule; errors name the field, e.g. "Choice.NumericEqualsPath: ...". */
    public static ChoiceRule compile(JsonNode rule, boolean topLevel) {
        return compile(rule, topLevel, "Choice");
    }

    /** Like {@link #compile(JsonNode, boolean)}, with {@code where} (e.g. "Choices[2]") leading every error. */
    public static ChoiceRule compile(JsonNode rule, boolean topLevel, String where) {
        if (rule == null || !rule.isObject()) {
            throw new IllegalArgumentException(where + ": a choice rule must be a JSON object");
        }
        String next = null;
        if (topLevel) {
            JsonNode n = rule.get("Next");
            if (n == null || !n.isTextual() || n.textValue().isEmpty()) {
                throw new IllegalArgumentException(where + ".Next: a top-level choice rule needs Next, the name of "
                        + "the state to go to when it matches");
            }
            next = n.textValue();
        } else if (rule.has("Next")) {
            throw new IllegalArgumentException(where + ".Next: only top-level choice rules may have Next; remove it "
                    + "from rules nested in And, Or or Not");
        }
        return new ChoiceRule(condition(rule, topLevel, where), next);
    }

    /** True when the rule matches the input (Variable paths read $ from input, $$ from context). */
    public boolean matches(JsonNode input, JsonNode context) {
        return condition.test(input, context);
    }

    /** Next of a top-level rule; null for nested rules. */
    public String next() {
        return next;
    }

    // ---- compile ----

    private static Condition condition(JsonNode rule, boolean topLevel, String where) {
        List<String> operators = new ArrayList<>();
        for (Iterator<String> it = rule.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (field.equals("Variable") || topLevel && TOP_LEVEL_EXTRAS.contains(field)
                    || !topLevel && field.equals("Comment")) {
                continue;
            }
            if (field.equals("And") || field.equals("Or") || field.equals("Not") || Operator.BY_NAME.containsKey(field)) {
                operators.add(field);
            } else {
                throw new IllegalArgumentException(where + "." + field + ": unknown field in a choice rule; use a "
                        + "comparison operator such as StringEquals, or And, Or, Not");
            }
        }
        if (operators.size() != 1) {
            throw new IllegalArgumentException(where + ": a choice rule needs exactly one comparison operator or "
                    + "And / Or / Not, but has " + (operators.isEmpty() ? "none" : String.join(", ", operators)));
        }
        String op = operators.get(0);
        JsonNode value = rule.get(op);
        switch (op) {
            case "And", "Or" -> {
                if (rule.has("Variable")) {
                    throw new IllegalArgumentException(where + ".Variable: " + op + " takes no Variable; put "
                            + "Variable in each nested rule");
                }
                if (!value.isArray() || value.isEmpty()) {
                    throw new IllegalArgumentException(where + "." + op + ": must be a non-empty array of rules");
                }
                Condition[] members = new Condition[value.size()];
                for (int i = 0; i < members.length; i++) {
                    members[i] = compile(value.get(i), false, where + "." + op + "[" + i + "]").condition;
                }
                return op.equals("And") ? new And(members) : new Or(members);
            }
            case "Not" -> {
                if (rule.has("Variable")) {
                    throw new IllegalArgumentException(where + ".Variable: Not takes no Variable; put Variable in "
                            + "the nested rule");
                }
                return new Not(compile(value, false, where + ".Not").condition);
            }
            default -> {
                return comparison(rule, Operator.BY_NAME.get(op), value, where);
            }
        }
    }

    private static Condition comparison(JsonNode rule, Operator op, JsonNode value, String where) {
        JsonNode variable = rule.get("Variable");
        if (variable == null || !variable.isTextual()) {
            throw new IllegalArgumentException(where + ".Variable: " + op.fieldName + " needs a Variable, a path "
                    + "such as $.status");
        }
        Path path;
        try {
            path = Path.compile(variable.textValue());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".Variable: " + e.getMessage(), e);
        }
        String at = where + "." + op.fieldName;
        if (op.isPath) {
            if (!value.isTextual()) {
                throw new IllegalArgumentException(at + ": must be a path string such as $.limit");
            }
            try {
                return new Comparison(path, op, null, Path.compile(value.textValue()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        Operand operand = switch (op.kind) {
            case STRING -> {
                if (!value.isTextual()) {
                    throw new IllegalArgumentException(at + ": must be a string, not " + Json.abbreviate(value));
                }
                yield new Operand(value, null, null);
            }
            case MATCHES -> {
                if (!value.isTextual()) {
                    throw new IllegalArgumentException(at + ": must be a string pattern, not " + Json.abbreviate(value));
                }
                yield new Operand(value, null, Glob.compile(value.textValue()));
            }
            case NUMERIC -> {
                if (!value.isNumber()) {
                    throw new IllegalArgumentException(at + ": must be a number, not " + Json.abbreviate(value));
                }
                yield new Operand(value, null, null);
            }
            case BOOLEAN, TYPE -> {
                if (!value.isBoolean()) {
                    throw new IllegalArgumentException(at + ": must be true or false, not " + Json.abbreviate(value));
                }
                yield new Operand(value, null, null);
            }
            case TIMESTAMP -> {
                Instant t = value.isTextual() ? timestamp(value.textValue()) : null;
                if (t == null) {
                    throw new IllegalArgumentException(at + ": must be an RFC 3339 timestamp such as "
                            + "2026-01-31T12:00:00Z, not " + Json.abbreviate(value));
                }
                yield new Operand(value, t, null);
            }
        };
        return new Comparison(path, op, operand, null);
    }

    /** An RFC 3339 timestamp (uppercase T and Z, as the spec demands), or null when the text is not one. */
    static Instant timestamp(String s) {
        if (s.length() < 20 || !TIMESTAMP.matcher(s).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---- evaluate ----

    private sealed interface Condition permits And, Or, Not, Comparison {
        boolean test(JsonNode input, JsonNode context);
    }

    private record And(Condition[] members) implements Condition {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            for (Condition c : members) {
                if (!c.test(input, context)) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Or(Condition[] members) implements Condition {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            for (Condition c : members) {
                if (c.test(input, context)) {
                    return true;
                }
            }
            return false;
        }
    }

    private record Not(Condition member) implements Condition {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            return !member.test(input, context);
        }
    }

    /** A literal operand, pre-parsed where its kind needs it. */
    private record Operand(JsonNode value, Instant instant, Glob glob) {
    }

    private record Comparison(Path variable, Operator op, Operand literal, Path operandPath) implements Condition {
        @Override
        public boolean test(JsonNode input, JsonNode context) {
            JsonNode v = variable.lookup(input, context);
            if (op == Operator.IS_PRESENT) {
                return (v != null) == literal.value.booleanValue();
            }
            if (v == null) {
                throw new StatesError("States.Runtime", "Invalid path '" + variable.text()
                        + "': The choice state's condition path references an invalid value.");
            }
            if (op.kind == Kind.TYPE) {
                return typeTest(v) == literal.value.booleanValue();
            }
            JsonNode operand;
            Instant instant = null;
            if (operandPath != null) {
                operand = operandPath.lookup(input, context);
                if (operand == null) {
                    throw new StatesError("States.Runtime", "Invalid path '" + operandPath.text()
                            + "': The choice state's condition path references an invalid value.");
                }
            } else {
                operand = literal.value;
                instant = literal.instant;
            }
            return switch (op.kind) {
                case STRING -> v.isTextual() && operand.isTextual()
                        && op.holds(v.textValue().compareTo(operand.textValue()));
                case MATCHES -> v.isTextual() && literal.glob.matches(v.textValue());
                case NUMERIC -> v.isNumber() && operand.isNumber() && op.holds(Json.compareNumbers(v, operand));
                case BOOLEAN -> v.isBoolean() && operand.isBoolean() && v.booleanValue() == operand.booleanValue();
                case TIMESTAMP -> {
                    if (!v.isTextual()) {
                        yield false;
                    }
                    Instant left = timestamp(v.textValue());
                    if (instant == null) {
                        instant = operand.isTextual() ? timestamp(operand.textValue()) : null;
                    }
                    yield left != null && instant != null && op.holds(left.compareTo(instant));
                }
                case TYPE -> throw new IllegalStateException("handled above");
            };
        }

        private boolean typeTest(JsonNode v) {
            return switch (op) {
                case IS_NULL -> v.isNull();
                case IS_NUMERIC -> v.isNumber();
                case IS_STRING -> v.isTextual();
                case IS_BOOLEAN -> v.isBoolean();
                case IS_TIMESTAMP -> v.isTextual() && timestamp(v.textValue()) != null;
                default -> throw new IllegalStateException(op.fieldName);
            };
        }
    }

    private enum Kind { STRING, MATCHES, NUMERIC, BOOLEAN, TIMESTAMP, TYPE }

    /** Comparison relations, as the sign of compareTo that satisfies them. */
    private enum Rel { EQ, LT, GT, LE, GE, NONE }

    private enum Operator {
        STRING_EQUALS("StringEquals", Kind.STRING, Rel.EQ),
        STRING_LESS_THAN("StringLessThan", Kind.STRING, Rel.LT),
        STRING_GREATER_THAN("StringGreaterThan", Kind.STRING, Rel.GT),
        STRING_LESS_THAN_EQUALS("StringLessThanEquals", Kind.STRING, Rel.LE),
        STRING_GREATER_THAN_EQUALS("StringGreaterThanEquals", Kind.STRING, Rel.GE),
        STRING_MATCHES("StringMatches", Kind.MATCHES, Rel.NONE),
        NUMERIC_EQUALS("NumericEquals", Kind.NUMERIC, Rel.EQ),
        NUMERIC_LESS_THAN("NumericLessThan", Kind.NUMERIC, Rel.LT),
        NUMERIC_GREATER_THAN("NumericGreaterThan", Kind.NUMERIC, Rel.GT),
        NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Kind.NUMERIC, Rel.LE),
        NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Kind.NUMERIC, Rel.GE),
        BOOLEAN_EQUALS("BooleanEquals", Kind.BOOLEAN, Rel.EQ),
        TIMESTAMP_EQUALS("TimestampEquals", Kind.TIMESTAMP, Rel.EQ),
        TIMESTAMP_LESS_THAN("TimestampLessThan", Kind.TIMESTAMP, Rel.LT),
        TIMESTAMP_GREATER_THAN("TimestampGreaterThan", Kind.TIMESTAMP, Rel.GT),
        TIMESTAMP_LESS_THAN_EQUALS("TimestampLessThanEquals", Kind.TIMESTAMP, Rel.LE),
        TIMESTAMP_GREATER_THAN_EQUALS("TimestampGreaterThanEquals", Kind.TIMESTAMP, Rel.GE),
        IS_NULL("IsNull", Kind.TYPE, Rel.NONE),
        IS_PRESENT("IsPresent", Kind.TYPE, Rel.NONE),
        IS_NUMERIC("IsNumeric", Kind.TYPE, Rel.NONE),
        IS_STRING("IsString", Kind.TYPE, Rel.NONE),
        IS_BOOLEAN("IsBoolean", Kind.TYPE, Rel.NONE),
        IS_TIMESTAMP("IsTimestamp", Kind.TYPE, Rel.NONE),
        // The *Path forms compare with a value read from the input instead of a literal.
        STRING_EQUALS_PATH("StringEqualsPath", Kind.STRING, Rel.EQ),
        STRING_LESS_THAN_PATH("StringLessThanPath", Kind.STRING, Rel.LT),
        STRING_GREATER_THAN_PATH("StringGreaterThanPath", Kind.STRING, Rel.GT),
        STRING_LESS_THAN_EQUALS_PATH("StringLessThanEqualsPath", Kind.STRING, Rel.LE),
        STRING_GREATER_THAN_EQUALS_PATH("StringGreaterThanEqualsPath", Kind.STRING, Rel.GE),
        NUMERIC_EQUALS_PATH("NumericEqualsPath", Kind.NUMERIC, Rel.EQ),
        NUMERIC_LESS_THAN_PATH("NumericLessThanPath", Kind.NUMERIC, Rel.LT),
        NUMERIC_GREATER_THAN_PATH("NumericGreaterThanPath", Kind.NUMERIC, Rel.GT),
        NUMERIC_LESS_THAN_EQUALS_PATH("NumericLessThanEqualsPath", Kind.NUMERIC, Rel.LE),
        NUMERIC_GREATER_THAN_EQUALS_PATH("NumericGreaterThanEqualsPath", Kind.NUMERIC, Rel.GE),
        BOOLEAN_EQUALS_PATH("BooleanEqualsPath", Kind.BOOLEAN, Rel.EQ),
        TIMESTAMP_EQUALS_PATH("TimestampEqualsPath", Kind.TIMESTAMP, Rel.EQ),
        TIMESTAMP_LESS_THAN_PATH("TimestampLessThanPath", Kind.TIMESTAMP, Rel.LT),
        TIMESTAMP_GREATER_THAN_PATH("TimestampGreaterThanPath", Kind.TIMESTAMP, Rel.GT),
        TIMESTAMP_LESS_THAN_EQUALS_PATH("TimestampLessThanEqualsPath", Kind.TIMESTAMP, Rel.LE),
        TIMESTAMP_GREATER_THAN_EQUALS_PATH("TimestampGreaterThanEqualsPath", Kind.TIMESTAMP, Rel.GE);

        static final Map<String, Operator> BY_NAME = new HashMap<>();

        static {
            for (Operator o : values()) {
                BY_NAME.put(o.fieldName, o);
            }
        }

        final String fieldName;
        final Kind kind;
        final Rel rel;
        final boolean isPath;

        Operator(String fieldName, Kind kind, Rel rel) {
            this.fieldName = fieldName;
            this.kind = kind;
            this.rel = rel;
            this.isPath = fieldName.endsWith("Path");
        }

        boolean holds(int cmp) {
            return switch (rel) {
                case EQ -> cmp == 0;
                case LT -> cmp < 0;
                case GT -> cmp > 0;
                case LE -> cmp <= 0;
                case GE -> cmp >= 0;
                case NONE -> throw new IllegalStateException(fieldName);
            };
        }
    }

    /** A StringMatches pattern: '*' matches any run of characters; '\*' is a literal star, '\\' a backslash. */
    private record Glob(String[] parts) {
        static Glob compile(String pattern) {
            List<String> parts = new ArrayList<>();
            StringBuilder part = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\' && i + 1 < pattern.length()
                        && (pattern.charAt(i + 1) == '*' || pattern.charAt(i + 1) == '\\')) {
                    part.append(pattern.charAt(++i));
                } else if (c == '*') {
                    parts.add(part.toString());
                    part.setLength(0);
                } else {
                    part.append(c);
                }
            }
            parts.add(part.toString());
            return new Glob(parts.toArray(new String[0]));
        }

        boolean matches(String s) {
            if (parts.length == 1) {
                return s.equals(parts[0]);
            }
            String first = parts[0];
            String last = parts[parts.length - 1];
            if (!s.startsWith(first) || s.length() < first.length() + last.length() || !s.endsWith(last)) {
                return false;
            }
            int from = first.length();
            int end = s.length() - last.length();
            for (int i = 1; i < parts.length - 1; i++) {
                int at = s.indexOf(parts[i], from);
                if (at < 0 || at + parts[i].length() > end) {
                    return false;
                }
                from = at + parts[i].length();
            }
            return true;
        }
    }
}
