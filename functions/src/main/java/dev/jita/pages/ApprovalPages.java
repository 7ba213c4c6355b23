package dev.jita.pages;

import dev.jita.approvals.ApprovalForm;
import dev.jita.approvals.ApprovalOutcome;
import dev.jita.approvals.Refusal;
import dev.jita.domain.Decision;
import dev.jita.domain.Status;

import dev.jita.facts.Display;
import dev.jita.facts.Fact;
import dev.jita.facts.RequestFacts;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The pages an approver sees at {@code /approvals/{token}}: plain HTML5, inline CSS, no script, no external asset,
 * readable on a phone. Every value goes through {@link Html#escape}. Every answer carries {@link #HEADERS}.
 */
public final class ApprovalPages {

    /**
     * No script, no frame, forms only to this origin, no Referer (the token is in the URL), nothing cached
     * (a shared cache must never serve one approver's page, CSRF token included, to another).
     */
    public static final Map<String, String> HEADERS = headers();

    /** The page that answers an approval outcome: one mapping for every route and method. */
    public static HttpResponse of(ApprovalOutcome outcome) {
        if (outcome instanceof ApprovalOutcome.Confirm c) {
            return confirm(c.facts(), c.approverId(), c.linkExpiresAt(), c.csrf());
        } else if (outcome instanceof ApprovalOutcome.Recorded r) {
            return recorded(r.decision(), r.now(), r.approvalsSoFar(), r.approvalsRequired());
        } else if (outcome instanceof ApprovalOutcome.AlreadyDecided a) {
            return alreadyDecided(a.now());
        } else if (outcome instanceof ApprovalOutcome.NoLongerPending n) {
            return noLongerPending(n.now());
        } else if (outcome instanceof ApprovalOutcome.Refused r) {
            return refused(r.refusal());
        } else if (outcome instanceof ApprovalOutcome.InvalidLink) {
            return notFound();
        } else if (outcome instanceof ApprovalOutcome.NotPassedOn) {
            return approvalNotPassedOn();
        } else if (outcome instanceof ApprovalOutcome.Unavailable) {
            return unavailable();
        }
        throw new IllegalStateException("no page for approval outcome " + outcome.getClass().getSimpleName());
    }

    private static final String CSS = """
            *{box-sizing:border-box}
            body{margin:0;background:#f4f5f7;color:#1d2330;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
            main{max-width:40rem;margin:0 auto;padding:1rem}
            h1{font-size:1.4rem;margin:.5rem 0 1rem}
            .card{background:#fff;border:1px solid #d9dce3;border-radius:.5rem;padding:1rem;margin-bottom:1rem}
            dl{margin:0}
            dt{font-weight:600;margin-top:.75rem}
            dt:first-child{margin-top:0}
            dd{margin:0;overflow-wrap:anywhere}
            dd ul{margin:0;padding-left:1.2rem}
            code{font:.9rem/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;overflow-wrap:anywhere}
            .prose{white-space:pre-wrap}
            label{display:block;font-weight:600;margin-bottom:.25rem}
            textarea{width:100%;min-height:5rem;font:inherit;padding:.5rem;border:1px solid #b8bdc8;border-radius:.375rem}
            .buttons{display:flex;gap:.75rem;margin-top:1rem;flex-wrap:wrap}
            button{flex:1 1 8rem;min-height:3rem;font-family:inherit;font-size:1.1rem;font-weight:600;border:0;border-radius:.5rem;color:#fff;cursor:pointer}
            .approve{background:#1a7f37}
            .deny{background:#b42318}
            .note{color:#565e6e;font-size:.9rem}
            """;

    // Built once: the same bytes for every invalid, forged or unknown link, so the answer tells nothing about why.
    private static final HttpResponse NOT_FOUND = page(404, "Link not valid",
            "<p>This approval link is not valid. Nothing was changed.</p>"
                    + "<p>If you expected to review a request, ask the requester to check its status in jita.</p>");

    private ApprovalPages() {
    }

    /**
     * The confirm page of GET and HEAD: the facts and a form that POSTs to this same URL (no action attribute,
     * so the token never appears in the page). Changes nothing.
     *
     * @param csrf the form's CSRF token for this link
     */
    public static HttpResponse confirm(RequestFacts facts, String approverId, Instant linkExpiresAt, String csrf) {
        StringBuilder body = new StringBuilder();
        body.append("<p>This request for access waits for your decision.</p>");
        body.append("<div class=\"card\">").append(factList(facts)).append("</div>");
        body.append("<form method=\"post\" class=\"card\">")
                .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(Html.escape(csrf)).append("\">")
                .append("<label for=\"comment\">Comment (optional)</label>")
                .append("<textarea id=\"comment\" name=\"comment\" maxlength=\"").append(ApprovalForm.MAX_COMMENT_CHARS)
                .append("\" rows=\"3\"></textarea>")
                .append("<div class=\"buttons\">")
                .append("<button type=\"submit\" name=\"decision\" value=\"").append(Decision.APPROVE.formValue())
                .append("\" class=\"approve\">Approve</button>")
                .append("<button type=\"submit\" name=\"decision\" value=\"").append(Decision.DENY.formValue())
                .append("\" class=\"deny\">Deny</button>")
                .append("</div></form>");
        body.append("<p class=\"note\">This link is for <strong>").append(Html.escape(approverId))
                .append("</strong> only; do not forward it. It works until ")
                .append(Html.escape(Display.instant(linkExpiresAt))).append(" and records one decision.</p>");
        return page(200, "Review access request", body.toString());
    }

    /** After a recorded decision: what was recorded and where the request stands now. */
    public static HttpResponse recorded(Decision decision, Status now, int approvalsSoFar, int approvalsRequired) {
        String what = decision == Decision.APPROVE ? "approval" : "denial";
        String where = switch (now) {
            case PENDING_APPROVAL -> "The request has " + approvalsSoFar + " of " + approvalsRequired
                    + " approvals and waits for " + Math.max(1, approvalsRequired - approvalsSoFar) + " more.";
            case APPROVED, SCHEDULED -> "The request is approved; access will be granted for its window.";
            case ACTIVE -> "The request is approved and access is active.";
            case DENIED -> "The request is denied; no access will be granted.";
            default -> "The request is now " + Display.status(now) + ".";
        };
        return page(200, "Decision recorded",
                "<p>Your " + what + " was recorded.</p><p>" + Html.escape(where) + "</p>"
                        + "<p class=\"note\">You can close this page.</p>");
    }

    /** 409: this link has already been used to decide. */
    public static HttpResponse alreadyDecided(Optional<Status> now) {
        return page(409, "Already decided",
                "<p>Your decision on this request was already recorded. Nothing was changed.</p>" + statusLine(now));
    }

    /** 410: the link ran out, or the request is no longer waiting for decisions (decided, timed out, cancelled). */
    public static HttpResponse noLongerPending(Optional<Status> now) {
        return page(410, "No longer pending",
                "<p>This request no longer waits for a decision, or this link has expired. Nothing was changed.</p>"
                        + statusLine(now)
                        + "<p class=\"note\">If access is still needed, the requester can ask again.</p>");
    }

    /** 403: a genuine link whose holder may not decide. */
    public static HttpResponse refused(Refusal refusal) {
        String text = switch (refusal) {
            case OWN_REQUEST -> "You cannot approve or deny your own request. Nothing was changed; another approver must decide.";
            case NO_LONGER_APPROVER -> "You are no longer an approver for this kind of request under the current rules. "
                    + "Nothing was changed; ask your jita admins if you think this is wrong.";
        };
        return page(403, "Not allowed", "<p>" + Html.escape(text) + "</p>");
    }

    /** 400: the POST did not come from the confirm page as served (missing or stale CSRF token, bad fields). */
    public static HttpResponse formRejected() {
        return page(400, "Form not accepted",
                "<p>The form could not be accepted. Nothing was changed.</p>"
                        + "<p>Open the link from your message again and decide on that page.</p>");
    }

    /** 503: the link could not be checked right now (key service unavailable); not the approver's fault. */
    public static HttpResponse unavailable() {
        return page(503, "Try again shortly",
                "<p>jita cannot check approval links right now. Nothing was changed.</p>"
                        + "<p>Try the link again in a minute.</p>").withHeader("Retry-After", "60");
    }

    /**
     * 503: the approval was recorded but could not be passed on to start the access yet. Must not say "nothing was
     * changed": it was, and opening the link again passes it on without counting it twice.
     */
    public static HttpResponse approvalNotPassedOn() {
        return page(503, "Approval recorded, not yet passed on",
                "<p>Your approval was recorded, but jita could not pass it on to start the access yet.</p>"
                        + "<p>Open the link again in a minute to pass it on; your approval will not be counted twice."
                        + "</p>").withHeader("Retry-After", "60");
    }

    /**
     * 404 for every invalid, forged, expired-by-signature or unknown link: always the same bytes, so a prober
     * learns nothing about why.
     */
    public static HttpResponse notFound() {
        return NOT_FOUND;
    }

    static String factList(RequestFacts facts) {
        StringBuilder out = new StringBuilder("<dl>");
        for (Fact fact : facts.facts()) {
            out.append("<dt>").append(Html.escape(fact.label())).append("</dt><dd")
                    .append(fact.style() == Fact.Style.PROSE ? " class=\"prose\"" : "").append('>');
            if (fact.values().size() == 1) {
                out.append(value(fact, fact.values().get(0)));
            } else {
                out.append("<ul>");
                fact.values().forEach(v -> out.append("<li>").append(value(fact, v)).append("</li>"));
                out.append("</ul>");
            }
            out.append("</dd>");
        }
        return out.append("</dl>").toString();
    }

    private static String value(Fact fact, String value) {
        return fact.code() ? "<code>" + Html.escape(value) + "</code>" : Html.escape(value);
    }

    private static String statusLine(Optional<Status> now) {
        return now.map(s -> "<p>The request is " + Html.escape(Display.status(s)) + ".</p>").orElse("");
    }

    private static HttpResponse page(int status, String title, String bodyHtml) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"referrer\" content=\"no-referrer\">"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">"
                + "<title>" + Html.escape(title) + " · jita</title><style>" + CSS + "</style></head>"
                + "<body><main><h1>" + Html.escape(title) + "</h1>" + bodyHtml + "</main></body></html>\n";
        return HttpResponse.text(status, HEADERS, html);
    }

    private static Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "text/html; charset=utf-8");
        h.put("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
        h.put("X-Content-Type-Options", "nosniff");
        h.put("Referrer-Policy", "no-referrer");
        h.put("Cache-Control", "no-store");
        h.put("X-Frame-Options", "DENY");
        return java.util.Collections.unmodifiableMap(h);
    }
}
