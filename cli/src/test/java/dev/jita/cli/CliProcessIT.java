package dev.jita.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.cli.output.Terminal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The command line as an engineer runs it: {@code ./jita <command>} in a process of its own, against
 * {@code ./jita local} in another (time x{@value #SCALE}), signing with the access keys jita local printed the
 * export lines for. Approvers act through the outbox's links over HTTP.
 */
class CliProcessIT {
    static final int SCALE = 60;
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path RULES = Path.of("src/test/resources/cli-it-rules.yaml").toAbsolutePath();
    static final Path LOGS = Path.of("target", "process-logs").toAbsolutePath();
    static final String INSTANCE = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0";
    static final String ENGINEER = "arn:aws:sts::111122223333:assumed-role/Engineer/dev";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Process local;
    static URI base;
    static Map<String, String> exports;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(LOGS);
        Path dataDir = Files.createTempDirectory("jita-cli-it-");
        Path out = LOGS.resolve("cli-it-local.out");
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("jita").toString(), "local", "--port", "0",
                "--time-scale", String.valueOf(SCALE), "--data-dir", dataDir.toString(), "--rules", RULES.toString())
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(out.toFile());
        builder.environment().put("JITA_NO_BUILD", "1");
        builder.environment().put("DDB_LOCAL_TELEMETRY", "0");
        local = builder.start();
        String banner = await("jita local up", Duration.ofSeconds(90), () -> {
            String text = read(out);
            return text.contains("export AWS_CONFIG_FILE=") ? Optional.of(text) : Optional.empty();
        });
        exports = new java.util.LinkedHashMap<>();
        Matcher export = Pattern.compile("export (\\w+)=(\\S+)").matcher(banner);
        while (export.find()) {
            exports.put(export.group(1), export.group(2));
        }
        base = URI.create(exports.get("JITA_ENDPOINT"));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (local != null) {
            local.destroy();
            if (!local.waitFor(20, TimeUnit.SECONDS)) {
                local.destroyForcibly();
            }
        }
    }

    @Test
    void requestWait_shouldExit0WithinASecondOfTheGrantBecomingActive_afterApprovalThroughTheOutboxLink() {
        Cli waiting = Cli.start("wait-approve", "request", "--profile", "jita-engineer",
                "--action", "ec2:TerminateInstances", "--resource", INSTANCE, "--for", "10m",
                "--why", "IT: approve through the outbox", "--ticket", "OPS-42", "--wait");
        String id = waiting.awaitRequestId();

        decide(id, "alice", "approve");
        Instant active = await("the request ACTIVE", Duration.ofSeconds(20),
                () -> "ACTIVE".equals(status(id)) ? Optional.of(Instant.now()) : Optional.empty());
        int exit = waiting.awaitExit(Duration.ofSeconds(10));
        Instant ended = Instant.now();

        assertEquals(0, exit, waiting.output());
        assertTrue(Duration.between(active, ended).compareTo(Duration.ofSeconds(1)) < 0,
                "returned " + Duration.between(active, ended).toMillis() + " ms after the grant was active");
        assertTrue(waiting.stdout().contains("Approvers  alice, bob (1 needed)"), waiting.stdout());
        List<String> lines = waiting.stderr().strip().lines().toList();
        assertTrue(lines.get(0).contains("pending approval: 0 of 1 approvals (alice, bob)"), waiting.stderr());
        assertTrue(lines.get(lines.size() - 1).matches(id + "  ACTIVE: \\d+m \\d+s left \\(until .+Z\\)"),
                waiting.stderr());
    }

    @Test
    void statusWatch_shouldFollowAnAutoApprovedRequestToExpired_andJsonOutputShouldParse() {
        Cli created = Cli.run("request", "--profile", "jita-engineer", "--action", "s3:GetObject",
                "--resource", "arn:aws:s3:::example-prod-reports/q3.csv", "--for", "3m",
                "--why", "IT: watch it expire", "--output", "json");
        assertEquals(0, created.exit(), created.output());
        JsonNode json = parse(created.stdout());
        String id = json.get("requestId").asText();
        assertEquals("it-reports-read", json.get("ruleId").asText());

        Cli watched = Cli.start("watch-expire", "status", id, "--watch", "--profile", "jita-engineer");
        int exit = watched.awaitExit(Duration.ofSeconds(30));

        assertEquals(0, exit, watched.output());
        List<String> lines = watched.stderr().strip().lines().toList();
        assertEquals(id + "  EXPIRED: the window ended and the grant is gone", lines.get(lines.size() - 1));
        assertTrue(lines.stream().anyMatch(l -> l.contains("ACTIVE")), "it was seen active: " + lines);

        Cli status = Cli.run("status", id, "--profile", "jita-engineer", "--output", "json");
        Cli list = Cli.run("list", "--profile", "jita-engineer", "--status", "EXPIRED", "--output", "json");
        assertEquals("EXPIRED", parse(status.stdout()).get("status").asText());
        assertEquals(ENGINEER, parse(status.stdout()).get("requester").get("arn").asText());
        assertTrue(parse(list.stdout()).isArray());
        assertTrue(list.stdout().contains(id), list.stdout());
    }

    @Test
    void requestWait_shouldExit3_whenAnApproverDenies() {
        Cli waiting = Cli.start("wait-deny", "request", "--profile", "jita-engineer",
                "--action", "ec2:TerminateInstances", "--resource", INSTANCE, "--for", "5m",
                "--why", "IT: denied through the outbox", "--wait");
        String id = waiting.awaitRequestId();

        decide(id, "bob", "deny");

        assertEquals(ExitCode.DENIED.code(), waiting.awaitExit(Duration.ofSeconds(20)), waiting.output());
        assertTrue(waiting.stderr().strip().endsWith(id + "  DENIED by bob (\"IT decides\")"), waiting.stderr());
    }

    @Test
    void requestWait_shouldExit4_whenNobodyDecidesInTime() {
        Cli waiting = Cli.start("wait-timeout", "request", "--profile", "jita-engineer",
                "--action", "ec2:RebootInstances", "--resource", INSTANCE, "--for", "5m",
                "--why", "IT: nobody will decide", "--wait");

        assertEquals(ExitCode.TIMED_OUT.code(), waiting.awaitExit(Duration.ofSeconds(30)), waiting.output());
        assertTrue(waiting.stderr().contains("TIMED_OUT: nobody decided in time"), waiting.stderr());
    }

    @Test
    void requestWait_shouldExit5_whenTheRequestIsCancelledMeanwhile() {
        Cli waiting = Cli.start("wait-cancel", "request", "--profile", "jita-engineer",
                "--action", "ec2:TerminateInstances", "--resource", INSTANCE, "--for", "5m",
                "--why", "IT: cancelled while waiting", "--wait");
        String id = waiting.awaitRequestId();

        Cli cancel = Cli.run("cancel", id, "--profile", "jita-engineer");

        assertEquals(0, cancel.exit(), cancel.output());
        assertEquals("Request " + id + " is CANCELLED.\n", cancel.stdout());
        assertEquals(ExitCode.CANCELLED.code(), waiting.awaitExit(Duration.ofSeconds(20)), waiting.output());
    }

    @Test
    void refusedRequest_shouldPrintItsReason_andExitNonZero_withoutAStackTrace() {
        Cli refused = Cli.run("request", "--profile", "jita-engineer", "--action", "iam:PassRole",
                "--resource", "arn:aws:iam::111122223333:role/jita/Engineer", "--for", "5m",
                "--why", "IT: never requestable");

        assertEquals(ExitCode.API_ERROR.code(), refused.exit(), refused.output());
        assertTrue(refused.stderr().startsWith("jita: "), refused.stderr());
        assertTrue(refused.stderr().contains("[reason: forbidden-action, HTTP 403]"), refused.stderr());
        assertEquals(1, refused.stderr().strip().lines().count(), refused.stderr());
        assertFalse(refused.output().contains("at dev.jita") || refused.output().contains("Exception"),
                refused.output());
    }

    /**
     * What a person sees: on a real pseudo-terminal (script(1)) the progress line is rewritten in place while the
     * request waits, and once approved the screen holds the request's facts and one line: ACTIVE.
     */
    @Test
    void requestWait_onATerminal_shouldRewriteOneProgressLine_endingActive() {
        Cli onTty = Cli.startOnTerminal("wait-tty", "request", "--profile", "jita-engineer",
                "--action", "ec2:TerminateInstances", "--resource", INSTANCE, "--for", "10m",
                "--why", "IT: on a terminal", "--wait");
        String id = onTty.awaitRequestId();
        // Two ticks of the pending line drawn over each other before anyone decides.
        await("the pending line redrawn", Duration.ofSeconds(15), () -> onTty.stdout().split("\r" + id
                + "  pending approval", -1).length > 2 ? Optional.of(true) : Optional.empty());

        decide(id, "alice", "approve");

        assertEquals(0, onTty.awaitExit(Duration.ofSeconds(30)), onTty.output());
        List<String> screen = Terminal.screen(onTty.stdout());
        String shown = String.join("\n", screen);
        assertEquals("Request    " + id, screen.get(0), shown);
        String last = screen.get(screen.size() - 1);
        assertTrue(last.matches(id + "  ACTIVE: (10m 0s|9m \\d+s) left \\(until .+Z\\) *"), shown);
        assertFalse(shown.contains("pending approval"), "the pending line was drawn over:\n" + shown);
        assertEquals(1, screen.stream().filter(l -> l.startsWith(id)).count(), shown);
    }

    // --- the approver, through the outbox link, as a browser would post the confirm form

    static void decide(String requestId, String approver, String decision) {
        String link = await(approver + "'s link in the outbox", Duration.ofSeconds(15), () -> {
            Matcher a = Pattern.compile("data-request=\"" + requestId + "\" data-approver=\"" + approver
                    + "\" href=\"([^\"]+)\"").matcher(get("/local/outbox", null).body());
            return a.find() ? Optional.of(a.group(1).replace("&amp;", "&")) : Optional.empty();
        });
        HttpResponse<String> confirm = send(HttpRequest.newBuilder(URI.create(link)).GET().build());
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(confirm.body());
        assertTrue(csrf.find(), confirm.body());
        String form = "decision=" + decision + "&comment=" + URLEncoder.encode("IT decides", StandardCharsets.UTF_8)
                + "&csrf=" + URLEncoder.encode(csrf.group(1).replace("&amp;", "&"), StandardCharsets.UTF_8);
        HttpResponse<String> posted = send(HttpRequest.newBuilder(URI.create(link))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        assertEquals(200, posted.statusCode(), posted.body());
    }

    static String status(String id) {
        return parse(get("/requests/" + id, ENGINEER).body()).path("status").asText();
    }

    static HttpResponse<String> get(String path, String principal) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).GET();
        if (principal != null) {
            request.header("X-Jita-Principal", principal);
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static <T> T await(String what, Duration timeout, Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            try {
                Thread.sleep(25); // polling a process we do not control
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError(what + " not within " + timeout);
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** {@code ./jita <args>} with jita local's exports, as the banner tells a person to set them. */
    record Cli(Process process, Path out, Path err, int exitCode) {
        private static int counter;

        static synchronized Cli start(String name, String... args) {
            List<String> command = new ArrayList<>(List.of(ROOT.resolve("jita").toString()));
            command.addAll(List.of(args));
            return launch(name + "-" + (++counter), command);
        }

        /** Under script(1): stdin, stdout and stderr are one pseudo-terminal, everything lands in stdout. */
        static synchronized Cli startOnTerminal(String name, String... args) {
            StringBuilder line = new StringBuilder(quote(ROOT.resolve("jita").toString()));
            for (String arg : args) {
                line.append(' ').append(quote(arg));
            }
            return launch(name + "-" + (++counter), List.of("script", "-qefc", line.toString(), "/dev/null"));
        }

        static Cli run(String... args) {
            Cli cli = start(args[0], args);
            int exit = cli.awaitExit(Duration.ofSeconds(30));
            return new Cli(cli.process, cli.out, cli.err, exit);
        }

        private static Cli launch(String name, List<String> command) {
            Path out = LOGS.resolve("cli-" + name + ".out");
            Path err = LOGS.resolve("cli-" + name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("JITA_"));
            env.putAll(exports);
            env.put("JITA_NO_BUILD", "1");
            env.put("HOME", LOGS.toString()); // no config file of the person running the build
            try {
                return new Cli(builder.start(), out, err, -1);
            } catch (IOException e) {
                throw new UncheckedIOException("could not start " + command, e);
            }
        }

        int awaitExit(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("still running after " + timeout + ":\n" + output());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** The id the table output prints first ("Request    r-..."). */
        String awaitRequestId() {
            return await("the request id on stdout", Duration.ofSeconds(20), () -> {
                Matcher id = Pattern.compile("Request +(r-[a-z0-9]+)").matcher(stdout());
                if (!id.find() && !process.isAlive()) {
                    throw new AssertionError("ended before printing a request id:\n" + output());
                }
                return id.find(0) ? Optional.of(id.group(1)) : Optional.empty();
            });
        }

        int exit() {
            return exitCode;
        }

        String stdout() {
            return read(out);
        }

        String stderr() {
            return read(err);
        }

        String output() {
            return "stdout:\n" + stdout() + "\nstderr:\n" + stderr();
        }

        private static String quote(String s) {
            return "'" + s.replace("'", "'\\''") + "'";
        }
    }
}
