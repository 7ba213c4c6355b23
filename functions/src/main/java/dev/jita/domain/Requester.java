package dev.jita.domain;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

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

    /** A role's unique id (AROA...), as IAM issues it: what {@link #userId} carries before the ':'. */
    private static final Pattern ROLE_UNIQUE_ID = Pattern.compile("[A-Z0-9]{16,128}");

    public Requester {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(roleName, "roleName");
        Objects.requireNonNull(sessionName, "sessionName");
        Objects.requireNonNull(userId, "userId");
    }

    /**
     * The Identity Center sign-in this session is, when its role is one Identity Center provisioned
     * ({@code AWSReservedSSO_<PermissionSetName>_<16 hex>}); the session name is then the user name.
     */
    public Optional<IdentityCenterSession> identityCenter() {
        return IdentityCenterSession.of(roleName, sessionName);
    }

    /** The role's ARN as rules name it in {@code requesters}: {@code arn:aws:iam::ACCT:role/ROLE}. */
    public String roleArn() {
        String partition = arn.split(":", 3)[1];
        return "arn:" + partition + ":iam::" + accountId + ":role/" + roleName;
    }

    /**
     * The role this caller acts as, for whatever is counted per role (intake's caps): the role's unique id where
     * {@link #userId} carries one, else the role ARN in lower case (role names are case-insensitive). Never the
     * session, which whoever calls sts:AssumeRole chooses freely; and a role deleted and created again under the
     * same name gets a new unique id, so it starts afresh.
     */
    public String roleId() {
        int colon = userId.indexOf(':');
        if (colon > 0 && ROLE_UNIQUE_ID.matcher(userId.substring(0, colon)).matches()) {
            return userId.substring(0, colon);
        }
        return roleArn().toLowerCase(Locale.ROOT);
    }

    /**
     * Who intake's caps count: {@link #roleId()} for an IAM role (any session of it, whose name the caller picks), and
     * that plus the user name for an IAM Identity Center user, whose session name Identity Center sets to the user:
     * the users of one permission set share its role, but neither each other's caps nor (their grants being permission
     * sets of their own) the role's inline-policy budget the grants cap protects.
     */
    public String capsKey() {
        return identityCenter().map(session -> roleId() + ":" + session.userName()).orElseGet(this::roleId);
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
