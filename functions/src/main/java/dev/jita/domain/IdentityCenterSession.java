package dev.jita.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IAM Identity Center (SSO) sign-in: the caller acts as the role Identity Center provisioned for one permission
 * set in one account, {@code AWSReservedSSO_<PermissionSetName>_<16 hex>}, and the session is named after the
 * Identity Store user. Such a role cannot be changed through IAM, so these requesters are named in rules by their
 * permission set ({@code identity-center:permission-set/<Name>}) and granted through Identity Center.
 *
 * @param permissionSetName the permission set the user signed in with
 * @param userName          the Identity Store user name (the session name)
 */
public record IdentityCenterSession(String permissionSetName, String userName) {

    /** How a rule's {@code requesters} entry names Identity Center users: {@code identity-center:<kind>/<name>}. */
    public static final String REQUESTER_PREFIX = "identity-center:";
    /** The one kind supported so far: every user on a permission set. */
    public static final String PERMISSION_SET_KIND = "permission-set/";
    /** Identity Center's limit on a permission set name. */
    public static final int MAX_PERMISSION_SET_NAME = 32;
    /** The prefix of every role Identity Center provisions (IAM compares role names ignoring case). */
    private static final String ROLE_PREFIX = "AWSReservedSSO_";

    // Permission set names may contain '_' themselves: the greedy group backtracks to the last '_' before the
    // 16-hex suffix, so the suffix is read from the right.
    private static final Pattern ROLE_NAME =
            Pattern.compile("AWSReservedSSO_([\\w+=,.@-]{1," + MAX_PERMISSION_SET_NAME + "})_[0-9a-f]{16}");

    public IdentityCenterSession {
        Objects.requireNonNull(permissionSetName, "permissionSetName");
        Objects.requireNonNull(userName, "userName");
    }

    /** The session of {@code roleName}/{@code sessionName}, when the role is one Identity Center provisioned. */
    public static Optional<IdentityCenterSession> of(String roleName, String sessionName) {
        return permissionSetOf(roleName).map(ps -> new IdentityCenterSession(ps, sessionName));
    }

    /** The permission set of an Identity Center role name, or empty for any other role name. */
    public static Optional<String> permissionSetOf(String roleName) {
        Matcher m = ROLE_NAME.matcher(roleName);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * Whether {@code roleName} is in Identity Center's reserved name space (ignoring case, as IAM compares role
     * names), well formed or not. Such a role is never matched by a role ARN in a rule: its users are granted
     * through Identity Center and named by permission set.
     */
    public static boolean isReservedRoleName(String roleName) {
        return roleName.regionMatches(true, 0, ROLE_PREFIX, 0, ROLE_PREFIX.length());
    }

    /** Whether a rule's {@code requesters} entry is meant for Identity Center (any kind, any case of the prefix). */
    public static boolean isRequesterEntry(String entry) {
        return entry.regionMatches(true, 0, REQUESTER_PREFIX, 0, REQUESTER_PREFIX.length());
    }

    /**
     * The permission set name (a glob) of an entry {@code identity-center:permission-set/<Name>}, or empty for any
     * other entry. The loader has validated the name; nothing else is read.
     */
    public static Optional<String> permissionSetPattern(String entry) {
        String prefix = REQUESTER_PREFIX + PERMISSION_SET_KIND;
        return entry.startsWith(prefix) ? Optional.of(entry.substring(prefix.length())) : Optional.empty();
    }

    /** Whether this session's permission set matches {@code pattern} ({@code *} and {@code ?} as in IAM). */
    public boolean onPermissionSet(String pattern) {
        return Glob.matches(pattern, permissionSetName);
    }

    /** The entry a rule needs in {@code requesters} to let this session request. */
    public String requesterEntry() {
        return REQUESTER_PREFIX + PERMISSION_SET_KIND + permissionSetName;
    }
}
