package dev.jita.local.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.http.ApiRequest;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import dev.jita.iam.IamGatewayException;
import dev.jita.local.http.LocalPage;
import dev.jita.standins.LocalCalls;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * /local/try: make a call as a session and see it land. The account's IAM stand-in decides it now, by jita's
 * (possibly scaled) clock and the role's inline policies, with their aws:CurrentTime and aws:userid conditions; the
 * CloudTrail event of the call goes to the activity function, which records it on the grant's request as GRANT_USED.
 * Nothing is performed. GET shows a form; POST takes the form (an HTML answer) or JSON
 * {@code {"session", "action", "resource"}} (a JSON answer, for curl). A local tool: no IAM; HttpFront's Host and
 * cross-site checks guard the POST as every other.
 */
public final class TryPage implements LocalPage {
    private static final Logger LOG = LoggerFactory.getLogger(TryPage.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DEFAULT_SESSION = "arn:aws:sts::111122223333:assumed-role/Engineer/dev";
    private static final String DEFAULT_ACTION = "ec2:TerminateInstances";
    private static final String DEFAULT_RESOURCE = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc";

    private final LocalCalls calls;

    public TryPage(LocalCalls calls) {
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    @Override
    public String path() {
        return "/local/try";
    }

    @Override
    public String title() {
        return "Try a call";
    }

    @Override
    public String summary() {
        return "may this session do that now? IAM's answer, and the GRANT_USED entry it leaves on the request";
    }

    @Override
    public Set<String> methods() {
        return Set.of("GET", "HEAD", "POST");
    }

    @Override
    public HttpResponse render(ApiRequest request) {
        if (!request.method().equals("POST")) {
            return Layout.formPage("Try a call", form(DEFAULT_SESSION, DEFAULT_ACTION, DEFAULT_RESOURCE));
        }
        boolean json = request.header("Content-Type").orElse("").toLowerCase().startsWith("application/json");
        Map<String, String> fields;
        if (json) {
            try {
                JsonNode body = JSON.readTree(request.body() == null ? "" : request.body());
                fields = new LinkedHashMap<>();
                for (String name : new String[] {"session", "action", "resource"}) {
                    fields.put(name, body == null ? "" : body.path(name).asText(""));
                }
            } catch (JsonProcessingException e) {
                return answer(true, 400, problem("The body is not JSON: send {\"session\", \"action\", \"resource\"}."));
            }
        } else {
            fields = IncidentsPage.formFields(request.body() == null ? "" : request.body());
        }
        String session = fields.getOrDefault("session", "");
        String action = fields.getOrDefault("action", "");
        String resource = fields.getOrDefault("resource", "");
        LocalCalls.Attempt attempt;
        try {
            attempt = calls.attempt(session, action, resource);
        } catch (IllegalArgumentException | IamGatewayException e) {
            return answer(json, 400, problem(e.getMessage()), session, action, resource);
        } catch (RuntimeException e) {
            LOG.warn("a tried call failed: {}", e.toString());
            return answer(json, 500, problem("Recording the call failed (" + e.getMessage() + "); EventBridge would"
                    + " retry, so try again."), session, action, resource);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("allowed", attempt.allowed());
        out.put("at", attempt.at().toString());
        if (!attempt.allowed()) {
            out.put("errorCode", attempt.errorCode());
            out.put("message", attempt.message());
        }
        out.put("recorded", attempt.recorded());
        out.put("event", attempt.event());
        return answer(json, 200, out, session, action, resource);
    }

    private HttpResponse answer(boolean json, int status, Map<String, Object> body) {
        return answer(json, status, body, DEFAULT_SESSION, DEFAULT_ACTION, DEFAULT_RESOURCE);
    }

    private HttpResponse answer(boolean json, int status, Map<String, Object> body, String session, String action,
                                String resource) {
        if (json) {
            return HttpResponse.text(status, Map.of("Content-Type",
                    status == 200 ? "application/json" : "application/problem+json", "Cache-Control", "no-store"),
                    pretty(body));
        }
        String heading;
        String html;
        if (status != 200) {
            heading = "Call not tried";
            html = "<div class=\"card\"><p>" + Html.escape(String.valueOf(body.get("detail"))) + "</p></div>";
        } else if (Boolean.TRUE.equals(body.get("allowed"))) {
            heading = "Allowed";
            html = "<p>IAM allows it now (" + Html.escape(String.valueOf(body.get("at"))) + ").</p>";
        } else {
            heading = "AccessDenied";
            html = "<p>" + Html.escape(body.get("errorCode") + ": " + body.get("message")) + "</p>";
        }
        if (status == 200) {
            html += "<p>The activity function answered:</p><pre><code>" + Html.escape(pretty(body.get("recorded")))
                    + "</code></pre><p class=\"muted\">The CloudTrail event:</p><pre><code>"
                    + Html.escape(pretty(body.get("event"))) + "</code></pre>";
        }
        HttpResponse page = Layout.formPage(heading, html + form(session, action, resource));
        return new HttpResponse(status, page.headers(), page.body(), page.isBase64Encoded());
    }

    private static String form(String session, String action, String resource) {
        return "<p class=\"muted\">IAM's decision, now by jita's clock, on the role's inline policies (jita's grants"
                + " carry aws:CurrentTime and aws:userid conditions). The call is not performed; its CloudTrail event"
                + " goes to the activity function, which records a call of a granted session on the request as"
                + " GRANT_USED (see <a href=\"/local/requests\">requests</a>). POST JSON"
                + " <code>{\"session\",\"action\",\"resource\"}</code> here for a JSON answer.</p>"
                + "<form class=\"card\" method=\"post\" action=\"/local/try\">"
                + "<p><label>Session<br><input name=\"session\" size=\"80\" required value=\"" + Html.escape(session)
                + "\"></label></p>"
                + "<p><label>Action<br><input name=\"action\" size=\"40\" required value=\"" + Html.escape(action)
                + "\"></label></p>"
                + "<p><label>Resource<br><input name=\"resource\" size=\"80\" required value=\""
                + Html.escape(resource) + "\"></label></p>"
                + "<p><button type=\"submit\">Try it now</button></p></form>";
    }

    private static Map<String, Object> problem(String detail) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("detail", detail);
        return p;
    }

    private static String pretty(Object value) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write JSON", e);
        }
    }
}
