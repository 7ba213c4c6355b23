package dev.jita.cli.commands;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.cli.Environment;
import dev.jita.cli.api.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The commands on a scripted transport: what they print and how they exit. */
class JitaCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Deque<Transport.Response> answers = new ArrayDeque<>();
    private final List<String> calls = new ArrayList<>();

    record Run(int exit, String out, String err) {
    }

    @Test
    void refusedRequest_shouldPrintTheDetailAndReason_noStackTrace_andExit1() {
        answer(403, Map.of("Content-Type", "application/problem+json"), """
                {"type":"tag:jita.dev,2026:problem:forbidden-action","title":"Forbidden","status":403,
                 "detail":"'iam:PassRole' is never requestable; ask an administrator instead.",
                 "reason":"forbidden-action"}""");

        Run run = run("request", "--action", "iam:PassRole", "--resource", "arn:aws:iam::111122223333:role/x",
                "--for", "30m", "--why", "Needs to pass a role");

        assertEquals(1, run.exit());
        assertEquals("jita: 'iam:PassRole' is never requestable; ask an administrator instead. [reason:"
                + " forbidden-action, HTTP 403]\n", run.err());
        assertFalse(run.err().contains("Exception"), run.err());
    }

    @Test
    void apiGatewaysOwnRefusal_shouldShowItsMessage_andErrorTypeAsTheReason() {
        answer(403, Map.of("x-amzn-ErrorType", "UnrecognizedClientException"),
                "{\"message\":\"The security token included in the request is invalid.\"}");

        Run run = run("list");

        assertEquals(1, run.exit());
        assertEquals("jita: The security token included in the request is invalid. [reason:"
                + " UnrecognizedClientException, HTTP 403]\n", run.err());
    }

    @Test
    void list_shouldFollowTheCursor_upToTheLimit() {
        answer(200, Map.of(), "{\"items\":[" + item("r-3") + "," + item("r-2") + "],\"nextCursor\":\"c1\"}");
        answer(200, Map.of(), "{\"items\":[" + item("r-1") + "],\"nextCursor\":\"c2\"}");

        Run run = run("list", "--limit", "3", "--output", "json");

        assertEquals(0, run.exit(), run.err());
        JsonNode items = parse(run.out());
        assertEquals(3, items.size());
        assertEquals("r-3", items.get(0).get("requestId").asText());
        assertEquals(List.of("GET /requests {limit=3}", "GET /requests {limit=1, cursor=c1}"), calls);
    }

    @Test
    void requestWait_shouldExitWithTheEndsCode_afterShowingProgress() {
        answer(202, Map.of(), "{\"requestId\":\"r-1\",\"status\":\"PENDING_APPROVAL\",\"ruleId\":\"x\","
                + "\"approvalsRequired\":1,\"approvers\":[\"alice\"],\"durationMinutes\":30}");
        answer(200, Map.of(), "{\"requestId\":\"r-1\",\"status\":\"PENDING_APPROVAL\",\"approvalsRequired\":1,"
                + "\"approvers\":[\"alice\"],\"approvals\":[]}");
        answer(200, Map.of(), "{\"requestId\":\"r-1\",\"status\":\"DENIED\",\"approvals\":[{\"approverId\":\"alice\","
                + "\"decision\":\"DENY\",\"at\":\"2026-11-03T10:00:00Z\",\"comment\":\"not now\"}]}");

        Run run = run("request", "--action", "ec2:StopInstances", "--resource",
                "arn:aws:ec2:eu-west-1:111122223333:instance/i-1", "--for", "30m", "--why", "Stop the batch host",
                "--wait");

        assertEquals(3, run.exit(), run.err());
        assertTrue(run.out().contains("Request    r-1"), run.out());
        assertEquals("r-1  pending approval: 0 of 1 approvals (alice)  [0s]\n"
                + "r-1  DENIED by alice (\"not now\")\n", run.err());
    }

    @Test
    void badDuration_shouldBeAUsageError_exit2_beforeAnyCall() {
        Run run = run("request", "--action", "ec2:StopInstances", "--resource", "arn:x", "--for", "soon",
                "--why", "Stop the batch host");

        assertEquals(2, run.exit());
        assertTrue(run.err().contains("'soon' is not a duration"), run.err());
        assertTrue(calls.isEmpty());
    }

    @Test
    void noEndpoint_shouldSayWhereToSetIt_andExit7() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = JitaCommand.commandLine(new Environment(Map.of("HOME", "/nonexistent"), e -> {
            throw new AssertionError("no transport without an endpoint");
        }, Clock.systemUTC(), false, Duration.ZERO));
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));

        int exit = line.execute("status", "r-1");

        assertEquals(7, exit);
        assertTrue(err.toString().contains("JITA_ENDPOINT"), err.toString());
    }

    @Test
    void verifyFromExport_shouldAskForTheExport_showWhereTheSourcesDiffer_andExit8() {
        answer(200, Map.of(), """
                {"requestId":"r-1","agree":false,"firstDifferentSeq":4,"firstDifferentChain":"r-1",
                 "sources":{"table":{"valid":true,"events":6},"export":{"valid":true,"events":6}},
                 "differences":[{"chain":"r-1","seq":4,"kind":"DIFFERS"}]}
                """);

        Run run = run("verify", "r-1", "--source", "export");

        assertEquals(8, run.exit(), run.err());
        assertEquals(List.of("GET /audit/verify {requestId=r-1, source=export}"), calls);
        assertTrue(run.out().contains("Agree      NO: they first differ at seq 4 of chain r-1"), run.out());
        assertTrue(run.out().contains("Table      holds, 6 events"), run.out());
        assertTrue(run.out().contains("Difference chain r-1, seq 4: DIFFERS"), run.out());
    }

    @Test
    void verifyFromExport_shouldExit0_andPrintTheApisJson_whenTheSourcesAgree() {
        answer(200, Map.of(), """
                {"requestId":"r-1","agree":true,"sources":{"table":{"valid":true,"events":6},
                 "export":{"valid":true,"events":6}},"differences":[]}
                """);

        Run run = run("verify", "r-1", "--source", "export", "--output", "json");

        assertEquals(0, run.exit(), run.err());
        assertTrue(parse(run.out()).get("agree").asBoolean());
    }

    @Test
    void verify_shouldReadTheTable_withoutASource_andRefuseAnUnknownSource() {
        answer(200, Map.of(), "{\"requestId\":\"r-1\",\"valid\":true,\"events\":6}");

        Run table = run("verify", "r-1");
        Run unknown = run("verify", "r-1", "--source", "s3");

        assertEquals(0, table.exit(), table.err());
        assertEquals(List.of("GET /audit/verify {requestId=r-1}"), calls);
        assertEquals(2, unknown.exit());
    }

    @Test
    void everyCommandsHelp_shouldListTheExitCodes_andShowExamples() {
        for (String command : List.of("request", "status", "list", "cancel", "revoke", "audit", "verify")) {
            Run run = run("help", command);
            assertTrue(run.out().contains("Exit codes:") && run.out().contains("3   an approver denied"), command
                    + ":\n" + run.out());
            assertTrue(run.out().contains("Example"), command);
        }
    }

    @Test
    void completion_shouldPrintPicocliScripts_forBashAndZsh() {
        Run bash = run("completion", "bash");
        Run zsh = run("completion", "zsh");

        assertEquals(0, bash.exit());
        assertTrue(bash.out().contains("complete -F") && bash.out().contains("request"), bash.out());
        assertTrue(zsh.out().contains("bashcompinit"), zsh.out());
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Environment env = new Environment(Map.of("HOME", "/nonexistent", "JITA_ENDPOINT", "http://127.0.0.1:1"),
                e -> (method, path, query, body, headers) -> {
                    Map<String, String> sent = new java.util.LinkedHashMap<>();
                    query.forEach((k, v) -> {
                        if (v != null) {
                            sent.put(k, v);
                        }
                    });
                    calls.add(method + " " + path + (sent.isEmpty() ? "" : " " + sent));
                    return answers.removeFirst();
                }, Clock.fixed(Instant.parse("2026-11-03T10:00:00Z"), ZoneOffset.UTC), false, Duration.ZERO);
        CommandLine line = JitaCommand.commandLine(env);
        line.setOut(new PrintWriter(out));
        line.setErr(new PrintWriter(err));
        int exit = line.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private void answer(int status, Map<String, String> headers, String body) {
        answers.add(new Transport.Response(status, headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String item(String id) {
        return "{\"requestId\":\"" + id + "\",\"status\":\"ACTIVE\",\"ruleId\":\"x\",\"actions\":[\"s3:GetObject\"],"
                + "\"createdAt\":\"2026-11-03T10:00:00Z\"}";
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
