package dev.jita.standins;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * IAM's identity-policy evaluation, as far as jita's grants reach: a call is allowed when some statement allows it and
 * none denies it (an explicit Deny wins; nothing allows by default). A statement applies when its Action (or
 * NotAction), its Resource (or NotResource) and every condition match. Actions match case-insensitively, resources
 * case-sensitively, both with IAM's {@code *} and {@code ?}. Conditions: the Date and String operators on
 * {@code aws:CurrentTime}, {@code aws:userid}, {@code aws:PrincipalArn}; a key the call lacks, or an operator this
 * stand-in does not know, makes the condition false, as IAM does for a missing key.
 */
public final class PolicyEvaluation {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What IAM knows about a call when it evaluates it. */
    public record Call(String principalArn, String userId, String action, String resource, Instant now) {
        public Call {
            Objects.requireNonNull(principalArn, "principalArn");
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(resource, "resource");
            Objects.requireNonNull(now, "now");
        }

        private String key(String conditionKey) {
            return switch (conditionKey.toLowerCase(Locale.ROOT)) {
                case "aws:currenttime" -> now.toString();
                case "aws:userid" -> userId;
                case "aws:principalarn" -> principalArn;
                default -> null;
            };
        }
    }

    /** The answer: allowed, or denied implicitly (nothing allows) or explicitly (a Deny). */
    public enum Decision {
        ALLOWED, IMPLICIT_DENY, EXPLICIT_DENY;

        public boolean allowed() {
            return this == ALLOWED;
        }
    }

    private PolicyEvaluation() {
    }

    /** @param documents the identity's policies, as IAM stores them */
    public static Decision evaluate(Collection<String> documents, Call call) {
        boolean allowed = false;
        for (String document : documents) {
            for (JsonNode statement : statements(document)) {
                if (!applies(statement, call)) {
                    continue;
                }
                if ("Deny".equals(statement.path("Effect").asText())) {
                    return Decision.EXPLICIT_DENY;
                }
                allowed |= "Allow".equals(statement.path("Effect").asText());
            }
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICIT_DENY;
    }

    /** IAM's words for a refusal: {@code User: <arn> is not authorized to perform: <action> on resource: ...}. */
    public static String denialMessage(Decision decision, Call call) {
        String why = decision == Decision.EXPLICIT_DENY
                ? "with an explicit deny in an identity-based policy"
                : "because no identity-based policy allows the " + call.action() + " action";
        return "User: " + call.principalArn() + " is not authorized to perform: " + call.action() + " on resource: "
                + call.resource() + " " + why;
    }

    private static List<JsonNode> statements(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException("a stored policy is not JSON", e);
        }
        JsonNode statement = root.path("Statement");
        List<JsonNode> out = new ArrayList<>();
        if (statement.isArray()) {
            statement.forEach(out::add);
        } else if (statement.isObject()) {
            out.add(statement);
        }
        return out;
    }

    static boolean applies(JsonNode statement, Call call) {
        boolean action = statement.has("NotAction")
                ? values(statement.get("NotAction")).stream().noneMatch(p -> matches(p, call.action(), true))
                : values(statement.path("Action")).stream().anyMatch(p -> matches(p, call.action(), true));
        boolean resource = statement.has("NotResource")
                ? values(statement.get("NotResource")).stream().noneMatch(p -> matches(p, call.resource(), false))
                : values(statement.path("Resource")).stream().anyMatch(p -> matches(p, call.resource(), false));
        return action && resource && conditions(statement.path("Condition"), call);
    }

    private static boolean conditions(JsonNode condition, Call call) {
        if (condition.isMissingNode() || condition.isNull()) {
            return true;
        }
        var operators = condition.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> operator = operators.next();
            var keys = operator.getValue().fields();
            while (keys.hasNext()) {
                Map.Entry<String, JsonNode> key = keys.next();
                String actual = call.key(key.getKey());
                // Values of one key are ORed; keys and operators are ANDed.
                if (actual == null || values(key.getValue()).stream()
                        .noneMatch(expected -> test(operator.getKey(), actual, expected))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean test(String operator, String actual, String expected) {
        if (operator.startsWith("Date")) {
            Integer order = compareDates(actual, expected);
            // A value that is no date matches no Date operator.
            return order != null && switch (operator) {
                case "DateEquals" -> order == 0;
                case "DateNotEquals" -> order != 0;
                case "DateGreaterThan" -> order > 0;
                case "DateGreaterThanEquals" -> order >= 0;
                case "DateLessThan" -> order < 0;
                case "DateLessThanEquals" -> order <= 0;
                default -> false;
            };
        }
        return switch (operator) {
            case "StringEquals" -> actual.equals(expected);
            case "StringNotEquals" -> !actual.equals(expected);
            case "StringEqualsIgnoreCase" -> actual.equalsIgnoreCase(expected);
            case "StringLike" -> matches(expected, actual, false);
            default -> false;
        };
    }

    private static Integer compareDates(String actual, String expected) {
        try {
            return Instant.parse(actual).compareTo(Instant.parse(expected));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<String> values(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        } else if (node.isArray()) {
            node.forEach(v -> out.add(v.asText()));
        }
        return out;
    }

    /** IAM's wildcards: {@code *} any run of characters, {@code ?} one. */
    static boolean matches(String pattern, String value, boolean ignoreCase) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.DOTALL
                : Pattern.DOTALL).matcher(value).matches();
    }
}
