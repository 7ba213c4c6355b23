package dev.jita.local.pages;

import dev.jita.http.ApiRequest;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import dev.jita.local.http.LocalPage;
import dev.jita.standins.Outbox;
import java.util.List;
import java.util.Objects;

/** /local/outbox: every notification jita local "sent", newest first, with its approval link. */
public final class OutboxPage implements LocalPage {
    private final Outbox outbox;

    public OutboxPage(Outbox outbox) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
    }

    @Override
    public String path() {
        return "/local/outbox";
    }

    @Override
    public String title() {
        return "Outbox";
    }

    @Override
    public String summary() {
        return "every notification with its link, newest first: open a link to play that approver";
    }

    @Override
    public HttpResponse render(ApiRequest request) {
        List<Outbox.Entry> entries = outbox.snapshot();
        StringBuilder body = new StringBuilder();
        if (entries.isEmpty()) {
            body.append("<p class=\"muted\">Nothing sent yet. Ask for access (see <a href=\"/\">start</a>) and the"
                    + " approvers' links appear here.</p>");
        } else {
            body.append("<p class=\"muted\">").append(entries.size()).append(" notification")
                    .append(entries.size() == 1 ? "" : "s").append(", newest first. Each approver gets a link of"
                            + " their own; opening it changes nothing until you press a button.</p>");
            body.append("<table><thead><tr><th>#</th><th>at</th><th>to</th><th>kind</th><th>request</th>"
                    + "<th>subject</th><th>link</th></tr></thead><tbody>");
            for (Outbox.Entry e : entries) {
                body.append("<tr class=\"notification\"><td>").append(e.seq()).append("</td><td>")
                        .append(Html.escape(e.at().toString())).append("</td><td>")
                        .append(Html.escape(e.recipientId()))
                        .append(e.recipientEmail().map(m -> "<br><span class=\"muted\">" + Html.escape(m) + "</span>")
                                .orElse(""))
                        .append("</td><td>").append(Html.escape(e.kind().name())).append("</td><td>")
                        .append(Layout.code(e.requestId())).append("</td><td>").append(Html.escape(e.subject()))
                        .append("</td><td>");
                if (e.link().isPresent()) {
                    body.append("<a class=\"approval-link\" data-request=\"").append(Html.escape(e.requestId()))
                            .append("\" data-approver=\"").append(Html.escape(e.recipientId())).append("\" href=\"")
                            .append(Html.escape(e.link().get().toString())).append("\">open as ")
                            .append(Html.escape(e.recipientId())).append("</a>");
                } else {
                    body.append("<span class=\"muted\">none</span>");
                }
                body.append("</td></tr>");
            }
            body.append("</tbody></table>");
        }
        return Layout.page("Outbox", body.toString(), 0);
    }
}
