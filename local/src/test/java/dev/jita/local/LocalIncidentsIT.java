package dev.jita.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.AuditType;
import dev.jita.domain.Status;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /local/incidents on jita local in process (real time, config/rules.yaml): a generic jita.incident event approves a
 * pending prod-ec2-terminate request of an on-call responder (autoApprove.incident SEV2, onCallOnly), the grant lands
 * in the IAM stand-in, and the resolved event revokes it; the form does the same and answers HTML.
 */
class LocalIncidentsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String ENGINEER = "arn:aws:sts::111122223333:assumed-role/Engineer/";
    private static JitaLocalServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = JitaLocalServer.start(new JitaLocalServer.Settings(0, null, 1, null, 4));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void genericEvent_shouldGrantTheOnCallRespondersPendingRequest_andResolvedShouldRevokeIt() throws Exception {
        String session = "inc-json-" + UUID.randomUUID().toString().substring(0, 8);
        String id = pendingRequest(session);
        String incident = "INC-" + UUID.randomUUID();

        HttpResponse<String> triggered = postJson(event(incident, "triggered", ENGINEER + session));
        assertEquals(200, triggered.statusCode(), triggered.body());
        JsonNode result = JSON.readTree(triggered.body());
        assertEquals("APPLIED", result.get("outcome").asText(), triggered.body());
        assertTrue(result.get("approved").toString().contains(id), triggered.body());
        await(() -> hasPolicy(id), "the grant jita-" + id + " on Engineer");
        assertEquals(Status.ACTIVE, awaitStatus(id, Status.ACTIVE));
        assertTrue(types(id).contains(AuditType.INCIDENT_AUTO_APPROVED), types(id).toString());

        HttpResponse<String> resolved = postJson(event(incident, "resolved", null));
        assertEquals(200, resolved.statusCode(), resolved.body());
        assertEquals("APPLIED", JSON.readTree(resolved.body()).get("outcome").asText(), resolved.body());
        await(() -> !hasPolicy(id), "the grant gone after resolved");
        assertEquals(Status.REVOKED, awaitStatus(id, Status.REVOKED));
    }

    @Test
    void form_shouldSendAGenericEvent_andAnswerHtml() throws Exception {
        String session = "inc-form-" + UUID.randomUUID().toString().substring(0, 8);
        String id = pendingRequest(session);
        String incident = "INC-<form>-" + UUID.randomUUID();

        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(server.baseUrl().resolve("/local/incidents"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("action=\"/local/incidents\""), page.body());
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("form-action 'self'"));

        HttpResponse<String> answer = postForm(Map.of("incidentId", incident, "severity", "SEV2",
                "service", "checkout-api", "responders", "someone-else, " + session, "onCall", "true",
                "status", "triggered"));
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(answer.body().contains("APPLIED"), answer.body());
        assertTrue(answer.body().contains("INC-&lt;form&gt;"), "the incident id escaped: " + answer.body());
        assertTrue(answer.body().contains("href=\"/local/incidents\""), "a link back");
        await(() -> hasPolicy(id), "the grant jita-" + id + " on Engineer");

        HttpResponse<String> bad = postForm(Map.of("incidentId", incident, "severity", "SEV9", "status", "open"));
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("SEV1 to SEV5"), bad.body());
    }

    @Test
    void crossSiteForm_shouldBeRefused_andApproveNothing_whileOurOwnPagesFormIsServed() throws Exception {
        String session = "inc-csrf-" + UUID.randomUUID().toString().substring(0, 8);
        String id = pendingRequest(session);
        String body = "incidentId=INC-csrf-" + UUID.randomUUID() + "&severity=SEV1&service=x&responders=" + session
                + "&onCall=true&status=triggered";
        for (String[] from : new String[][] {{"Origin", "http://evil.example"}, {"Origin", "null"},
                {"Origin", "http://127.0.0.1:1"}, {"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"}}) {
            HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(server.baseUrl().resolve("/local/incidents"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header(from[0], from[1])
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, forged.statusCode(), from[0] + ": " + from[1] + " " + forged.body());
            assertTrue(forged.body().contains("cross-site-request"), forged.body());
        }
        assertEquals(Status.PENDING_APPROVAL, server.jita().store().get(id).status(), "nothing was approved");

        HttpResponse<String> own = HTTP.send(HttpRequest.newBuilder(server.baseUrl().resolve("/local/incidents"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", "null")
                .header("Sec-Fetch-Site", "same-origin")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, own.statusCode(), own.body());
        await(() -> hasPolicy(id), "the grant jita-" + id + " on Engineer");
    }

    /** A pending prod-ec2-terminate request of Engineer/session whose workflow waits for approval. */
    private static String pendingRequest(String session) throws Exception {
        HttpResponse<String> created = HTTP.send(HttpRequest.newBuilder(server.baseUrl().resolve("/requests"))
                .header("X-Jita-Principal", ENGINEER + session).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"actions":["ec2:TerminateInstances"],
                         "resources":["arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def"],
                         "durationMinutes":30,"justification":"Terminate the wedged host during the incident"}"""))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, created.statusCode(), created.body());
        String id = JSON.readTree(created.body()).get("requestId").asText();
        // The incident function hands the approval to the workflow's task token, which exists once notified.
        await(() -> types(id).contains(AuditType.NOTIFIED), "request " + id + " notified");
        return id;
    }

    private static String event(String incident, String status, String responder) throws Exception {
        Instant now = server.jita().clock().instant();
        Map<String, Object> detail = new java.util.LinkedHashMap<>(Map.of("incidentId", incident,
                "eventId", UUID.randomUUID().toString(), "status", status, "severity", "SEV2",
                "occurredAt", now.toString(),
                "responders", responder == null ? List.of() : List.of(Map.of("id", responder, "onCall", true))));
        return JSON.writeValueAsString(Map.of("version", "0", "id", UUID.randomUUID().toString(),
                "detail-type", "Incident Status Change", "source", "jita.incident", "account", LocalJita.ACCOUNT,
                "time", now.toString(), "region", LocalJita.REGION, "resources", List.of(), "detail", detail));
    }

    private static HttpResponse<String> postJson(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.baseUrl().resolve("/local/incidents"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postForm(Map<String, String> fields) throws Exception {
        String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return HTTP.send(HttpRequest.newBuilder(server.baseUrl().resolve("/local/incidents"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean hasPolicy(String id) {
        return server.jita().localIam().listRolePolicies("Engineer").contains("jita-" + id);
    }

    private static Status awaitStatus(String id, Status status) {
        await(() -> server.jita().store().get(id).status() == status, "request " + id + " " + status);
        return server.jita().store().get(id).status();
    }

    private static List<AuditType> types(String id) {
        return server.jita().auditLog().entries(id).stream().map(AuditEntry::type).toList();
    }

    static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
