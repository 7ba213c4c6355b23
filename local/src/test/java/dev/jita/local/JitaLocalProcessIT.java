package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * jita local as a user meets it: {@code ./jita local} in a process of its own, the API driven over HTTP, the approver
 * played in Debian's headless Chromium through Selenium. Time runs {@value #SCALE} times faster, so a 5-minute
 * window ends 3 s after the approval: the grant must appear in /local/iam and vanish on time, with nobody driving
 * the workflow.
 */
class JitaLocalProcessIT {
    static final int SCALE = 100;
    static final Path RULES = Path.of("src/test/resources/process-it-rules.yaml").toAbsolutePath();
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String ENGINEER = "arn:aws:sts::111122223333:assumed-role/Engineer/";
    private static final ObjectMapper JSON = new ObjectMapper();

    static JitaProcess jita;
    static URI base;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        jita = JitaProcess.start("process-it", "--port", "0", "--time-scale", String.valueOf(SCALE),
                "--rules", RULES.toString());
        base = jita.awaitReady(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (jita != null) {
            jita.close();
        }
    }

    @Test
    void approverInChromium_shouldApproveFromTheOutboxLink_andTheGrantShouldComeAndGoOnTime() throws IOException {
        requireChromium();
        WebDriver browser = chromium();
        try {
            Answer created = post("/requests", ENGINEER + "it-browser", """
                    {"actions": ["ec2:TerminateInstances"],
                     "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0"],
                     "durationMinutes": 5, "justification": "IT: terminate the wedged test host", "ticket": "OPS-42"}
                    """);
            assertEquals(202, created.status(), created.text());
            String id = created.json().get("requestId").asText();
            assertEquals("PENDING_APPROVAL", created.json().get("status").asText());

            // The approver opens the outbox, takes alice's link, and opens it.
            String link = await("alice's link in the outbox", Duration.ofSeconds(15), () -> {
                browser.get(base + "/local/outbox");
                return browser.findElements(By.cssSelector("a.approval-link[data-request='" + id
                        + "'][data-approver='alice']")).stream().findFirst().map(a -> a.getAttribute("href"));
            });
            assertTrue(link.startsWith(base + "/approvals/v1."), link);
            browser.get(link);
            String confirm = browser.findElement(By.tagName("main")).getText();
            for (String fact : List.of("ec2:TerminateInstances",
                    "arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0",
                    "IT: terminate the wedged test host", "OPS-42", "it-browser", "5 min")) {
                assertTrue(confirm.contains(fact), "the confirm page shows " + fact + ":\n" + confirm);
            }
            screenshot(browser, "confirm.png");
            assertEquals("PENDING_APPROVAL", status(id), "opening the link changes nothing");

            browser.findElement(By.id("comment")).sendKeys("Checked, go ahead");
            Instant clicked = Instant.now();
            browser.findElement(By.cssSelector("button.approve")).click();
            String result = await("the result page", Duration.ofSeconds(15), () -> {
                // While the POST navigates, the document may have no <main> yet, or lose the one just found: look
                // again rather than fail.
                try {
                    List<WebElement> main = browser.findElements(By.tagName("main"));
                    return !main.isEmpty() && browser.findElements(By.cssSelector("button.approve")).isEmpty()
                            ? Optional.of(main.get(0).getText()) : Optional.empty();
                } catch (StaleElementReferenceException navigating) {
                    return Optional.empty();
                }
            });
            Instant decided = Instant.now();
            assertTrue(result.contains("Your approval was recorded"), "the result page says so:\n" + result);
            screenshot(browser, "result.png");

            // The window (5 minutes at x100: 3 s) starts at the approval; the interpreter runs it on its own.
            String policy = "data-policy=\"jita-" + id + "\"";
            await("the grant in /local/iam", Duration.ofSeconds(10),
                    () -> get("/local/iam", null).text().contains(policy) ? Optional.of(true) : Optional.empty());
            Instant gone = await("the grant gone from /local/iam", Duration.ofSeconds(30),
                    () -> get("/local/iam", null).text().contains(policy) ? Optional.empty()
                            : Optional.of(Instant.now()));
            Duration window = Duration.ofMinutes(5).dividedBy(SCALE);
            assertFalse(gone.isBefore(clicked.plus(window).minusMillis(100)),
                    "the grant lasted its window: gone " + Duration.between(clicked, gone) + " after the click");
            assertTrue(gone.isBefore(decided.plus(window).plusSeconds(5)),
                    "the grant went when its window ended: gone " + Duration.between(decided, gone) + " after");

            JsonNode detail = await("the request EXPIRED", Duration.ofSeconds(10), () -> {
                JsonNode json = get("/requests/" + id, ENGINEER + "it-browser").json();
                return "EXPIRED".equals(json.path("status").asText()) ? Optional.of(json) : Optional.empty();
            });
            List<String> timeline = new ArrayList<>();
            detail.get("timeline").forEach(e -> timeline.add(e.get("type").asText()));
            assertEquals(List.of("REQUESTED", "NOTIFIED", "APPROVAL_RECORDED", "APPROVED", "GRANTED", "EXPIRED"),
                    timeline);
            assertTrue(get("/local/requests", null).text().contains(id), "/local/requests lists the request");
        } finally {
            browser.quit();
        }
    }

    @Test
    void unknownRoute_shouldAnswer404ProblemJson() {
        Answer answer = get("/no/such/route", ENGINEER + "it-routes");

        assertEquals(404, answer.status());
        assertEquals("application/problem+json", answer.contentType());
        assertEquals("not-found", answer.json().get("reason").asText());
        assertEquals(404, answer.json().get("status").asInt());
    }

    /** design.md, "Identities": a request without a principal gets 403, as API Gateway's IAM auth would. */
    @Test
    void engineerRoute_shouldAnswer403ProblemJson_withoutXJitaPrincipal() {
        Answer post = post("/requests", null, "{}");
        Answer list = get("/requests", null);
        Answer unknownRole = get("/requests", "arn:aws:sts::111122223333:assumed-role/NoSuchRole/x1");

        for (Answer answer : List.of(post, list, unknownRole)) {
            assertEquals(403, answer.status(), answer.text());
            assertEquals("application/problem+json", answer.contentType());
        }
        assertEquals("missing-principal", post.json().get("reason").asText());
        assertEquals("unknown-principal", unknownRole.json().get("reason").asText());
    }

    @Test
    void engineerRoute_shouldSeeTheCallerFromXJitaPrincipal_andEveryValueOfARepeatedQueryParameter() {
        Answer mine = get("/requests?limit=5&status=ACTIVE", ENGINEER + "it-identity");
        Answer repeated = get("/requests?status=ACTIVE&status=EXPIRED", ENGINEER + "it-identity");

        assertEquals(200, mine.status(), mine.text());
        assertTrue(mine.json().get("items").isArray());
        // Intake refuses a repeated parameter: it can only know from multiValueQueryStringParameters.
        assertEquals(400, repeated.status(), repeated.text());
        assertTrue(repeated.json().get("detail").asText().contains("'status' was given 2 times"), repeated.text());
    }

    @Test
    void bodyOver64KiB_shouldAnswer413ProblemJson() {
        Answer answer = post("/requests", ENGINEER + "it-big", "{\"justification\": \"" + "x".repeat(70_000) + "\"}");

        assertEquals(413, answer.status());
        assertEquals("application/problem+json", answer.contentType());
    }

    @Test
    void samePortTwice_shouldFailWithOneSentence_andExitNonZero() {
        try (JitaProcess second = JitaProcess.start("same-port", "--port", String.valueOf(base.getPort()),
                "--rules", RULES.toString())) {
            Optional<Integer> exit = second.awaitExit(Duration.ofSeconds(60));

            assertTrue(exit.isPresent(), "the second jita local gives up instead of running");
            assertEquals(1, exit.get());
            assertTrue(second.stderr().contains("port " + base.getPort() + " on 127.0.0.1 is already in use"),
                    second.stderr());
            assertEquals(1, second.stderr().strip().lines().count(), "one sentence: " + second.stderr());
        }
        assertEquals(200, get("/", null).status(), "the first one still serves");
    }

    /** design.md, "Rules": a bad rules file fails loudly at jita local start, naming file, rule and field. */
    @Test
    void badRulesFile_shouldPrintTheLoadersError_andExitNonZero() {
        Path bad = Path.of("src/test/resources/bad-rules.yaml").toAbsolutePath();
        try (JitaProcess process = JitaProcess.start("bad-rules", "--port", "0", "--rules", bad.toString())) {
            Optional<Integer> exit = process.awaitExit(Duration.ofSeconds(60));

            assertTrue(exit.isPresent(), "jita local stops at a bad rules file");
            assertEquals(1, exit.get());
            String err = process.stderr();
            assertTrue(err.contains("bad-rules.yaml"), "names the file: " + err);
            assertTrue(err.contains("rule 'too-much'"), "names the rule: " + err);
            assertTrue(err.contains("field 'actions"), "names the field: " + err);
            assertFalse(process.stdout().contains(dev.jita.local.cli.Main.READY), "never came up");
        }
    }

    @Test
    void ctrlC_shouldStopEverything_andExitZero() {
        try (JitaProcess process = JitaProcess.start("ctrl-c", "--port", "0", "--rules", RULES.toString())) {
            URI url = process.awaitReady(Duration.ofSeconds(90));
            assertEquals(200, get(url, "/local/iam", null).status());
            // A JVM started from a non-interactive shell's background job inherits SIGINT ignored: then TERM.
            String signal = process.ignores(2) ? "TERM" : "INT";

            process.signal(signal);
            Optional<Integer> exit = process.awaitExit(Duration.ofSeconds(30));

            assertEquals(Optional.of(0), exit, "SIG" + signal + " ends jita local with 0:\n" + process.stdout());
            assertTrue(process.stdout().contains("jita local: stopped."), process.stdout());
        }
    }

    @Test
    void dataDir_shouldKeepRequestsAndTheLinkKey_acrossARestart() throws IOException {
        Path dir = Files.createTempDirectory("jita-it-data-");
        String id;
        String link;
        try (JitaProcess first = JitaProcess.start("data-dir-1", "--port", "0", "--data-dir", dir.toString(),
                "--rules", RULES.toString())) {
            URI url = first.awaitReady(Duration.ofSeconds(90));
            Answer created = send(HttpRequest.newBuilder(URI.create(url + "/requests"))
                    .header("X-Jita-Principal", ENGINEER + "it-restart").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("""
                            {"actions": ["ec2:TerminateInstances"],
                             "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef1"],
                             "durationMinutes": 5, "justification": "IT: kept across a restart"}""")).build());
            assertEquals(202, created.status(), created.text());
            id = created.json().get("requestId").asText();
            String requestId = id;
            link = await("a link in the outbox", Duration.ofSeconds(15), () -> java.util.regex.Pattern
                    .compile("href=\"(http[^\"]+/approvals/[^\"]+)\"").matcher(get(url, "/local/outbox", null).text())
                    .results().map(m -> m.group(1)).filter(l -> !l.isEmpty() && requestId != null).findFirst());
        }
        assertTrue(Files.isRegularFile(dir.resolve("link-key.json")), "the key is kept in the data directory");

        try (JitaProcess second = JitaProcess.start("data-dir-2", "--port", "0", "--data-dir", dir.toString(),
                "--rules", RULES.toString())) {
            URI url = second.awaitReady(Duration.ofSeconds(90));
            Answer again = get(url, "/requests/" + id, ENGINEER + "it-restart");
            assertEquals(200, again.status(), again.text());
            assertEquals(id, again.json().get("requestId").asText());
            // Same key: the link signed before the restart still opens its confirm page (on the new port).
            String path = URI.create(link).getRawPath();
            Answer confirm = get(url, path, null);
            assertEquals(200, confirm.status(), "the request is " + again.text());
            assertTrue(confirm.text().contains("IT: kept across a restart"), confirm.text());
        }
    }

    /**
     * Issue 10: with --time-scale, jita's time goes on from where it was after a restart (links minted before are not
     * "not yet valid", audit times never go back), and the data directory is readable by its owner only, even one an
     * earlier jita local left readable.
     */
    @Test
    void dataDir_shouldKeepScaledTimeGoingForward_acrossARestart_andBeOwnerOnly() throws IOException {
        Path dir = Files.createTempDirectory("jita-it-clock-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String[] args = {"--port", "0", "--data-dir", dir.toString(), "--time-scale", "1000", "--rules",
                RULES.toString()};
        String first;
        String link;
        Instant stoppedAt;
        Instant lastBefore;
        try (JitaProcess process = JitaProcess.start("clock-1", args)) {
            URI url = process.awaitReady(Duration.ofSeconds(90));
            // Far enough ahead of the wall clock that a restart at the wall clock would be plain to see (links
            // allow 5 minutes of skew): an hour of jita's time is 3.6 s at x1000.
            await("jita's time an hour ahead", Duration.ofSeconds(30), () -> jitaTime(url)
                    .isAfter(Instant.now().plus(Duration.ofHours(1))) ? Optional.of(true) : Optional.empty());
            first = create(url, "it-clock-1");
            link = await("the link in the outbox", Duration.ofSeconds(15), () -> java.util.regex.Pattern
                    .compile("data-request=\"" + first + "\"[^>]*href=\"(http[^\"]+/approvals/[^\"]+)\"")
                    .matcher(get(url, "/local/outbox", null).text()).results().map(m -> m.group(1)).findFirst());
            List<Instant> before = timeline(url, first, "it-clock-1");
            lastBefore = before.get(before.size() - 1);
            stoppedAt = jitaTime(url);
        }
        assertEquals("rwx------", mode(dir), "the data directory is its owner's only");
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                assertTrue(mode(file).endsWith("------"), file + " is " + mode(file));
            }
        }

        try (JitaProcess process = JitaProcess.start("clock-2", args)) {
            URI url = process.awaitReady(Duration.ofSeconds(90));
            Instant resumed = jitaTime(url);
            assertFalse(resumed.isBefore(stoppedAt), "jita's time went on: " + resumed + " after " + stoppedAt);
            Answer confirm = get(url, URI.create(link).getRawPath(), null);
            assertEquals(200, confirm.status(), "the link minted before the restart still opens: " + confirm.text());

            // The last entry written before the restart: the sweeper may add to the first request's timeline now.
            String second = create(url, "it-clock-2");
            Instant firstAfter = timeline(url, second, "it-clock-2").get(0);
            assertTrue(firstAfter.isAfter(lastBefore), "audit times go forward: " + firstAfter + " after "
                    + lastBefore);
        }
    }

    static Instant jitaTime(URI url) {
        java.util.regex.Matcher time = java.util.regex.Pattern.compile("jita's time now: <code>([^<]+)</code>")
                .matcher(get(url, "/", null).text());
        assertTrue(time.find(), "the index page says what time it is for jita");
        return Instant.parse(time.group(1));
    }

    static String create(URI url, String session) {
        Answer created = send(HttpRequest.newBuilder(URI.create(url + "/requests"))
                .header("X-Jita-Principal", ENGINEER + session).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"actions": ["ec2:TerminateInstances"],
                         "resources": ["arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef2"],
                         "durationMinutes": 5, "justification": "IT: jita's time across a restart"}""")).build());
        assertEquals(202, created.status(), created.text());
        return created.json().get("requestId").asText();
    }

    /** The times of a request's audit entries, in order. */
    static List<Instant> timeline(URI url, String id, String session) {
        List<Instant> times = new ArrayList<>();
        get(url, "/requests/" + id, ENGINEER + session).json().get("timeline")
                .forEach(e -> times.add(Instant.parse(e.get("at").asText())));
        return times;
    }

    static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @Test
    void unknownOption_shouldSayWhatWasWrong_andExit2() {
        try (JitaProcess process = JitaProcess.start("bad-option", "--prot", "8080")) {
            assertEquals(Optional.of(2), process.awaitExit(Duration.ofSeconds(60)));
            assertTrue(process.stderr().contains("unknown option '--prot'"), process.stderr());
        }
    }

    // --- helpers

    record Answer(int status, String contentType, String text) {
        JsonNode json() {
            try {
                return JSON.readTree(text);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + text, e);
            }
        }
    }

    static Answer get(String path, String principal) {
        return get(base, path, principal);
    }

    static Answer get(URI at, String path, String principal) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(at + path)).GET();
        if (principal != null) {
            request.header("X-Jita-Principal", principal);
        }
        return send(request.build());
    }

    static Answer post(String path, String principal, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (principal != null) {
            request.header("X-Jita-Principal", principal);
        }
        return send(request.build());
    }

    static String status(String id) {
        return get("/requests/" + id, ENGINEER + "it-browser").json().get("status").asText();
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls {@code probe} until it gives a value, every 50 ms, failing after {@code timeout}. */
    static <T> T await(String what, Duration timeout, java.util.function.Supplier<Optional<T>> probe) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (Instant.now().isAfter(deadline)) {
                fail("no " + what + " within " + timeout + "; jita local said:\n" + tail(jita.stdout()));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }

    /** CI must run the browser test; elsewhere a missing browser skips it with the command that installs one. */
    static void requireChromium() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String missing = "Debian's chromium and chromium-driver are needed (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): install them with: sudo apt-get install -y chromium chromium-driver";
        if (System.getenv("CI") != null) {
            fail(missing);
        }
        Assumptions.assumeTrue(false, missing);
    }

    /** Headless Chromium with the given binaries, so Selenium Manager never looks for (or downloads) a browser. */
    static WebDriver chromium() throws IOException {
        Path profile = Files.createTempDirectory("jita-it-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-component-update", "--disable-sync",
                "--window-size=1100,1000", "--user-data-dir=" + profile);
        return new ChromeDriver(service, options);
    }

    static void screenshot(WebDriver browser, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
}
