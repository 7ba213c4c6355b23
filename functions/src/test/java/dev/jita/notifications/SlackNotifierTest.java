package dev.jita.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Against a real HTTP server on the loopback interface: what Slack's webhook endpoint answers, including nothing. */
class SlackNotifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The secret part of a webhook URL: must never show up in an error. */
    private static final String SECRET_PATH = "/services/T0001/B0002/XyZsecretWebhookPart";

    private HttpServer server;
    private ExecutorService executor;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> contentTypes = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpClient http;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        executor = Executors.newCachedThreadPool();
        server.setExecutor(executor);
        server.createContext(SECRET_PATH + "/ok", ex -> answer(ex, 200, "ok"));
        server.createContext(SECRET_PATH + "/500", ex -> answer(ex, 500, "internal_error"));
        server.createContext(SECRET_PATH + "/429", ex -> answer(ex, 429, "rate_limited"));
        server.createContext(SECRET_PATH + "/404", ex -> answer(ex, 404, "no_service"));
        server.createContext(SECRET_PATH + "/silent", ex -> {
            // Never answers in time: holds the exchange until the test is over.
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(ex, 200, "ok");
        });
        server.start();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void answer(HttpExchange ex, int status, String body) throws IOException {
        received.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private SlackNotifier notifier(String endpoint, Duration timeout) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + SECRET_PATH + "/" + endpoint);
        return new SlackNotifier(http, SlackWebhooks.of(Map.of("alice", url)), timeout);
    }

    @Test
    void send_shouldPostTheBlockKitMessage_toTheApproversWebhook() throws Exception {
        Notification n = NotifySamples.decisionNeeded();
        notifier("ok", Duration.ofSeconds(5)).send(n);
        assertEquals(1, received.size());
        assertEquals(Messages.slack(Messages.content(n)), received.get(0));
        assertEquals("application/json; charset=utf-8", contentTypes.get(0));
        JsonNode root = JSON.readTree(received.get(0));
        assertTrue(root.get("blocks").isArray());
    }

    @Test
    void send_shouldBeRetryable_whenSlackAnswers500Or429() {
        for (String endpoint : List.of("500", "429")) {
            NotificationException e = assertThrows(NotificationException.class,
                    () -> notifier(endpoint, Duration.ofSeconds(5)).send(NotifySamples.decisionNeeded()));
            assertTrue(e.retryable(), endpoint);
            assertEquals("slack", e.channel());
            assertTrue(e.getMessage().contains("HTTP " + endpoint), e.getMessage());
            assertSecretAbsent(e);
        }
    }

    @Test
    void send_shouldNotBeRetryable_whenTheWebhookIsGone() {
        NotificationException e = assertThrows(NotificationException.class,
                () -> notifier("404", Duration.ofSeconds(5)).send(NotifySamples.decisionNeeded()));
        assertFalse(e.retryable());
        assertEquals("Slack refused the message to approver alice with HTTP 404 (no_service); "
                + "check that the approver's webhook still exists.", e.getMessage());
        assertSecretAbsent(e);
    }

    @Test
    void send_shouldBeRetryable_whenSlackDoesNotAnswerInTime() {
        long start = System.nanoTime();
        NotificationException e = assertThrows(NotificationException.class,
                () -> notifier("silent", Duration.ofMillis(300)).send(NotifySamples.decisionNeeded()));
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(e.retryable());
        assertTrue(e.getMessage().startsWith("Slack did not answer within 300 ms"), e.getMessage());
        assertTrue(tookMs < 5_000, "gave up after " + tookMs + " ms");
        assertSecretAbsent(e);
    }

    @Test
    void send_shouldBeRetryable_whenNothingListens() throws IOException {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + SECRET_PATH);
        var notifier = new SlackNotifier(http, SlackWebhooks.of(Map.of("alice", closed)), Duration.ofSeconds(2));
        NotificationException e = assertThrows(NotificationException.class, () -> notifier.send(NotifySamples.decisionNeeded()));
        assertTrue(e.retryable());
        assertSecretAbsent(e);
    }

    @Test
    void reaches_shouldBeFalse_whenTheApproverHasNoWebhook() {
        SlackNotifier notifier = notifier("ok", Duration.ofSeconds(1));
        assertFalse(notifier.reaches(Recipient.email("bob", "bob@example.com")));
        assertFalse(notifier.reaches(new Recipient("bob", Optional.empty(), Optional.of("bob"))));
        assertTrue(notifier.reaches(NotifySamples.ALICE));
    }

    @Test
    void webhooks_shouldRefusePlainHttp_exceptOnLoopback_andNeverPrintTheUrl() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> SlackWebhooks.of(Map.of("alice", URI.create("http://hooks.example.com" + SECRET_PATH))));
        assertFalse(e.getMessage().contains(SECRET_PATH));
        assertFalse(SlackWebhooks.of(Map.of("alice", URI.create("https://hooks.example.com" + SECRET_PATH)))
                .toString().contains(SECRET_PATH));
    }

    private static void assertSecretAbsent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains("XyZsecret"), t.toString());
            assertFalse(t.toString().contains("XyZsecret"), t.toString());
        }
    }
}
