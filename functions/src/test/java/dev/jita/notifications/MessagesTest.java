package dev.jita.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.pages.Samples;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "<script>alert('x')</script> \"q\" & <!channel> <https://evil.example|Approve now> ünï 🚀";

    @Test
    void content_shouldNameActionAndResourceInTheSubject() {
        MessageContent c = Messages.content(NotifySamples.decisionNeeded());
        assertEquals("[jita] Approve ec2:TerminateInstances and 1 more on " + Samples.RESOURCE + "?", c.subject());
        assertEquals(Kind.DECISION_NEEDED, c.kind());
    }

    @Test
    void content_shouldKeepTheSubjectOnOneLine_whenAFieldHoldsLineBreaks() {
        var facts = new dev.jita.facts.RequestFacts("req-1", Samples.REQUESTER, List.of("ec2:StopInstances\r\nBcc: eve@example.com"),
                List.of(Samples.RESOURCE), java.time.Duration.ofHours(1), "why", java.util.Optional.empty(),
                java.util.Optional.empty(), "r", 0, 1);
        String subject = Messages.content(NotifySamples.decisionNeeded(facts)).subject();
        assertFalse(subject.contains("\r") || subject.contains("\n"), subject);
    }

    @Test
    void plainText_shouldCarryTheFactsAndTheLink() {
        String text = Messages.plainText(Messages.content(NotifySamples.decisionNeeded()));
        assertTrue(text.startsWith(Samples.REQUESTER + " asks for ec2:TerminateInstances and 1 more on " + Samples.RESOURCE + " for 1 h 30 min."));
        assertTrue(text.contains("Actions:\n  - ec2:TerminateInstances\n  - ec2:StopInstances\n"));
        assertTrue(text.contains("Resource: " + Samples.RESOURCE + "\n"));
        assertTrue(text.contains("For: 1 h 30 min, from approval\n"));
        assertTrue(text.contains("Why: " + Samples.JUSTIFICATION + "\n"));
        assertTrue(text.contains("Ticket: OPS-1234\n"));
        assertTrue(text.contains("Approvals: 1 of 2\n"));
        assertTrue(text.contains("Review and decide: " + NotifySamples.LINK + "\n"));
        assertTrue(text.contains("This link is for alice only; do not forward it."));
        assertTrue(text.contains("It works until 2026-11-23 10:30 UTC."));
    }

    @Test
    void html_shouldEscapeUserText_andLinkOnlyToTheConfirmPage() {
        String html = Messages.html(Messages.content(NotifySamples.decisionNeeded(Samples.facts(HOSTILE, "<b>T-1</b>"))));
        assertFalse(html.contains("<script"));
        assertFalse(html.contains("<b>T-1"));
        assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot;q&quot; &amp; &lt;!channel&gt;"));
        assertTrue(html.contains("ünï 🚀"));
        assertEquals(List.of(NotifySamples.LINK.toString()), hrefs(html));
    }

    @Test
    void slack_shouldBeBlockKitWithOneUrlButton_forADecision() throws Exception {
        JsonNode root = JSON.readTree(Messages.slack(Messages.content(NotifySamples.decisionNeeded())));
        assertTrue(root.get("text").isTextual());
        Set<String> allowed = Set.of("header", "section", "actions", "context");
        List<JsonNode> buttons = new ArrayList<>();
        for (JsonNode block : root.get("blocks")) {
            assertTrue(allowed.contains(block.get("type").asText()), block.toString());
            if (block.get("type").asText().equals("actions")) {
                block.get("elements").forEach(buttons::add);
            }
        }
        assertEquals(1, buttons.size());
        JsonNode button = buttons.get(0);
        assertEquals("button", button.get("type").asText());
        assertEquals("Review", button.get("text").get("text").asText());
        assertEquals(NotifySamples.LINK.toString(), button.get("url").asText());
        // A URL button only: no value or action_id that an app could turn into a decision without the confirm page.
        assertFalse(button.has("value"));
        assertFalse(button.has("action_id"));
        assertEquals("header", root.get("blocks").get(0).get("type").asText());
    }

    @Test
    void slack_shouldHaveNoButton_forMessagesThatAreNotADecision() throws Exception {
        for (Notification n : NotifySamples.everyKind(Samples.facts(), NotifySamples.LINK).subList(1, 6)) {
            String json = Messages.slack(Messages.content(n));
            for (JsonNode block : JSON.readTree(json).get("blocks")) {
                assertFalse(block.get("type").asText().equals("actions"), n.kind().toString());
            }
            assertFalse(json.contains(NotifySamples.LINK_TOKEN));
        }
    }

    @Test
    void slack_shouldEscapeMrkdwn_soUserTextCannotMentionOrLink() throws Exception {
        String json = Messages.slack(Messages.content(NotifySamples.decisionNeeded(Samples.facts(HOSTILE, "<!here>"))));
        for (String text : texts(JSON.readTree(json))) {
            assertFalse(text.contains("<!channel>"), text);
            assertFalse(text.contains("<!here>"), text);
            assertFalse(text.contains("<https://evil"), text);
            assertFalse(text.contains("<script"), text);
        }
        assertTrue(json.contains("&lt;script&gt;alert('x')&lt;/script&gt; \\\"q\\\" &amp; &lt;!channel&gt; &lt;https://evil.example|Approve now&gt; ünï 🚀"));
    }

    @Test
    void slack_shouldStayWithinSlacksLimits_withoutBreakingAnEntity_whenTheJustificationIsLong() throws Exception {
        String json = Messages.slack(Messages.content(NotifySamples.decisionNeeded(Samples.facts("&".repeat(999) + "<", null))));
        for (JsonNode block : JSON.readTree(json).get("blocks")) {
            if (block.get("type").asText().equals("section")) {
                String text = block.get("text").get("text").asText();
                assertTrue(text.length() <= Messages.SLACK_SECTION_MAX, "section of " + text.length());
                assertFalse(text.matches("(?s).*&[a-z]{0,3}…$"), "cut inside an entity");
            }
            if (block.get("type").asText().equals("header")) {
                assertTrue(block.get("text").get("text").asText().length() <= Messages.SLACK_HEADER_MAX);
            }
        }
    }

    @Test
    void content_shouldSayWhatHappened_forEveryKind() {
        List<String> headlines = NotifySamples.everyKind(Samples.facts(), NotifySamples.LINK).stream()
                .map(n -> Messages.content(n).subject() + " | " + Messages.content(n).headline()).toList();
        assertTrue(headlines.get(1).startsWith("[jita] Approved: ") && headlines.get(1).contains("was approved by bob, dave."));
        assertTrue(headlines.get(2).startsWith("[jita] Denied: ") && headlines.get(2).contains("was denied by bob."));
        assertTrue(headlines.get(3).startsWith("[jita] Timed out: ") && headlines.get(3).contains("No access was granted."));
        assertTrue(headlines.get(4).startsWith("[jita] Break-glass: ") && headlines.get(4).contains("under incident INC-4411 (SEV1)."));
        assertTrue(headlines.get(5).startsWith("[jita] First use: ") && headlines.get(5).endsWith(
                " used the grant for the first time: TerminateInstances (ec2.amazonaws.com) on i-0abc1234 at 2026-11-23 10:20 UTC."),
                headlines.get(5));
    }

    @Test
    void html_shouldEscapeIncidentFields_forBreakGlass() {
        var n = new Notification(NotifySamples.ALICE, Samples.facts(), new Message.BreakGlass("<i>INC</i>", "\"SEV1\""));
        String html = Messages.html(Messages.content(n));
        assertTrue(html.contains("under incident &lt;i&gt;INC&lt;/i&gt; (&quot;SEV1&quot;)."));
    }

    // CloudTrail's fields come from the target account: a resource name is whatever its creator chose.
    @Test
    void htmlAndSlack_shouldEscapeCloudTrailFields_forFirstUse() throws Exception {
        var n = new Notification(NotifySamples.ALICE, Samples.facts(), new Message.FirstUse(
                "arn:aws:sts::111122223333:assumed-role/Engineer/zoe", "<b>Terminate</b>", "ec2.amazonaws.com",
                List.of("<https://evil.example|click>"), Samples.CREATED, Optional.of("AccessDenied")));
        MessageContent content = Messages.content(n);
        String html = Messages.html(content);
        String slack = Messages.slack(content);

        assertTrue(html.contains("first time: &lt;b&gt;Terminate&lt;/b&gt; (ec2.amazonaws.com) on &lt;https://evil.example|click&gt;"), html);
        assertTrue(html.contains("; it was refused (AccessDenied)."), html);
        assertTrue(hrefs(html).isEmpty(), html);
        for (String text : texts(JSON.readTree(slack))) {
            assertFalse(text.contains("<https://evil"), text);
        }
    }

    private static List<String> hrefs(String html) {
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("text") && e.getValue().isTextual()) {
                    out.add(e.getValue().asText());
                } else {
                    out.addAll(texts(e.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> out.addAll(texts(child)));
        }
        return out;
    }
}
