package dev.jita.requests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.http.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** security.md:36 "Unknown JSON fields rejected; sizes bounded; ARNs validated strictly; justification length bounded." */
class RequestBodyTest {

    private static final String ACTION = "\"actions\":[\"ec2:TerminateInstances\"]";
    private static final String RESOURCE =
            "\"resources\":[\"arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def\"]";
    private static final String REST = "\"durationMinutes\":30,\"justification\":\"Terminate the wedged batch host\"";

    private static String body(String... parts) {
        return "{" + String.join(",", parts) + "}";
    }

    private static ProblemException refused(String body) {
        return assertThrows(ProblemException.class, () -> RequestBody.parse(body, "application/json"));
    }

    private static void assertRefused(String body, int status, String reason) {
        ProblemException e = refused(body);
        assertEquals(status, e.problem().status(), e.problem().detail());
        assertEquals(reason, e.problem().reason(), e.problem().detail());
        assertTrue(e.problem().detail().endsWith("."), "one sentence: " + e.problem().detail());
    }

    @Test
    void parse_shouldReadEveryField_whenBodyIsValid() {
        NewRequest r = RequestBody.parse(body(ACTION, RESOURCE, REST, "\"ticket\":\"OPS-1\"",
                "\"startAt\":\"2026-11-24T10:00:00.123456+01:00\"", "\"ruleId\":\"prod-ec2-terminate\""),
                "application/json; charset=utf-8");

        assertEquals(List.of("ec2:TerminateInstances"), r.actions());
        assertEquals(List.of("arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"), r.resources());
        assertEquals(30, r.durationMinutes());
        assertEquals("Terminate the wedged batch host", r.justification());
        assertEquals("OPS-1", r.ticket());
        assertEquals(Instant.parse("2026-11-24T09:00:00.123Z"), r.startAt());
        assertEquals("prod-ec2-terminate", r.ruleId());
    }

    @Test
    void parse_shouldLeaveOptionalsNull_whenAbsentOrNull() {
        NewRequest r = RequestBody.parse(body(ACTION, RESOURCE, REST, "\"ticket\":null"), null);

        assertNull(r.ticket());
        assertNull(r.startAt());
        assertNull(r.ruleId());
    }

    // security.md:36 "Unknown JSON fields rejected"
    @ParameterizedTest
    @ValueSource(strings = {"\"reason\":\"x\"", "\"Actions\":[\"ec2:StopInstances\"]", "\"durationminutes\":5",
            "\"policy\":{\"Statement\":[]}"})
    void parse_shouldRefuseUnknownFields(String extra) {
        assertRefused(body(ACTION, RESOURCE, REST, extra), 400, "unknown-field");
    }

    // security.md:35 "Requester identity only from the authenticated request context; body fields naming a requester
    // are rejected"
    @ParameterizedTest
    @ValueSource(strings = {"requester", "principal", "userArn", "Requester_Arn", "caller", "sessionName",
            "user_id", "onBehalfOf", "roleArn", "accountId"})
    void parse_shouldRefuseAnyFieldNamingARequester(String field) {
        assertRefused(body(ACTION, RESOURCE, REST, "\"" + field + "\":\"arn:aws:sts::111122223333:assumed-role/Admin/eve\""),
                400, "requester-in-body");
    }

    @Test
    void parse_shouldSayRequesterFirst_whenBodyAlsoHasOtherUnknownFields() {
        assertRefused(body("\"zzz\":1", ACTION, RESOURCE, REST, "\"principal\":\"x\""), 400, "requester-in-body");
    }

    @Test
    void parse_shouldRefuseElevenActions() {
        String actions = IntStream.rangeClosed(1, 11).mapToObj(i -> "\"ec2:Action" + i + "\"")
                .collect(Collectors.joining(",", "\"actions\":[", "]"));

        assertRefused(body(actions, RESOURCE, REST), 400, "invalid-field");
    }

    @Test
    void parse_shouldAcceptTenActions() {
        String actions = IntStream.rangeClosed(1, 10).mapToObj(i -> "\"ec2:Action" + i + "\"")
                .collect(Collectors.joining(",", "\"actions\":[", "]"));

        assertEquals(10, RequestBody.parse(body(actions, RESOURCE, REST), null).actions().size());
    }

    @Test
    void parse_shouldRefuseElevenResources() {
        String resources = IntStream.rangeClosed(1, 11)
                .mapToObj(i -> "\"arn:aws:ec2:eu-west-1:111122223333:instance/i-" + i + "\"")
                .collect(Collectors.joining(",", "\"resources\":[", "]"));

        assertRefused(body(ACTION, resources, REST), 400, "invalid-field");
    }

    @Test
    void parse_shouldRefuseEmptyLists() {
        assertRefused(body("\"actions\":[]", RESOURCE, REST), 400, "invalid-field");
        assertRefused(body(ACTION, "\"resources\":[]", REST), 400, "invalid-field");
    }

    @Test
    void parse_shouldRefuseDuplicates_evenInAnotherCase() {
        assertRefused(body("\"actions\":[\"ec2:TerminateInstances\",\"EC2:terminateinstances\"]", RESOURCE, REST),
                400, "duplicate-entry");
        assertRefused(body(ACTION, "\"resources\":[\"arn:aws:s3:::b/k\",\"arn:aws:s3:::b/k\"]", REST),
                400, "duplicate-entry");
    }

    @Test
    void parse_shouldRefuseDuplicateKeys() {
        assertRefused(body(ACTION, RESOURCE, REST, "\"durationMinutes\":60"), 400, "invalid-json");
    }

    @Test
    void parse_shouldRefuseJustificationOf1001Characters() {
        String j = "x".repeat(1001);
        assertRefused(body(ACTION, RESOURCE, "\"durationMinutes\":30", "\"justification\":\"" + j + "\""),
                400, "invalid-field");
    }

    @Test
    void parse_shouldAcceptJustificationOf1000CodePoints_evenOutsideTheBmp() {
        String j = "\uD83D\uDE80".repeat(1000); // 1000 rockets, 2000 UTF-16 units
        NewRequest r = RequestBody.parse(body(ACTION, RESOURCE, "\"durationMinutes\":30",
                "\"justification\":\"" + j + "\""), null);

        assertEquals(1000, r.justification().codePointCount(0, r.justification().length()));
    }

    // Issue 10: "A justification of spaces around 9 characters is refused as '15 characters': count what is checked."
    @Test
    void parse_shouldReportTheLengthItChecked_whenJustificationIsShortBetweenSpaces() {
        ProblemException e = refused(body(ACTION, RESOURCE, "\"durationMinutes\":30",
                "\"justification\":\"   123456789   \""));

        assertEquals("invalid-field", e.problem().reason());
        assertTrue(e.problem().detail().contains("it has 9."), e.problem().detail());
        assertFalse(e.problem().detail().contains("15"), e.problem().detail());
    }

    @Test
    void parse_shouldReportTheWholeLength_whenJustificationIsTooLong() {
        ProblemException e = refused(body(ACTION, RESOURCE, "\"durationMinutes\":30",
                "\"justification\":\"" + "x".repeat(1001) + "\""));

        assertTrue(e.problem().detail().contains("at most 1000 characters, it is 1001"), e.problem().detail());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"short\"", "\"         x         \"", "42", "[\"a long enough reason\"]", "null"})
    void parse_shouldRefuseShortOrMistypedJustification(String value) {
        ProblemException e = refused(body(ACTION, RESOURCE, "\"durationMinutes\":30", "\"justification\":" + value));
        assertEquals(400, e.problem().status());
    }

    // security.md:36 "sizes bounded", strings checked for control characters (also bidi overrides that disguise text)
    @ParameterizedTest
    @ValueSource(strings = {"\\u0000", "\\n", "\\r", "\\t", "\\u001b[31m", "\\u202e", "\\u200b", "\\u2028",
            "\\ud800"})
    void parse_shouldRefuseControlCharacters_inAnyString(String escape) {
        assertRefused(body(ACTION, RESOURCE, "\"durationMinutes\":30",
                "\"justification\":\"Terminate the host" + escape + " now\""), 400, "control-character");
        assertRefused(body(ACTION, RESOURCE, REST, "\"ticket\":\"OPS" + escape + "1\""), 400, "control-character");
        assertRefused(body("\"actions\":[\"ec2:Terminate" + escape + "Instances\"]", RESOURCE, REST),
                400, "control-character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"30\"", "30.5", "30.0", "1e2", "0", "-5", "99999999999999999999", "2147483648",
            "1e400", "true", "null", "[30]"})
    void parse_shouldRefuseDurationThatIsNotAPositiveWholeNumber(String value) {
        ProblemException e = refused(body(ACTION, RESOURCE, "\"durationMinutes\":" + value,
                "\"justification\":\"Terminate the wedged batch host\""));
        assertEquals(400, e.problem().status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"actions\":\"ec2:TerminateInstances\"", "\"actions\":[1]", "\"actions\":[null]",
            "\"actions\":[[\"ec2:TerminateInstances\"]]", "\"actions\":{\"a\":\"ec2:TerminateInstances\"}",
            "\"actions\":[\"\"]"})
    void parse_shouldRefuseWrongTypes(String actions) {
        assertRefused(body(actions, RESOURCE, REST), 400, "invalid-field");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not json", "{", "{\"actions\":", "[]", "\"text\"", "42", "null",
            "{} {}", "{\"a\":1}/* comment */", "{'actions':[]}"})
    void parse_shouldRefuseInvalidJson(String text) {
        ProblemException e = refused(text);
        assertEquals(400, e.problem().status());
        assertTrue(List.of("invalid-json", "unknown-field").contains(e.problem().reason()), e.problem().reason());
    }

    @Test
    void parse_shouldRefuseMissingRequiredFields() {
        assertRefused(body(ACTION, RESOURCE, "\"durationMinutes\":30"), 400, "missing-field");
        assertRefused(body(ACTION, REST), 400, "missing-field");
    }

    @Test
    void parse_shouldAnswer413_whenBodyExceeds16KiB() {
        String padding = "\"ticket\":\"" + "x".repeat(17 * 1024) + "\"";

        assertRefused(body(ACTION, RESOURCE, REST, padding), 413, "body-too-large");
    }

    @Test
    void parse_shouldCountBytesNotCharacters_forTheSizeLimit() {
        // 6000 three-byte characters: 6000 chars but 18000 bytes.
        String padding = "\"ticket\":\"" + "\u20ac".repeat(6000) + "\"";

        assertRefused(body(ACTION, RESOURCE, REST, padding), 413, "body-too-large");
    }

    @Test
    void parse_shouldRefuseDeepNesting() {
        String deep = "[".repeat(5000) + "]".repeat(5000);

        assertRefused(body(ACTION, RESOURCE, REST, "\"ruleId\":" + deep), 400, "invalid-json");
    }

    @Test
    void parse_shouldAnswer415_whenContentTypeIsNotJson() {
        ProblemException e = assertThrows(ProblemException.class,
                () -> RequestBody.parse(body(ACTION, RESOURCE, REST), "application/x-www-form-urlencoded"));

        assertEquals(415, e.problem().status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"ticket\":\"\"", "\"ticket\":5", "\"startAt\":\"tomorrow\"", "\"startAt\":1732438800",
            "\"startAt\":\"2026-11-24T10:00:00\"", "\"ruleId\":\"prod ec2\"", "\"ruleId\":\"../etc\"x\"\""})
    void parse_shouldRefuseBadOptionalFields(String field) {
        ProblemException e = refused(body(ACTION, RESOURCE, REST, field));
        assertEquals(400, e.problem().status());
    }

    @Test
    void parse_shouldRefuseTicketLongerThan128() {
        assertRefused(body(ACTION, RESOURCE, REST, "\"ticket\":\"" + "T".repeat(129) + "\""), 400, "invalid-field");
    }
}
