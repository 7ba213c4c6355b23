package dev.jita.domain;

import java.util.Objects;

/**
 * Who asks, as API Gateway's IAM authorizer established it (requestContext.identity), never from a body.
 *
 * @param arn         the caller's ARN, e.g. {@code arn:aws:sts::111122223333:assumed-role/Engineer/alice}
 * @param accountId   the caller's account
 * @param roleName    the role the grant goes to (ROLE of assumed-role/ROLE/SESSION)
 * @param sessionName the session the grant is scoped to
 * @param userId      the caller's aws:userid, {@code <roleUniqueId>:<sessionName>} for an assumed role
 */
public record Requester(String arn, String accountId, String roleName, String sessionName, String userId) {
    public Requester {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(userId, "userId");
    }

    /** The role's ARN as rules name it in {@code requesters}: {@code arn:aws:iam::ACCT:role/ROLE}. */
    public String roleArn() {
        String partition = arn.split(":", 3)[1];
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }

    /**
     * Whether {@code principal}, an ARN from the rules (an approver's principal, an admin, an auditor), names this
     * caller: their role (any session of it) or exactly their session. IAM role names are case-insensitive (one
     * account cannot hold both Engineer and engineer), so the role part is compared ignoring case; the session
     * name is compared exactly. The loader refuses role ARNs with a path, which no session ARN would carry.
     */
    public boolean isNamedBy(String principal) {
        if (principal == null) {
            return false;
        }
        if (principal.equalsIgnoreCase(roleArn())) {
            return true;
        }
        int session = arn.lastIndexOf('/') + 1;
        return principal.length() == arn.length() && principal.regionMatches(true, 0, arn, 0, session)
                && principal.startsWith(sessionName, session);
    }
}
