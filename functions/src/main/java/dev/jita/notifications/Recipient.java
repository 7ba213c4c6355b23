package dev.jita.notifications;

import java.util.Objects;
import java.util.Optional;

/**
 * Whom a notification goes to: an approver of the rules file.
 *
 * @param approverId the rules file's id
 * @param email      where SES sends; empty when the person has no e-mail channel
 * @param slack      the name of this person's own Slack webhook in the webhook secret (a direct-message webhook:
 *                   a decision link is a personal credential and must never land in a shared channel)
 */
public record Recipient(String approverId, Optional<String> email, Optional<String> slack) {

    public Recipient {
        Objects.requireNonNull(approverId, "approverId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(slack, "slack");
        email.ifPresent(Recipient::requireAddress);
    }

    public static Recipient email(String approverId, String email) {
        return new Recipient(approverId, Optional.of(email), Optional.empty());
    }

    private static void requireAddress(String email) {
        int at = email.indexOf('@');
        if (at < 1 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.length() > 254
                || email.chars().anyMatch(c -> c <= ' ' || c == '<' || c == '>' || c == ',' || c == ';' || c == 127)) {
            throw new IllegalArgumentException("'" + email + "' is not a single plain e-mail address; fix the approver's email in the rules file.");
        }
    }
}
