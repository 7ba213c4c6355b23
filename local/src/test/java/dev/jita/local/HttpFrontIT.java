package dev.jita.local;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.local.http.HttpFront;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * jita local's HTTP front against what a hostile local process or a web page can send (issue 10): requests sent by
 * halves that would hold every thread, oversized headers, and requests addressed to another name (DNS rebinding).
 * In process, real time, {@value JitaLocalServer#DEFAULT_THREADS} handler threads as {@code ./jita local} runs.
 */
class HttpFrontIT {
    static final String ENGINEER = "arn:aws:sts::111122223333:assumed-role/Engineer/";
    static final String CREATE = """
            {"actions":["ec2:TerminateInstances"],
             "resources":["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"],
             "durationMinutes":30,"justification":"Terminate the wedged batch host, see OPS-1234"}""";
    private static final ObjectMapper JSON = new ObjectMapper();

    static JitaLocalServer server;
    static int port;

    @BeforeAll
    static void start() {
        server = JitaLocalServer.start(new JitaLocalServer.Settings(0, null, 1, null,
                JitaLocalServer.DEFAULT_THREADS));
        port = server.baseUrl().getPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void halfSentRequests_shouldNotHoldUpAFreshRequest_andTheServerShouldCloseThem() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            Instant opened = Instant.now();
            for (int i = 0; i < 40; i++) {
                slow.add(send("GET /local/iam HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Half: sent"));
            }
            for (int i = 0; i < 40; i++) {
                slow.add(send("POST /requests HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Jita-Principal: "
                        + ENGINEER + "it-slow-" + i + "\r\nContent-Type: application/json\r\nContent-Length: 1000"
                        + "\r\n\r\n{"));
            }
            for (int i = 0; i < 10; i++) {
                slow.add(send("")); // connects, sends nothing
            }

            // A new client on a fresh connection is answered at once, long before the slow ones are closed.
            Duration promptly = HttpFront.MAX_REQUEST_TIME.dividedBy(2);
            HttpClient fresh = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> answer;
            try {
                answer = fresh.sendAsync(HttpRequest.newBuilder(server.baseUrl().resolve("/local/iam")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).get(promptly.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("a fresh request was not answered within " + promptly + " while "
                        + slow.size() + " connections sent half a request", e);
            }
            assertEquals(200, answer.statusCode());

            // The server closes every one of them once MAX_REQUEST_TIME has passed (it checks every second).
            Instant bound = opened.plus(HttpFront.MAX_REQUEST_TIME).plusSeconds(5);
            for (Socket socket : slow) {
                String got = readUntilClosed(socket, bound);
                assertFalse(got.contains(" 200 ") || got.contains(" 202 "), "nothing half-sent is served: " + got);
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    @Test
    void headersOver16KiB_shouldBeRefused_withoutAnAnswer() throws IOException {
        Raw big = raw("GET /local/iam HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Big: " + "a".repeat(20_000)
                + "\r\nConnection: close\r\n\r\n");
        Raw fine = raw("GET /local/iam HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nX-Fine: " + "a".repeat(8_000)
                + "\r\nConnection: close\r\n\r\n");

        assertTrue(big.status() == -1 || big.status() == 431, "closed (or 431), got " + big.text());
        assertEquals(200, fine.status(), "8 KiB of headers are served");
    }

    @Test
    void foreignHost_shouldBeRefusedOnEveryRouteAndPage_andChangeNothing() throws Exception {
        String session = "it-rebind-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> foreign = List.of("evil.example:" + port, "evil.example", "127.0.0.1:9999", "localhost",
                "127.0.0.1:" + port + ".evil.example");
        for (String host : foreign) {
            Raw create = raw("POST /requests HTTP/1.1\r\nHost: " + host + "\r\nX-Jita-Principal: " + ENGINEER + session
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + CREATE.getBytes(UTF_8).length
                    + "\r\nConnection: close\r\n\r\n" + CREATE);
            assertEquals(421, create.status(), host + ": " + create.text());
            assertTrue(create.text().contains("misdirected-request"), create.text());
            for (String path : List.of("/", "/local/outbox", "/local/requests", "/requests", "/approvals/v1.x.y")) {
                Raw get = raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nX-Jita-Principal: " + ENGINEER
                        + session + "\r\nConnection: close\r\n\r\n");
                assertEquals(421, get.status(), host + " " + path + ": " + get.text());
            }
        }
        Raw noHost = raw("GET /local/outbox HTTP/1.1\r\nConnection: close\r\n\r\n");
        Raw noHost10 = raw("GET /local/outbox HTTP/1.0\r\n\r\n");
        Raw twoHosts = raw("GET /local/outbox HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nHost: evil.example\r\n"
                + "Connection: close\r\n\r\n");
        Raw absolute = raw("GET http://evil.example/local/outbox HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(400, noHost.status(), noHost.text());
        assertEquals(400, noHost10.status(), noHost10.text());
        assertEquals(400, twoHosts.status(), twoHosts.text());
        assertEquals(421, absolute.status(), absolute.text());

        HttpResponse<String> mine = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.baseUrl().resolve("/requests")).header("X-Jita-Principal", ENGINEER + session).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, mine.statusCode(), mine.body());
        assertEquals(0, JSON.readTree(mine.body()).get("items").size(), "no request was created: " + mine.body());
    }

    @Test
    void loopbackHost_shouldBeServed_byNameOrAddress() throws IOException {
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port)) {
            Raw home = raw("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
            assertEquals(200, home.status(), host + ": " + home.text());
        }
        Raw absolute = raw("GET http://localhost:" + port + "/ HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, absolute.status(), absolute.text());
    }

    @Test
    void paths_shouldRouteByDecodedSegment_andAnswerTheRestWithProblems() throws IOException {
        String host = "Host: 127.0.0.1:" + port + "\r\nX-Jita-Principal: " + ENGINEER + "it-paths\r\n";

        Raw trailingSlash = raw("GET /requests/ HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
        Raw wrongMethod = raw("DELETE /requests HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
        Raw wrongPageMethod = raw("PUT /local/outbox HTTP/1.1\r\n" + host + "Content-Length: 0\r\n"
                + "Connection: close\r\n\r\n");
        Raw badPath = raw("GET /requests/%zz HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
        Raw badQuery = raw("GET /local/iam?x=%zz HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
        Raw encodedPage = raw("GET /local/%6Futbox HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
        Raw head = raw("HEAD /local/outbox HTTP/1.1\r\n" + host + "Connection: close\r\n\r\n");
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe};
        Raw binaryForm = raw("POST /local/incidents HTTP/1.1\r\n" + host + "Content-Type: text/plain\r\n"
                + "Content-Length: " + notUtf8.length + "\r\nConnection: close\r\n\r\n", notUtf8);

        assertEquals(404, trailingSlash.status(), trailingSlash.text());
        assertTrue(trailingSlash.text().contains("There is nothing at /requests/;"), trailingSlash.text());
        assertEquals(405, wrongMethod.status(), wrongMethod.text());
        assertTrue(wrongMethod.text().contains("Allow: GET, POST"), wrongMethod.text());
        assertTrue(wrongMethod.text().contains("DELETE is not served at /requests; use GET, POST."),
                wrongMethod.text());
        assertEquals(405, wrongPageMethod.status(), wrongPageMethod.text());
        assertTrue(wrongPageMethod.text().contains("PUT is not served at /local/outbox; use GET, HEAD."),
                wrongPageMethod.text());
        // (the JDK server refuses a malformed escape before the front sees it)
        assertEquals(400, badPath.status(), badPath.text());
        assertEquals(400, badQuery.status(), badQuery.text());
        assertEquals(200, encodedPage.status(), "a page's path is matched decoded: " + encodedPage.text());
        assertEquals(200, head.status(), head.text());
        assertTrue(head.text().endsWith("\r\n\r\n"), "HEAD has no body: " + head.text());
        assertEquals(400, binaryForm.status(), binaryForm.text());
        assertTrue(binaryForm.text().contains("invalid-body"), binaryForm.text());
    }

    /** /local/try answers curl in JSON, and refuses a POST another site's page makes the browser send, or another Host. */
    @Test
    void tryPage_shouldAnswerJson_andRefuseCrossSitePosts_andForeignHosts() throws IOException {
        String body = "{\"session\":\"arn:aws:sts::111122223333:assumed-role/Engineer/it-try\","
                + "\"action\":\"ec2:TerminateInstances\","
                + "\"resource\":\"arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc\"}";
        String json = "Content-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n";
        String host = "Host: 127.0.0.1:" + port + "\r\n";

        Raw tried = raw("POST /local/try HTTP/1.1\r\n" + host + json + body);
        Raw crossSite = raw("POST /local/try HTTP/1.1\r\n" + host + "Origin: http://evil.example\r\n" + json + body);
        Raw foreignHost = raw("POST /local/try HTTP/1.1\r\nHost: evil.example\r\n" + json + body);

        assertEquals(200, tried.status(), tried.text());
        assertTrue(tried.text().contains("\"allowed\" : false"), tried.text());
        assertTrue(tried.text().contains("is not authorized to perform: ec2:TerminateInstances"), tried.text());
        assertEquals(403, crossSite.status(), crossSite.text());
        assertTrue(foreignHost.status() >= 400, foreignHost.text());
    }

    // --- raw HTTP over a socket: HttpClient will not send another Host, nor half a request

    record Raw(int status, String text) {
    }

    /** Sends one whole request and reads the answer until the server closes; status -1 when there is none. */
    static Raw raw(String request) throws IOException {
        return raw(request, new byte[0]);
    }

    static Raw raw(String head, byte[] body) throws IOException {
        try (Socket socket = send(head)) {
            if (body.length > 0) {
                socket.getOutputStream().write(body);
            }
            String text = readUntilClosed(socket, Instant.now().plusSeconds(20));
            int status = text.startsWith("HTTP/1.") ? Integer.parseInt(text.substring(9, 12)) : -1;
            return new Raw(status, text);
        }
    }

    static Socket send(String bytes) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        try {
            socket.getOutputStream().write(bytes.getBytes(US_ASCII));
            socket.getOutputStream().flush();
        } catch (IOException refusedMidway) {
            // the server may close while an oversized request is still being sent: read what it said, if anything
        }
        return socket;
    }

    /** Everything the server sends until it closes the connection; fails when it is still open at {@code bound}. */
    static String readUntilClosed(Socket socket, Instant bound) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                long left = Duration.between(Instant.now(), bound).toMillis();
                if (left <= 0) {
                    throw new SocketTimeoutException();
                }
                socket.setSoTimeout((int) left);
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                got.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("the server still held the connection open at " + bound + "; it had sent: " + got.toString(UTF_8));
        } catch (IOException reset) {
            // closed with a reset: closed all the same
        }
        return got.toString(UTF_8);
    }
}
