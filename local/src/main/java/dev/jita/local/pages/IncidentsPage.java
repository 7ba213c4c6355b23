package dev.jita.local.pages;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.http.ApiRequest;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import dev.jita.local.LocalJita;
import dev.jita.local.LocalLambdaContext;
import dev.jita.local.http.LocalPage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /local/incidents: injects an incident event into the incident function, as EventBridge would deliver it. GET shows
 * a form; POST takes either a whole EventBridge event as JSON (any source the function reads; answered with the
 * function's result as JSON) or the form, which becomes a generic {@code jita.incident} event with a fresh event id
 * and jita's current (possibly scaled) time (answered with a small HTML page). A local tool: no IAM.
 */
public final class IncidentsPage implements LocalPage {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentsPage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    static final List<String> SEVERITIES = List.of("SEV1", "SEV2", "SEV3", "SEV4", "SEV5");
    static final List<String> STATUSES = List.of("triggered", "acknowledged", "resolved");

    private final RequestHandler<Map<String, Object>, Map<String, Object>> incidents;
    private final Clock clock;

    public IncidentsPage(RequestHandler<Map<String, Object>, Map<String, Object>> incidents, Clock clock) {
        this.incidents = Objects.requireNonNull(incidents, "incidents");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String path() {
        return "/local/incidents";
    }

    @Override
    public String title() {
        return "Incidents";
    }

    @Override
    public String summary() {
        return "inject an incident event (a form, or POST a whole EventBridge event as JSON)";
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET", "HEAD", "POST");
    }

    @Override
    public HttpResponse render(ApiRequest request) {
        if (!request.method().equals("POST")) {
            return Layout.formPage("Incidents", form());
        }
        String type = request.header("Content-Type").orElse("").toLowerCase();
        return type.startsWith("application/json") ? json(request.body()) : submitted(request.body());
    }

    private HttpResponse json(String body) {
        Map<String, Object> event;
        try {
            event = JSON.readValue(body, MAP);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return jsonAnswer(400, problem("The body is not a JSON object: send a whole EventBridge event, like the"
                    + " samples in events/incident."));
        }
        if (event == null) {
            return jsonAnswer(400, problem("The body is JSON null: send a whole EventBridge event."));
        }
        try {
            return jsonAnswer(200, invoke(event));
        } catch (RuntimeException e) {
            LOG.warn("incident event failed: {}", e.toString());
            return jsonAnswer(500, problem("The incident function failed (" + e.getMessage() + "); EventBridge would"
                    + " retry, so post the same event again."));
        }
    }

    private HttpResponse submitted(String body) {
        Map<String, String> fields = formFields(body);
        String incidentId = fields.getOrDefault("incidentId", "").trim();
        String severity = fields.getOrDefault("severity", "").trim().toUpperCase();
        String status = fields.getOrDefault("status", "").trim().toLowerCase();
        List<String> errors = new ArrayList<>();
        if (incidentId.isEmpty() || incidentId.length() > 256) {
            errors.add("Give an incident id of 1 to 256 characters.");
        }
        if (!SEVERITIES.contains(severity)) {
            errors.add("Choose a severity from SEV1 to SEV5.");
        }
        if (!STATUSES.contains(status)) {
            errors.add("Choose a status: triggered, acknowledged or resolved.");
        }
        if (!errors.isEmpty()) {
            StringBuilder html = new StringBuilder("<div class=\"card\"><ul>");
            errors.forEach(e -> html.append("<li>").append(Html.escape(e)).append("</li>"));
            html.append("</ul></div>").append(back());
            return status(Layout.formPage("Incident not sent", html.toString()), 400);
        }
        Map<String, Object> event = genericEvent(incidentId, severity, status,
                fields.getOrDefault("service", "").trim(), fields.getOrDefault("responders", ""),
                fields.containsKey("onCall"));
        String eventJson = pretty(event);
        try {
            Map<String, Object> result = invoke(event);
            return Layout.formPage("Incident event sent", "<p>The incident function answered:</p><pre><code>"
                    + Html.escape(pretty(result)) + "</code></pre><p class=\"muted\">The event it got:</p><pre><code>"
                    + Html.escape(eventJson) + "</code></pre>" + back());
        } catch (RuntimeException e) {
            LOG.warn("incident event failed: {}", e.toString());
            return status(Layout.formPage("Incident event failed", "<p>The incident function failed: "
                    + Html.escape(String.valueOf(e.getMessage())) + ". EventBridge would retry; send it again.</p>"
                    + "<pre><code>" + Html.escape(eventJson) + "</code></pre>" + back()), 500);
        }
    }

    private Map<String, Object> invoke(Map<String, Object> event) {
        return incidents.handleRequest(event, LocalLambdaContext.of("incident"));
    }

    /** A generic jita.incident event (events/incident/README.md), as EventBridge would deliver it. */
    Map<String, Object> genericEvent(String incidentId, String severity, String status, String service,
                                     String responders, boolean onCall) {
        Instant now = clock.instant();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("incidentId", incidentId);
        detail.put("eventId", "local-" + UUID.randomUUID());
        detail.put("status", status);
        detail.put("severity", severity);
        if (!service.isEmpty()) {
            detail.put("service", service);
        }
        detail.put("occurredAt", now.toString());
        List<Map<String, Object>> list = new ArrayList<>();
        for (String id : responders.split(",")) {
            if (!id.isBlank()) {
                list.add(Map.of("id", id.trim(), "onCall", onCall));
            }
        }
        detail.put("responders", list);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Incident Status Change");
        event.put("source", "jita.incident");
        event.put("account", LocalJita.ACCOUNT);
        event.put("time", now.toString());
        event.put("region", LocalJita.REGION);
        event.put("resources", List.of());
        event.put("detail", detail);
        return event;
    }

    private static String form() {
        StringBuilder severity = new StringBuilder();
        for (String s : SEVERITIES) {
            severity.append("<option").append(s.equals("SEV2") ? " selected" : "").append('>').append(Html.escape(s))
                    .append("</option>");
        }
        StringBuilder status = new StringBuilder();
        for (String s : STATUSES) {
            status.append("<option>").append(Html.escape(s)).append("</option>");
        }
        return "<p class=\"muted\">Sends a generic <code>jita.incident</code> event (events/incident/README.md) to the"
                + " incident function with jita's current time. Triggered or acknowledged: pending requests of the"
                + " responders under rules with <code>autoApprove.incident</code> are approved; resolved: what was"
                + " approved under the incident is revoked. To send another source's event, POST it as JSON"
                + " (<code>Content-Type: application/json</code>) to this address.</p>"
                + "<form class=\"card\" method=\"post\" action=\"/local/incidents\">"
                + "<p><label>Incident id<br><input name=\"incidentId\" required maxlength=\"256\" value=\"INC-1\">"
                + "</label></p>"
                + "<p><label>Severity<br><select name=\"severity\">" + severity + "</select></label></p>"
                + "<p><label>Service<br><input name=\"service\" value=\"checkout-api\"></label></p>"
                + "<p><label>Responders (comma-separated principal ARNs or session names)<br>"
                + "<input name=\"responders\" size=\"80\" placeholder=\"dev, arn:aws:sts::111122223333:assumed-role/"
                + "Engineer/alice\"></label></p>"
                + "<p><label><input type=\"checkbox\" name=\"onCall\" value=\"true\" checked> responders are on call"
                + "</label></p>"
                + "<p><label>Status<br><select name=\"status\">" + status + "</select></label></p>"
                + "<p><button type=\"submit\">Send the event</button></p></form>";
    }

    private static String back() {
        return "<p><a href=\"/local/incidents\">Send another event</a> · <a href=\"/local/requests\">requests</a>"
                + " · <a href=\"/local/iam\">iam</a></p>";
    }

    static Map<String, String> formFields(String body) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                fields.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException malformed) {
                // a broken %-escape: the field is left out and the form's checks say what is missing
            }
        }
        return fields;
    }

    private static Map<String, Object> problem(String detail) {
        return Map.of("detail", detail);
    }

    private static HttpResponse jsonAnswer(int status, Map<String, Object> body) {
        return HttpResponse.text(status, Map.of("Content-Type",
                status == 200 ? "application/json" : "application/problem+json", "Cache-Control", "no-store"),
                pretty(body));
    }

    private static HttpResponse status(HttpResponse page, int status) {
        return new HttpResponse(status, page.headers(), page.body(), page.isBase64Encoded());
    }

    private static String pretty(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }
}
