package dev.jita.iam;

import java.util.Optional;
import java.util.regex.Pattern;

/** IAM's naming rules for what jita creates or names, in one place for the policy builder and the stand-in. */
public final class IamNames {

    /** IAM API reference, PutRolePolicy PolicyName: 1..128 characters of [\w+=,.@-]. */
    private static final Pattern POLICY_NAME = Pattern.compile("[\\w+=,.@-]{1,128}");
    /** IAM API reference, CreateRole RoleName: 1..64 characters of [\w+=,.@-]. */
    private static final Pattern ROLE_NAME = Pattern.compile("[\\w+=,.@-]{1,64}");
    /** IAM API reference, Path: "/" or "/segments/", 1..512 characters of printable ASCII without spaces. */
    private static final Pattern PATH = Pattern.compile("/|/[\\u0021-\\u007E&&[^/]]+(/[\\u0021-\\u007E&&[^/]]+)*/");

    private IamNames() {
    }

    public static Optional<String> whyPolicyNameRefused(String name) {
        if (name == null || !POLICY_NAME.matcher(name).matches()) {
            return Optional.of("Policy name '" + name + "' must be 1 to 128 characters of letters, digits and +=,.@_-.");
        }
        return Optional.empty();
    }

    public static Optional<String> whyRoleNameRefused(String name) {
        if (name == null || !ROLE_NAME.matcher(name).matches()) {
            return Optional.of("Role name '" + name + "' must be 1 to 64 characters of letters, digits and +=,.@_-.");
        }
        return Optional.empty();
    }

    public static Optional<String> whyPathRefused(String path) {
        if (path == null || path.length() > 512 || !PATH.matcher(path).matches()) {
            return Optional.of("IAM path '" + path + "' must start and end with '/' (e.g. /jita/), at most 512 characters.");
        }
        return Optional.empty();
    }
}
