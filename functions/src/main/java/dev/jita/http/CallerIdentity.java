package dev.jita.http;

/**
 * Who called, exactly as API Gateway's IAM authorizer put it in {@code requestContext.identity}: the only source of
 * a caller's identity jita trusts (security.md, "Requester identity only from the authenticated request context").
 * Any field may be null; a call without {@code userArn} is unauthenticated.
 *
 * @param userArn   the signing principal's ARN, e.g. {@code arn:aws:sts::111122223333:assumed-role/Engineer/alice}
 * @param caller    its unique id, {@code <roleUniqueId>:<session>} for an assumed role
 * @param accountId the signing principal's account
 * @param sourceIp  the client address API Gateway saw
 * @param userAgent the client's User-Agent as API Gateway saw it
 */
public record CallerIdentity(String userArn, String caller, String accountId, String sourceIp, String userAgent) {

    public static final CallerIdentity ANONYMOUS = new CallerIdentity(null, null, null, null, null);

    public boolean authenticated() {
        return userArn != null && !userArn.isBlank();
    }
}
