package dev.jita.grants;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The grant will not be put in place, and trying again will not change that. Final: the workflow's Grant state
 * does not retry it and goes to GrantFailed, which records FAILED with this message as the reason.
 */
public final class GrantRefused extends RuntimeException {

    /** Why, as a code for logs, the audit trail and tests. */
    public enum Reason {
        /** The request is not (or no longer) there. */
        NOT_FOUND,
        /** The request is not approved (it is pending, denied, cancelled, ...). */
        NOT_APPROVED,
        /** The stored request no longer hashes to what the approvers approved. */
        HASH_MISMATCH,
        /** The rules, as they read now, no longer allow the request. */
        RULE_NO_LONGER_ALLOWS,
        /** The window is malformed, differs from the approved one, or is longer than asked. */
        WINDOW_INVALID,
        /** The window's end has passed. */
        WINDOW_PASSED,
        /** The role does not exist, lies outside the eligible path, or the session is not of it. */
        ROLE_NOT_ELIGIBLE,
        /** The policy would take the role's inline policies over IAM's 10,240-character aggregate limit. */
        SIZE_LIMIT,
        /** The policy could not be built (wildcard, forbidden action, identity not a session of the role). */
        POLICY_REFUSED,
        /** IAM refused the put for a reason retrying cannot fix (permissions, malformed document, names). */
        IAM_REFUSED,
        /** The requester's account is a configured target, but STS refused jita's target role there. */
        TARGET_ACCOUNT_UNREACHABLE,
        /** The requester's account is neither jita's own nor a configured target; no STS call was made. */
        TARGET_ACCOUNT_NOT_CONFIGURED,
        /** The requester signs in through IAM Identity Center, which this jita is not configured for. */
        IDENTITY_CENTER_NOT_CONFIGURED,
        /** The Identity Store has no user with the session's user name. */
        IDENTITY_CENTER_USER_NOT_FOUND,
        /** Identity Center refused a call for a reason retrying cannot fix (permissions, quota, names). */
        IDENTITY_CENTER_REFUSED,
        /** Identity Center could not provision the assignment of the request's permission set. */
        PROVISIONING_FAILED,
        /** Identity Center was still provisioning when the workflow's bounded wait ran out. */
        PROVISIONING_NOT_FINISHED;

        /** Whether the grant never reached the requester's account, so it cannot have put anything there. */
        public boolean accountNeverReached() {
            return this == TARGET_ACCOUNT_UNREACHABLE || this == TARGET_ACCOUNT_NOT_CONFIGURED;
        }
    }

    // The code travels to the revoke step inside the Lambda error's message, the only text Step Functions carries.
    private static final Pattern CODE = Pattern.compile("\\[([A-Z_]+)]$");

    private final Reason reason;

    /** @param message one sentence for a person: what was wrong and what to do */
    public GrantRefused(Reason reason, String message) {
        this(reason, message, null);
    }

    public GrantRefused(Reason reason, String message, Throwable cause) {
        super(message + " [" + Objects.requireNonNull(reason, "reason").name() + "]", cause);
        this.reason = reason;
    }

    /** The reason code at the end of a refusal's message, as the workflow hands it to the revoke step. */
    public static Optional<Reason> reasonIn(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = CODE.matcher(message.strip());
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Reason.valueOf(m.group(1)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    public Reason reason() {
        return reason;
    }
}
