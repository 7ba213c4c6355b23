package dev.jita.local.pages;

import dev.jita.http.ApiRequest;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import dev.jita.local.http.LocalPage;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/** /: what runs, the pages, and the walk-through with curl. */
public final class IndexPage implements LocalPage {
    private final Walkthrough walkthrough;
    private final Supplier<List<LocalPage>> pages;
    private final Clock clock;
    private final String setting;

    /**
     * @param pages   the pages to link (read at each render, so pages added later are listed)
     * @param clock   jita's clock, to show what time it is for jita (scaled time runs ahead of the wall clock)
     * @param setting one line on how this jita local runs (time scale, rules file, data)
     */
    public IndexPage(Walkthrough walkthrough, Supplier<List<LocalPage>> pages, Clock clock, String setting) {
        this.walkthrough = Objects.requireNonNull(walkthrough, "walkthrough");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.setting = Objects.requireNonNull(setting, "setting");
    }

    @Override
    public String path() {
        return "/";
    }

    @Override
    public String title() {
        return "";
    }

    @Override
    public HttpResponse render(ApiRequest request) {
        StringBuilder body = new StringBuilder("<p>jita's API, approval links, workflow, DynamoDB and IAM on this"
                + " machine. ").append(Html.escape(setting)).append(". jita's time now: ")
                .append(Layout.code(clock.instant().toString())).append(".</p><ul>");
        for (LocalPage page : pages.get()) {
            if (!page.title().isEmpty()) {
                body.append("<li><a href=\"").append(Html.escape(page.path())).append("\">")
                        .append(Html.escape(page.title())).append("</a> <span class=\"muted\">")
                        .append(Html.escape(page.summary())).append("</span></li>");
            }
        }
        body.append("</ul><h2>Walk-through</h2><ol><li>Ask for access (the API takes the caller from the <code>")
                .append(Html.escape(dev.jita.local.http.Principals.HEADER))
                .append("</code> header, as API Gateway's IAM auth would from a signature):<pre><code>")
                .append(Html.escape(walkthrough.createCommand())).append("</code></pre></li>")
                .append("<li>Open the <a href=\"/local/outbox\">outbox</a> and follow one approver's link: the confirm"
                        + " page shows who asks for what; press Approve.</li>")
                .append("<li>Watch the grant appear in <a href=\"/local/iam\">IAM</a> and vanish when its window"
                        + " ends; the request's timeline is on <a href=\"/local/requests\">requests</a> and at:<pre><code>")
                .append(Html.escape(walkthrough.getCommand())).append("</code></pre></li></ol>");
        return Layout.page("jita local", body.toString(), 0);
    }
}
