package dev.jita.local.pages;

import dev.jita.http.ApiRequest;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import dev.jita.identitycenter.IdentityCenterUser;
import dev.jita.local.http.LocalPage;
import dev.jita.standins.LocalIdentityCenter;
import dev.jita.standins.LocalIdentityCenter.AssignmentView;
import dev.jita.standins.LocalIdentityCenter.PermissionSetView;
import dev.jita.standins.LocalIdentityCenter.RequestView;
import dev.jita.standins.LocalIdentityCenter.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * /local/identity-center: the IAM Identity Center stand-in as it is now: its users, permission sets (tags, session
 * duration, inline policy, where provisioned), account assignments, and the provisioning requests that create and
 * delete them, with their state.
 */
public final class IdentityCenterPage implements LocalPage {
    /** As {@link IamPage}: often enough to watch a provisioning request go from IN_PROGRESS to SUCCEEDED. */
    static final int REFRESH_SECONDS = IamPage.REFRESH_SECONDS;
    /** The newest provisioning requests shown; a long run makes many and only the recent ones are worth reading. */
    static final int MAX_REQUESTS = 50;

    private final LocalIdentityCenter identityCenter;

    public IdentityCenterPage(LocalIdentityCenter identityCenter) {
        this.identityCenter = Objects.requireNonNull(identityCenter, "identityCenter");
    }

    @Override
    public String path() {
        return "/local/identity-center";
    }

    @Override
    public String title() {
        return "Identity Center";
    }

    @Override
    public String summary() {
        return "permission sets, assignments and their provisioning now: an Identity Center user's grant is a"
                + " permission set of its own";
    }

    @Override
    public HttpResponse render(ApiRequest request) {
        Snapshot now = identityCenter.snapshot();
        Map<String, String> userNames = now.users().stream()
                .collect(Collectors.toMap(IdentityCenterUser::userId, IdentityCenterUser::userName));
        Map<String, String> setNames = now.permissionSets().stream()
                .collect(Collectors.toMap(PermissionSetView::arn, PermissionSetView::name));
        StringBuilder body = new StringBuilder("<p class=\"muted\">Reloads every " + REFRESH_SECONDS
                + " s. Each Identity Center grant is a permission set named <code>jita-&lt;request id&gt;</code>,"
                + " tagged <code>jita:managed</code>, assigned to the requesting user alone; the request is ACTIVE"
                + " only once Identity Center has provisioned the assignment.</p>")
                .append("<p>Instance ").append(Layout.code(now.instanceArn())).append(" · identity store ")
                .append(Layout.code(now.identityStoreId())).append("</p>");
        renderUsers(body, now.users());
        renderPermissionSets(body, now.permissionSets());
        renderAssignments(body, now.assignments(), userNames, setNames);
        renderRequests(body, now.requests(), userNames, setNames);
        return Layout.page("Identity Center now", body.toString(), REFRESH_SECONDS);
    }

    private static void renderUsers(StringBuilder body, List<IdentityCenterUser> users) {
        body.append("<h2>Users</h2><table><thead><tr><th>user name</th><th>display name</th><th>e-mail</th>"
                + "<th>user id</th></tr></thead><tbody>");
        for (IdentityCenterUser user : users) {
            body.append("<tr><td>").append(Html.escape(user.userName())).append("</td><td>")
                    .append(Html.escape(user.displayName())).append("</td><td>").append(Html.escape(user.email()))
                    .append("</td><td>").append(Layout.code(user.userId())).append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    private static void renderPermissionSets(StringBuilder body, List<PermissionSetView> sets) {
        body.append("<h2>Permission sets (").append(sets.size()).append(")</h2>");
        for (PermissionSetView set : sets) {
            body.append("<section class=\"card permission-set\" id=\"permission-set-").append(Html.escape(set.name()))
                    .append("\"><h3>").append(Html.escape(set.name())).append("</h3><p class=\"muted\">")
                    .append(Html.escape(set.arn())).append(" · session ").append(Layout.code(
                            set.sessionDuration().toString())).append(" · created ")
                    .append(Layout.code(set.createdAt().toString())).append("</p>");
            if (set.description() != null) {
                body.append("<p>").append(Html.escape(set.description())).append("</p>");
            }
            // Sorted: the snapshot's tags come in no particular order, and a reloading page should not shuffle.
            String tags = new TreeMap<>(set.tags()).entrySet().stream()
                    .map(t -> Layout.code(t.getKey() + "=" + t.getValue())).collect(Collectors.joining(" "));
            body.append("<p>Tags: ").append(tags.isEmpty() ? "none" : tags).append("</p><p>Provisioned to: ")
                    .append(set.provisionedAccounts().isEmpty() ? "no account"
                            : set.provisionedAccounts().stream().map(Layout::code).collect(Collectors.joining(", ")))
                    .append("</p>");
            if (set.inlinePolicy() == null) {
                body.append("<p class=\"muted\">No inline policy.</p>");
            } else {
                body.append("<pre><code>").append(Html.escape(Layout.prettyJson(set.inlinePolicy())))
                        .append("</code></pre>");
            }
            body.append("</section>");
        }
    }

    private static void renderAssignments(StringBuilder body, List<AssignmentView> assignments,
                                          Map<String, String> userNames, Map<String, String> setNames) {
        body.append("<h2>Account assignments (").append(assignments.size()).append(")</h2><table id=\"assignments\">"
                + "<thead><tr><th>account</th><th>permission set</th><th>user</th></tr></thead><tbody>");
        for (AssignmentView a : assignments) {
            body.append("<tr><td>").append(Layout.code(a.accountId())).append("</td><td>")
                    .append(Html.escape(name(setNames, a.permissionSetArn()))).append("</td><td>")
                    .append(Html.escape(name(userNames, a.userId()))).append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    private static void renderRequests(StringBuilder body, List<RequestView> requests, Map<String, String> userNames,
                                       Map<String, String> setNames) {
        int shown = Math.min(requests.size(), MAX_REQUESTS);
        body.append("<h2>Provisioning requests (").append(requests.size()).append(")</h2>");
        if (shown < requests.size()) {
            body.append("<p class=\"muted\">The newest ").append(shown).append(".</p>");
        }
        body.append("<table id=\"provisioning\"><thead><tr><th>requested at</th><th>assignment</th><th>account</th>"
                + "<th>permission set</th><th>user</th><th>state</th><th>request id</th></tr></thead><tbody>");
        // Newest first: the one just started is what a person watching the page is waiting for.
        for (int i = requests.size() - 1; i >= requests.size() - shown; i--) {
            RequestView r = requests.get(i);
            body.append("<tr><td>").append(Layout.code(r.requestedAt().toString())).append("</td><td>")
                    .append(kindInWords(r.kind())).append("</td><td>")
                    .append(Layout.code(r.accountId())).append("</td><td>")
                    .append(Html.escape(name(setNames, r.permissionSetArn()))).append("</td><td>")
                    .append(Html.escape(name(userNames, r.userId()))).append("</td><td class=\"status\">")
                    .append(Html.escape(r.state().name()));
            if (r.failureReason() != null) {
                body.append(": ").append(Html.escape(r.failureReason()));
            }
            body.append("</td><td>").append(Layout.code(r.requestId())).append("</td></tr>");
        }
        body.append("</tbody></table>");
    }

    /** The name behind an id, or the id itself once its permission set is deleted. */
    private static String name(Map<String, String> names, String id) {
        return names.getOrDefault(id, id);
    }

    private static String kindInWords(String kind) {
        return switch (kind) {
            case "DELETE" -> "deletion";
            case "PROVISION" -> "policy pushed to the account";
            default -> "creation";
        };
    }
}
