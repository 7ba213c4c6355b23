package dev.jita.local.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.http.ApiRequest;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import dev.jita.iam.IamRole;
import dev.jita.local.http.LocalPage;
import dev.jita.standins.LocalIam;
import java.util.Map;
import java.util.Objects;

/** /local/iam: the inline policies on each role of the IAM stand-in, as they are now, pretty-printed. */
public final class IamPage implements LocalPage {
    /** Often enough to watch a short window's grant come and go. */
    static final int REFRESH_SECONDS = 2;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalIam iam;

    public IamPage(LocalIam iam) {
        this.iam = Objects.requireNonNull(iam, "iam");
    }

    @Override
    public String path() {
        return "/local/iam";
    }

    @Override
    public String title() {
        return "IAM";
    }

    @Override
    public String summary() {
        return "the inline policies on each role now: a grant appears when its window opens and vanishes when it ends";
    }

    @Override
    public HttpResponse render(ApiRequest request) {
        StringBuilder body = new StringBuilder("<p class=\"muted\">Reloads every " + REFRESH_SECONDS
                + " s. Each grant is one inline policy named <code>jita-&lt;requestId&gt;</code> on the requester's"
                + " role, limited to the requesting session by <code>aws:userid</code>.</p>");
        for (Map.Entry<String, Map<String, String>> role : iam.snapshot().entrySet()) {
            IamRole r = iam.getRole(role.getKey());
            body.append("<section class=\"role\" id=\"role-").append(Html.escape(r.roleName())).append("\"><h2>")
                    .append(Html.escape(r.roleName())).append("</h2><p class=\"muted\">").append(Html.escape(r.arn()))
                    .append(" · unique id ").append(Layout.code(r.roleId())).append(" · ")
                    .append(role.getValue().size()).append(" inline polic")
                    .append(role.getValue().size() == 1 ? "y" : "ies").append("</p>");
            for (Map.Entry<String, String> policy : role.getValue().entrySet()) {
                body.append("<div class=\"card policy\" data-policy=\"").append(Html.escape(policy.getKey()))
                        .append("\"><strong>").append(Html.escape(policy.getKey())).append("</strong><pre><code>")
                        .append(Html.escape(pretty(policy.getValue()))).append("</code></pre></div>");
            }
            body.append("</section>");
        }
        return Layout.page("IAM: inline policies now", body.toString(), REFRESH_SECONDS);
    }

    private static String pretty(String document) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(document));
        } catch (JsonProcessingException e) {
            return document; // LocalIam only holds valid JSON; show it as is if that ever changes
        }
    }
}
