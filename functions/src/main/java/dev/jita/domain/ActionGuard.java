package dev.jita.domain;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one place that decides whether an action name may ever be requested; the rules loader refuses a rules
 * file that lists such an action, and eligibility refuses a request holding one whatever the rules say.
 *
 * <p>Case: IAM compares action names case-insensitively, so {@code IAM:passrole} is {@code iam:PassRole}.
 * Names are checked against strict ASCII syntax first and compared in lowercase ({@link #canonical}); the ASCII
 * check matters because Unicode case folding would otherwise let a look-alike such as {@code ıam:PassRole}
 * (dotless i) slip past a lowercase comparison.
 */
public final class ActionGuard {

    /** Longer than any real action name (the longest are under 100 characters). */
    public static final int MAX_LENGTH = 128;

    // service prefixes: ec2, s3-object-lambda, execute-api; action names: TerminateInstances
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9]+(-[A-Za-z0-9]+)*:[A-Za-z0-9]+");
    private static final Pattern ACTION_WITH_WILDCARDS =
            Pattern.compile("[A-Za-z0-9*?]+(-[A-Za-z0-9*?]+)*:[A-Za-z0-9*?]+");

    /**
     * design.md's "Never requestable" list, in lowercase, as IAM-style patterns. Wildcard actions ({@code *},
     * {@code iam:*}, {@code sts:*}, {@code organizations:*}, any {@code service:*}) are refused before these are
     * consulted. Two additions, both privilege escalation by the same route as entries already listed:
     * {@code iam:Put*PermissionsBoundary} (replacing a boundary undoes it as surely as deleting it) and
     * {@code iam:AddUserToGroup} (joining an admin group is attaching its policies). And the other ways to mint
     * a credential that outlives the grant, like {@code iam:CreateAccessKey}: service-specific credentials
     * (CodeCommit, Keyspaces) created or reset, an SSH key or a signing certificate uploaded, an inactive access
     * key made active again ({@code iam:UpdateAccessKey}); each would keep access after the window ends.
     *
     * <p>design.md lists {@code sts:*} and {@code organizations:*} beside the concrete iam actions; we read them as
     * whole services: any STS action (AssumeRole above all) lets a session become another principal the rule never
     * described, and Organizations acts on every account at once. A JIT grant should never be a way into either.
     */
    static final List<String> FORBIDDEN = List.of(
            "iam:passrole",
            "iam:put*policy",
            "iam:attach*policy",
            "iam:createpolicyversion",
            "iam:setdefaultpolicyversion",
            "iam:updateassumerolepolicy",
            "iam:createaccesskey",
            "iam:createloginprofile",
            "iam:updateloginprofile",
            "iam:delete*permissionsboundary",
            "iam:put*permissionsboundary",
            "iam:addusertogroup",
            "iam:createservicespecificcredential",
            "iam:resetservicespecificcredential",
            "iam:uploadsshpublickey",
            "iam:uploadsigningcertificate",
            "iam:updateaccesskey",
            "sts:*",
            "organizations:*");

    private ActionGuard() {
    }

    /** Empty when {@code action} is a well-formed, concrete, requestable action; otherwise why not. */
    public static Optional<Refusal> refusal(String action) {
        if (action == null || action.isEmpty()) {
            return Optional.of(new Refusal(Reason.INVALID_ACTION,
                    "An action is empty; name it as service:Action, like ec2:TerminateInstances."));
        }
        if (action.length() > MAX_LENGTH) {
            return Optional.of(new Refusal(Reason.INVALID_ACTION, "An action is " + action.length()
                    + " characters long, more than any real action; name it as service:Action."));
        }
        if (action.equals("*")) {
            return Optional.of(new Refusal(Reason.FORBIDDEN_ACTION,
                    "'*' (every action) is never requestable; list the actions you need by name."));
        }
        if (Glob.hasWildcard(action)) {
            if (!ACTION_WITH_WILDCARDS.matcher(action).matches()) {
                return Optional.of(invalid(action));
            }
            String lower = canonicalUnchecked(action);
            String name = lower.substring(lower.indexOf(':') + 1);
            if (name.chars().allMatch(c -> c == '*')) {
                return Optional.of(new Refusal(Reason.FORBIDDEN_ACTION, "'" + action
                        + "' (every action of a service) is never requestable; list the actions you need by name."));
            }
            if (FORBIDDEN.contains(lower)) {
                return Optional.of(forbidden(action));
            }
            return Optional.of(new Refusal(Reason.WILDCARD_NOT_ALLOWED, "'" + action
                    + "' contains a wildcard; list each action by its full name."));
        }
        if (!ACTION.matcher(action).matches()) {
            return Optional.of(invalid(action));
        }
        String lower = canonicalUnchecked(action);
        for (String pattern : FORBIDDEN) {
            if (Glob.matches(pattern, lower)) {
                return Optional.of(forbidden(action));
            }
        }
        return Optional.empty();
    }

    public static boolean isRequestable(String action) {
        return refusal(action).isEmpty();
    }

    /** The form actions are compared and hashed in: lowercase, as IAM treats them. Refuses malformed names. */
    public static String canonical(String action) {
        if (action == null || !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("'" + action + "' is not an action name like ec2:TerminateInstances");
        }
        return canonicalUnchecked(action);
    }

    /** Whether two well-formed action names are the same action to IAM. */
    public static boolean same(String a, String b) {
        return canonical(a).equals(canonical(b));
    }

    private static String canonicalUnchecked(String action) {
        return action.toLowerCase(Locale.ROOT);
    }

    private static Refusal invalid(String action) {
        return new Refusal(Reason.INVALID_ACTION, "'" + printable(action)
                + "' is not an action name; write it as service:Action, like ec2:TerminateInstances.");
    }

    private static Refusal forbidden(String action) {
        return new Refusal(Reason.FORBIDDEN_ACTION, "'" + action
                + "' can grant further permissions and is never requestable; ask an administrator instead.");
    }

    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        StringBuilder b = new StringBuilder();
        cut.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || cp > 0x7e) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}
