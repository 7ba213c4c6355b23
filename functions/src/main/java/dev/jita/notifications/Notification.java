package dev.jita.notifications;

import dev.jita.facts.RequestFacts;

import java.util.Objects;

/**
 * One message to one person about one request. Nothing secret: never a task token, never a key. The only
 * credential it can hold is the recipient's own link ({@link Message.DecisionNeeded}), and {@link #toString}
 * leaves that out.
 */
public record Notification(Recipient to, RequestFacts facts, Message message) {

    public Notification {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(message, "message");
    }

    public Kind kind() {
        return message.kind();
    }
}
