package dev.jita.notifications;

import dev.jita.facts.Fact;

import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a message says, before it is formatted for a channel: {@link Messages} writes the words once and formats
 * them as plain text, e-mail HTML or Slack Block Kit. All strings are unescaped.
 *
 * @param link  the confirm page, for {@link Kind#DECISION_NEEDED} only
 * @param notes short closing lines (the link is personal, when it expires)
 */
public record MessageContent(Kind kind, String subject, String headline, List<Fact> facts, Optional<URI> link,
                             List<String> notes) {

    public MessageContent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(headline, "headline");
        facts = List.copyOf(facts);
        Objects.requireNonNull(link, "link");
        notes = List.copyOf(notes);
    }

    /** Leaves the link out: it is a credential. */
    @Override
    public String toString() {
        return "MessageContent[kind=" + kind + ", subject=" + subject + ", link=" + (link.isPresent() ? "<redacted>" : "none") + "]";
    }
}
