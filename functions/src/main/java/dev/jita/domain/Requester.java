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
}
