package dev.jita.domain;

import java.util.Locale;
import java.util.Objects;

/**
 * A named person who may approve, from the rules file.
 *
 * @param principal        optional ARN: an assumed-role session ({@code arn:aws:sts::A:assumed-role/R/alice}), or a
 *                         role or user ARN when the person is known only by it
 * @param notifyOnFirstUse whether this person wants a message when a grant they may approve is first used
 */
public record Approver(String id, String email, String principal, boolean notifyOnFirstUse) {
    public Approver {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
    }

    /** An approver who has not opted in to any message beyond the decisions. */
    public Approver(String id, String email, String principal) {
        this(id, email, principal, false);
    }

    /**
     * Whether this approver might be the requester, in which case their approval never counts (no
     * self-approval). Errs on the side of "might": an approver known by a role ARN might be any session of that
     * role, and an id or email equal to the session name (SSO sessions are named after the person) is taken to
     * be the same person. The principal is compared ignoring case throughout (role names are case-insensitive in
     * IAM; for the session name, "might" is the safe reading) and a role's path is ignored: the loader refuses
     * paths, but a rule book built another way must not let its approvers approve themselves.
     */
    public boolean mightBe(Requester requester) {
        if (principal != null && (requester.isNamedBy(withoutPath(principal))
                || principal.equalsIgnoreCase(requester.arn()))) {
            return true;
        }
        String session = requester.sessionName().toLowerCase(Locale.ROOT);
        return id.toLowerCase(Locale.ROOT).equals(session) || email.toLowerCase(Locale.ROOT).equals(session);
    }

    /** {@code arn:P:iam::A:role/path/Name} as {@code arn:P:iam::A:role/Name}; anything else unchanged. */
    private static String withoutPath(String arn) {
        int role = arn.indexOf(":role/");
        return role < 0 ? arn : arn.substring(0, role + ":role/".length()) + arn.substring(arn.lastIndexOf('/') + 1);
    }
}
