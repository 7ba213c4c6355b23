package dev.jita.asl.data;

import static dev.jita.asl.data.JsonFixtures.json;
import static dev.jita.asl.data.JsonFixtures.raw;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.StatesError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChoiceRuleTest {
    private static final JsonNode CONTEXT = json("{'Execution': {'StartTime': '2026-01-01T00:00:00Z'}}");

    /** Evaluates one nested rule (no Next) written as JSON text against an input. */
    private static boolean matches(String rule, String input) {
        return ChoiceRule.compile(raw(rule), false).matches(raw(input), CONTEXT);
    }

    private static String op(String operator, String value) {
        return "{\"Variable\": \"$.v\", \"" + operator + "\": " + value + "}";
    }

    /** The developer guide's Choice example: Not, NumericEquals, And with a range. */
    @Test
    void choices_shouldPickNext_likeTheDeveloperGuideExample() {
        ChoiceRule[] rules = {
            ChoiceRule.compile(json("{'Not': {'Variable': '$.type', 'StringEquals': 'Private'}, 'Next': 'Public'}"),
                    true, "Choices[0]"),
            ChoiceRule.compile(json("{'Variable': '$.value', 'NumericEquals': 0, 'Next': 'ValueIsZero'}"),
                    true, "Choices[1]"),
            ChoiceRule.compile(json("""
                    {'And': [{'Variable': '$.value', 'NumericGreaterThanEquals': 20},
                             {'Variable': '$.value', 'NumericLessThan': 30}], 'Next': 'ValueInTwenties'}"""),
                    true, "Choices[2]"),
        };
        assertEquals("Public", firstMatch(rules, "{'type': 'Public', 'value': 0}"));
        assertEquals("ValueIsZero", firstMatch(rules, "{'type': 'Private', 'value': 0}"));
        assertEquals("ValueInTwenties", firstMatch(rules, "{'type': 'Private', 'value': 25}"));
        assertNull(firstMatch(rules, "{'type': 'Private', 'value': 30}"));
    }

    private static String firstMatch(ChoiceRule[] rules, String input) {
        for (ChoiceRule r : rules) {
            if (r.matches(json(input), CONTEXT)) {
                return r.next();
            }
        }
        return null;
    }

    @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "StringEquals             | \"b\"   | \"b\"    | true",
        "StringEquals             | \"b\"   | \"B\"    | false",
        "StringEquals             | \"1\"   | 1        | false",
        "StringLessThan           | \"b\"   | \"a\"    | true",
        "StringLessThan           | \"b\"   | \"b\"    | false",
        "StringGreaterThan        | \"b\"   | \"c\"    | true",
        "StringLessThanEquals     | \"b\"   | \"b\"    | true",
        "StringGreaterThanEquals  | \"b\"   | \"a\"    | false",
        "NumericEquals            | 1       | 1.0      | true",
        "NumericEquals            | 1       | \"1\"    | false",
        "NumericEquals            | 0.1     | 0.1      | true",
        "NumericLessThan          | 10      | 9.99     | true",
        "NumericGreaterThan       | 10      | 10       | false",
        "NumericLessThanEquals    | 10      | 10       | true",
        "NumericGreaterThanEquals | -1      | -1.5     | false",
        "NumericGreaterThan       | 9007199254740993 | 9007199254740994 | true",
        "BooleanEquals            | true    | true     | true",
        "BooleanEquals            | false   | true     | false",
        "BooleanEquals            | true    | \"true\" | false",
        "TimestampEquals          | \"2026-01-01T00:00:00Z\" | \"2026-01-01T01:00:00+01:00\" | true",
        "TimestampLessThan        | \"2026-01-01T00:00:00Z\" | \"2025-12-31T23:59:59.999Z\"  | true",
        "TimestampGreaterThan     | \"2026-01-01T00:00:00Z\" | \"2026-01-01T00:00:00.001Z\"  | true",
        "TimestampLessThanEquals  | \"2026-01-01T00:00:00Z\" | \"2026-01-01T00:00:00Z\"      | true",
        "TimestampGreaterThanEquals | \"2026-01-01T00:00:00Z\" | \"2025-01-01T00:00:00Z\"    | false",
        "TimestampEquals          | \"2026-01-01T00:00:00Z\" | \"2026-01-01t00:00:00z\"      | false",
        "TimestampEquals          | \"2026-01-01T00:00:00Z\" | \"2026-01-01\"                | false",
        "TimestampEquals          | \"2026-01-01T00:00:00Z\" | 1767225600                    | false",
        "StringMatches            | \"foo*.log\" | \"foo23.log\"   | true",
        "StringMatches            | \"*.log\"    | \"zebra.log\"   | true",
        "StringMatches            | \"foo*.*\"   | \"foobar.zebra\" | true",
        "StringMatches            | \"foo*.log\" | \"foo.txt\"     | false",
        "StringMatches            | \"a\\\\*b\"  | \"a*b\"         | true",
        "StringMatches            | \"a\\\\*b\"  | \"axb\"         | false",
        "StringMatches            | \"*a*a*\"    | \"aa\"          | true",
        "StringMatches            | \"*a*a*\"    | \"a\"           | false",
        "StringMatches            | \"a*\"       | 5               | false",
        "IsNull                   | true    | null     | true",
        "IsNull                   | false   | null     | false",
        "IsNumeric                | true    | 1.5      | true",
        "IsNumeric                | true    | \"1\"    | false",
        "IsString                 | true    | \"x\"    | true",
        "IsBoolean                | true    | false    | true",
        "IsBoolean                | false   | 0        | true",
        "IsTimestamp              | true    | \"2026-01-01T00:00:00.5-05:00\" | true",
        "IsTimestamp              | true    | \"yesterday\" | false",
        "IsPresent                | true    | null     | true",
    })
    void matches_shouldCompare_likeAws(String operator, String operand, String value, boolean expected) {
        assertEquals(expected, matches(op(operator, operand), "{\"v\": " + value + "}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "StringEqualsPath            | \"b\"                    | true",
        "StringLessThanPath          | \"c\"                    | true",
        "StringGreaterThanPath       | \"c\"                    | false",
        "StringLessThanEqualsPath    | \"b\"                    | true",
        "StringGreaterThanEqualsPath | \"a\"                    | true",
        "StringEqualsPath            | 1                        | false",
        "NumericEqualsPath           | 2.0                      | false",
        "NumericLessThanPath         | \"x\"                    | false",
        "BooleanEqualsPath           | false                    | false",
        "TimestampEqualsPath         | \"2026-01-01T00:00:00Z\" | false",
    })
    void matches_shouldCompareWithAnotherPath_whenOperatorEndsInPath(String operator, String other, boolean expected) {
        String input = "{\"v\": \"b\", \"other\": " + other + "}";
        assertEquals(expected, matches(op(operator, "\"$.other\""), input));
    }

    @Test
    void matches_shouldCompareNumbersAndTimestampsFromPaths() {
        assertTrue(matches(op("NumericGreaterThanPath", "\"$.limit\""), "{\"v\": 5, \"limit\": 4.5}"));
        assertTrue(matches(op("NumericEqualsPath", "\"$.limit\""), "{\"v\": 5, \"limit\": 5.0}"));
        assertTrue(matches(op("BooleanEqualsPath", "\"$.b\""), "{\"v\": true, \"b\": true}"));
        assertTrue(matches(op("TimestampLessThanPath", "\"$$.Execution.StartTime\""),
                "{\"v\": \"2025-06-01T00:00:00Z\"}"));
        assertTrue(matches(op("TimestampGreaterThanEqualsPath", "\"$.t\""),
                "{\"v\": \"2026-01-01T00:00:00Z\", \"t\": \"2026-01-01T00:00:00Z\"}"));
    }

    @Test
    void isPresent_shouldNotFail_whenVariableIsMissing() {
        assertTrue(matches(op("IsPresent", "false"), "{}"));
        assertFalse(matches(op("IsPresent", "true"), "{}"));
        assertTrue(matches(op("IsPresent", "true"), "{\"v\": {}}"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "StringEquals  | \"x\"",
        "NumericEquals | 1",
        "BooleanEquals | true",
        "IsNull        | true",
        "IsString      | false",
        "TimestampLessThan | \"2026-01-01T00:00:00Z\"",
    })
    void matches_shouldRaiseStatesRuntime_whenVariableIsMissing(String operator, String operand) {
        String rule = "{\"Variable\": \"$.missing\", \"" + operator + "\": " + operand + "}";
        StatesError e = assertThrows(StatesError.class, () -> matches(rule, "{\"v\": 1}"));
        assertEquals("States.Runtime", e.error());
        assertTrue(e.errorCause().contains("$.missing"), e.errorCause());
    }

    @Test
    void matches_shouldRaiseStatesRuntime_whenOperandPathIsMissing() {
        StatesError e = assertThrows(StatesError.class,
                () -> matches(op("NumericEqualsPath", "\"$.nope\""), "{\"v\": 1}"));
        assertEquals("States.Runtime", e.error());
        assertTrue(e.errorCause().contains("$.nope"), e.errorCause());
    }

    @Test
    void not_shouldStillRaise_whenItsVariableIsMissing() {
        assertThrows(StatesError.class, () -> matches("{\"Not\": " + op("StringEquals", "\"x\"") + "}", "{}"));
    }

    @Test
    void andOr_shouldShortCircuit_likeAws() {
        String missing = "{\"Variable\": \"$.missing\", \"StringEquals\": \"x\"}";
        String yes = op("NumericEquals", "1");
        String no = op("NumericEquals", "2");
        assertTrue(matches("{\"Or\": [" + yes + ", " + missing + "]}", "{\"v\": 1}"));
        assertFalse(matches("{\"And\": [" + no + ", " + missing + "]}", "{\"v\": 1}"));
        assertTrue(matches("{\"And\": [" + yes + ", {\"Not\": " + no + "}]}", "{\"v\": 1}"));
        assertTrue(matches("{\"Or\": [" + no + ", {\"And\": [" + yes + "]}]}", "{\"v\": 1}"));
    }

    @Test
    void variable_shouldReadContextObjectAndIndefinitePaths() {
        assertTrue(matches("{\"Variable\": \"$$.Execution.StartTime\", \"IsTimestamp\": true}", "{}"));
        assertTrue(matches("{\"Variable\": \"$.items[0].n\", \"NumericEquals\": 3}", "{\"items\": [{\"n\": 3}]}"));
    }

    // ---- compile-time errors name the field ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"Variable\": \"$.v\", \"NumericEqualsPath\": 5, \"Next\": \"A\"}       | Choices[2].NumericEqualsPath:",
        "{\"Variable\": \"$.v\", \"NumericEquals\": \"5\", \"Next\": \"A\"}       | Choices[2].NumericEquals:",
        "{\"Variable\": \"$.v\", \"StringEquals\": 5, \"Next\": \"A\"}            | Choices[2].StringEquals:",
        "{\"Variable\": \"$.v\", \"BooleanEquals\": \"true\", \"Next\": \"A\"}    | Choices[2].BooleanEquals:",
        "{\"Variable\": \"$.v\", \"IsNull\": 1, \"Next\": \"A\"}                  | Choices[2].IsNull:",
        "{\"Variable\": \"$.v\", \"TimestampEquals\": \"2026-01-01\", \"Next\": \"A\"} | Choices[2].TimestampEquals:",
        "{\"Variable\": \"$.v\", \"StringEqualsPath\": \"v\", \"Next\": \"A\"}    | Choices[2].StringEqualsPath:",
        "{\"Variable\": \"v\", \"StringEquals\": \"x\", \"Next\": \"A\"}          | Choices[2].Variable:",
        "{\"StringEquals\": \"x\", \"Next\": \"A\"}                               | Choices[2].Variable:",
        "{\"Variable\": \"$.v\", \"StringEquals\": \"x\"}                         | Choices[2].Next:",
        "{\"Variable\": \"$.v\", \"StringEquals\": \"x\", \"NumericEquals\": 1, \"Next\": \"A\"} | exactly one",
        "{\"Variable\": \"$.v\", \"Next\": \"A\"}                                 | exactly one",
        "{\"Variable\": \"$.v\", \"StringEqual\": \"x\", \"Next\": \"A\"}         | Choices[2].StringEqual:",
        "{\"And\": [], \"Next\": \"A\"}                                           | Choices[2].And:",
        "{\"And\": [{\"Variable\": \"$.v\", \"StringEquals\": 1}], \"Next\": \"A\"} | Choices[2].And[0].StringEquals:",
        "{\"Or\": [{\"Variable\": \"$.v\", \"IsNull\": true, \"Next\": \"B\"}], \"Next\": \"A\"} | Choices[2].Or[0].Next:",
        "{\"Not\": {\"Variable\": \"$.v\"}, \"Next\": \"A\"}                      | Choices[2].Not:",
        "{\"Variable\": \"$.v\", \"Not\": {\"Variable\": \"$.v\", \"IsNull\": true}, \"Next\": \"A\"} | Choices[2].Variable:",
    })
    void compile_shouldNameTheField_whenRuleIsInvalid(String rule, String prefix) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ChoiceRule.compile(raw(rule), true, "Choices[2]"));
        assertTrue(e.getMessage().contains(prefix), e.getMessage());
    }

    @Test
    void compile_shouldKeepNext_andAllowComment() {
        ChoiceRule rule = ChoiceRule.compile(json("{'Variable': '$.v', 'IsNull': true, 'Next': 'Done', 'Comment': 'c'}"),
                true);
        assertEquals("Done", rule.next());
    }
}
