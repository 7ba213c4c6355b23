package dev.jita.local.pages;

import dev.jita.http.ApiRequest;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import dev.jita.iam.IamRole;
import dev.jita.local.http.LocalPage;
import dev.jita.standins.LocalIam;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * /local/iam: the inline policies on each role of the IAM stand-ins, account by account, as they are now,
 * pretty-printed.
 */
public final class IamPage implements LocalPage {
    /** Often enough to watch a short window's grant come and go. */
    static final int REFRESH_SECONDS = 2;

    private final Map<String, LocalIam> accounts;
    private final Function<String, String> describe;

    /** One account's IAM. */
    public IamPage(LocalIam iam) {
        this(Map.of("", Objects.requireNonNull(iam, "iam")), account -> "");
    }

    /**
     * @param accounts each account's IAM stand-in, in the order to show them
     * @param describe a few words on an account (what it is to jita), shown under its heading
     */
    public IamPage(Map<String, LocalIam> accounts, Function<String, String> describe) {
        this.accounts = new LinkedHashMap<>(accounts);
        this.describe = Objects.requireNonNull(describe, "describe");
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
        boolean first = true;
        for (Map.Entry<String, LocalIam> account : accounts.entrySet()) {
            if (!account.getKey().isEmpty()) {
                body.append("<h2 class=\"account\" id=\"account-").append(Html.escape(account.getKey()))
                        .append("\">Account ").append(Html.escape(account.getKey())).append("</h2>");
                String about = describe.apply(account.getKey());
                if (!about.isEmpty()) {
                    body.append("<p class=\"muted\">").append(Html.escape(about)).append("</p>");
                }
            }
            // The first account's sections keep their plain ids (role-Engineer); others' carry their account.
            renderRoles(body, account.getValue(), first ? "" : account.getKey() + "-");
            first = false;
        }
        return Layout.page("IAM: inline policies now", body.toString(), REFRESH_SECONDS);
    }

    private static void renderRoles(StringBuilder body, LocalIam iam, String idPrefix) {
        for (Map.Entry<String, Map<String, String>> role : iam.snapshot().entrySet()) {
            IamRole r = iam.getRole(role.getKey());
            body.append("<section class=\"role\" id=\"role-").append(Html.escape(idPrefix + r.roleName()))
                    .append("\"><h3>")
                    .append(Html.escape(r.roleName())).append("</h3><p class=\"muted\">").append(Html.escape(r.arn()))
                    .append(" · unique id ").append(Layout.code(r.roleId())).append(" · ")
                    .append(role.getValue().size()).append(" inline polic")
                    .append(role.getValue().size() == 1 ? "y" : "ies").append("</p>");
            for (Map.Entry<String, String> policy : role.getValue().entrySet()) {
                body.append("<div class=\"card policy\" data-policy=\"").append(Html.escape(policy.getKey()))
                        .append("\"><strong>").append(Html.escape(policy.getKey())).append("</strong><pre><code>")
                        .append(Html.escape(Layout.prettyJson(policy.getValue()))).append("</code></pre></div>");
            }
            body.append("</section>");
        }
    }
}
