package dev.jita.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.facts.Display;
import dev.jita.facts.Fact;
import dev.jita.facts.RequestFacts;
import dev.jita.http.Html;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The one place where notification wording lives, and its three formats: plain text (e-mail text part and the
 * outbox), e-mail HTML and Slack Block Kit. Untrusted text (justification, ticket, incident fields) is escaped
 * per format: {@link Html#escape} for HTML, {@link #mrkdwn} for Slack; plain text carries it as is.
 */
public final class Messages {

    public static final String REVIEW_LABEL = "Review";
    /** Slack's limits: header text 150, section text 3000, button URL 3000 characters. */
    static final int SLACK_HEADER_MAX = 150;
    static final int SLACK_SECTION_MAX = 3000;
    private static final int SUBJECT_MAX = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Messages() {
    }

    /** The words of a notification; the only place that decides what each kind of message says. */
    public static MessageContent content(Notification n) {
        RequestFacts facts = n.facts();
        String what = actionOnResource(facts);
        String requester = facts.requesterArn();
        // A switch expression over the kind: the compiler checks that every kind has its words (Java 17 has no
        // switch patterns over the sealed type yet).
        Words words = switch (n.kind()) {
            case DECISION_NEEDED -> {
                Message.DecisionNeeded d = (Message.DecisionNeeded) n.message();
                yield new Words("Approve " + what + "?",
                        requester + " asks for " + what + " for " + Display.duration(facts.duration())
                                + ". Review the request and approve or deny it.",
                        Optional.of(d.link()),
                        List.of("This link is for " + n.to().approverId() + " only; do not forward it.",
                                "It works until " + Display.instant(d.linkExpiresAt())
                                        + ". Opening it changes nothing: you decide on the page."));
            }
            case APPROVED, DENIED -> {
                Message.Decided d = (Message.Decided) n.message();
                String by = d.by().isEmpty() ? "" : " by " + String.join(", ", d.by());
                yield new Words((d.approved() ? "Approved: " : "Denied: ") + what,
                        d.approved()
                                ? "The request of " + requester + " was approved" + by + ". Access will be granted for its window."
                                : "The request of " + requester + " was denied" + by + ". No access will be granted.",
                        Optional.empty(),
                        List.of("No action is needed from you; any approval link for this request no longer works."));
            }
            case TIMED_OUT -> new Words("Timed out: " + what,
                    "Nobody decided on the request of " + requester + " in time. No access was granted.",
                    Optional.empty(), List.of("No action is needed; the requester can ask again."));
            case BREAK_GLASS -> {
                Message.BreakGlass b = (Message.BreakGlass) n.message();
                yield new Words("Break-glass: " + what,
                        requester + " got " + what + " without approval, under incident " + b.incidentId()
                                + " (" + b.severity() + ").",
                        Optional.empty(),
                        List.of("Every approver of this rule is told. Review the access after the incident."));
            }
            case FIRST_USE -> {
                Message.FirstUse u = (Message.FirstUse) n.message();
                String on = u.resources().isEmpty() ? "" : " on " + String.join(", ", u.resources());
                String refused = u.errorCode().map(code -> "; it was refused (" + code + ")").orElse("");
                yield new Words("First use: " + what,
                        u.by() + " used the grant for the first time: " + u.eventName() + " (" + u.eventSource()
                                + ")" + on + " at " + Display.instant(u.at()) + refused + ".",
                        Optional.empty(),
                        List.of("You get this because you opted in (notifyOnFirstUse in the rules); later uses are"
                                + " on the request's timeline only. No action is needed.",
                                "If this is not what the request was for, revoke the grant."));
            }
            case ACCESS_ACTIVE -> {
                Message.AccessActive a = (Message.AccessActive) n.message();
                yield new Words("Active: " + what,
                        "Your access is active until " + Display.instant(a.until()) + ": sign in again through the"
                                + " AWS access portal (or run aws sso login) and choose permission set "
                                + a.permissionSet() + " in account " + a.account() + ".",
                        Optional.empty(),
                        List.of("The permission set allows exactly what you asked for and stops working at the"
                                + " window's end; jita then deletes it.",
                                "You get this because you signed in through IAM Identity Center."));
            }
        };
        return new MessageContent(n.kind(), oneLine("[jita] " + words.subject(), SUBJECT_MAX), words.headline(),
                facts.facts(), words.link(), words.notes());
    }

    private record Words(String subject, String headline, Optional<URI> link, List<String> notes) {
    }

    /** The text part of an e-mail and the body the outbox shows. */
    public static String plainText(MessageContent c) {
        StringBuilder out = new StringBuilder(c.headline()).append("\n\n");
        for (Fact fact : c.facts()) {
            if (fact.values().size() == 1) {
                out.append(fact.label()).append(": ").append(fact.values().get(0)).append('\n');
            } else {
                out.append(fact.label()).append(":\n");
                fact.values().forEach(v -> out.append("  - ").append(v).append('\n'));
            }
        }
        c.link().ifPresent(l -> out.append("\n").append(REVIEW_LABEL).append(" and decide: ").append(l).append('\n'));
        out.append('\n');
        c.notes().forEach(note -> out.append(note).append('\n'));
        return out.toString();
    }

    /** The HTML part of an e-mail: inline styles only, since mail clients drop style sheets and never run script. */
    public static String html(MessageContent c) {
        StringBuilder out = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(Html.escape(c.subject())).append("</title></head>")
                .append("<body style=\"margin:0;padding:16px;background:#f4f5f7;font:16px/1.5 Arial,Helvetica,sans-serif;color:#1d2330\">")
                .append("<div style=\"max-width:600px;margin:0 auto;background:#fff;border:1px solid #d9dce3;border-radius:8px;padding:16px\">")
                .append("<p style=\"margin:0 0 12px\">").append(Html.escape(c.headline())).append("</p>")
                .append("<table role=\"presentation\" style=\"border-collapse:collapse;width:100%\">");
        for (Fact fact : c.facts()) {
            out.append("<tr><th style=\"text-align:left;vertical-align:top;padding:4px 12px 4px 0;white-space:nowrap\">")
                    .append(Html.escape(fact.label())).append("</th><td style=\"padding:4px 0;")
                    // Long ARNs may break anywhere; prose keeps the writer's line breaks and breaks at words.
                    .append(fact.style() == Fact.Style.PROSE ? "white-space:pre-wrap" : "word-break:break-all").append("\">");
            for (int i = 0; i < fact.values().size(); i++) {
                if (i > 0) {
                    out.append("<br>");
                }
                String v = Html.escape(fact.values().get(i));
                out.append(fact.code() ? "<code style=\"font-family:Menlo,Consolas,monospace;font-size:14px\">" + v + "</code>" : v);
            }
            out.append("</td></tr>");
        }
        out.append("</table>");
        c.link().ifPresent(l -> out.append("<p style=\"margin:20px 0\"><a href=\"").append(Html.escape(l.toString()))
                .append("\" style=\"display:inline-block;background:#1d4ed8;color:#fff;text-decoration:none;font-weight:bold;")
                .append("padding:12px 24px;border-radius:6px\">").append(REVIEW_LABEL).append("</a></p>"));
        for (String note : c.notes()) {
            out.append("<p style=\"margin:8px 0 0;color:#565e6e;font-size:14px\">").append(Html.escape(note)).append("</p>");
        }
        return out.append("</div></body></html>").toString();
    }

    /**
     * A Slack incoming-webhook payload: a header, the facts, and for a decision a URL button to the confirm page.
     * Only URL buttons: deciding takes the confirm page's POST with its CSRF token, never a click in Slack.
     */
    public static String slack(MessageContent c) {
        ObjectNode root = JSON.createObjectNode();
        // The notification text (lock screens, unfurl-less clients); mrkdwn, so escaped like everything else.
        root.put("text", mrkdwn(c.subject()));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", cut(c.subject(), SLACK_HEADER_MAX));
        section(blocks, mrkdwn(c.headline()));
        for (Fact fact : c.facts()) {
            StringBuilder text = new StringBuilder("*").append(mrkdwn(fact.label())).append("*");
            for (String v : fact.values()) {
                text.append('\n').append(fact.values().size() > 1 ? "• " : "");
                text.append(fact.code() ? "`" + mrkdwn(v.replace('`', '\'')) + "`" : mrkdwn(v));
            }
            section(blocks, text.toString());
        }
        c.link().ifPresent(l -> {
            ObjectNode button = blocks.addObject().put("type", "actions").putArray("elements").addObject();
            button.put("type", "button");
            button.putObject("text").put("type", "plain_text").put("text", REVIEW_LABEL);
            button.put("url", l.toString());
            button.put("style", "primary");
        });
        ObjectNode context = blocks.addObject().put("type", "context");
        ArrayNode elements = context.putArray("elements");
        c.notes().forEach(note -> elements.addObject().put("type", "mrkdwn").put("text", mrkdwn(note)));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not serialise a Slack message", e);
        }
    }

    /** Slack's escaping for mrkdwn text: {@code &}, {@code <}, {@code >}, so no text can become a link or a mention. */
    public static String mrkdwn(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static void section(ArrayNode blocks, String mrkdwn) {
        blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                .put("text", cutEscaped(mrkdwn, SLACK_SECTION_MAX));
    }

    /** {@code ec2:TerminateInstances on arn:...:instance/i-0abc}, with "and N more" for lists. */
    private static String actionOnResource(RequestFacts facts) {
        return facts.actions().get(0) + more(facts.actions().size()) + " on " + facts.resources().get(0)
                + more(facts.resources().size());
    }

    private static String more(int size) {
        return size > 1 ? " and " + (size - 1) + " more" : "";
    }

    /** A subject line: control characters (CR/LF above all) become spaces, long text is cut. */
    private static String oneLine(String text, int max) {
        return cut(text.replaceAll("\\p{Cntrl}", " "), max);
    }

    private static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "…";
    }

    /** Cuts escaped mrkdwn without splitting an entity such as {@code &amp;}. */
    private static String cutEscaped(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        String cut = cut(text, max);
        int amp = cut.lastIndexOf('&');
        if (amp >= 0 && cut.indexOf(';', amp) < 0) {
            cut = cut.substring(0, amp) + "…";
        }
        return cut;
    }
}
