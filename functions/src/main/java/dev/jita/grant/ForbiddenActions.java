package dev.jita.grant;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The grant's own copy of design.md's "never requestable" list, checked again right before a policy is built
 * (defence in depth: intake checks first). Kept in this one class so it can be replaced by the domain's single
 * guard once that exists.
 *
 * <p>IAM action names are case-insensitive, so matching is too: {@code IAM:passrole} is as forbidden as
 * {@code iam:PassRole}.
 */
public final class ForbiddenActions {

    /**
     * design.md, section "Rules": never requestable, whatever a rule says. The entries {@code *}, {@code iam:*},
     * {@code sts:*}, {@code organizations:*} and "any service:*" are wildcard requests, refused here because no
     * action with a wildcard ever reaches a policy; they are not read as "every iam action" since the list names
     * the dangerous iam actions one by one.
     */
    public static final List<String> PATTERNS = List.of(
            "iam:PassRole", "iam:Put*Policy", "iam:Attach*Policy", "iam:CreatePolicyVersion",
            "iam:SetDefaultPolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey",
            "iam:CreateLoginProfile", "iam:UpdateLoginProfile", "iam:Delete*PermissionsBoundary");

    /** service:Action as IAM spells it; anything else (wildcards, '?', '$', spaces) is refused outright. */
    private static final Pattern CONCRETE_ACTION = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}:[A-Za-z0-9]{1,128}",
            Pattern.CASE_INSENSITIVE);

    private static final List<Pattern> COMPILED = PATTERNS.stream().map(ForbiddenActions::globToRegex).toList();

    private ForbiddenActions() {
    }

    /**
     * Why this action may not appear in a jita policy, or empty when it may.
     *
     * @return a one-sentence reason naming the action
     */
    public static Optional<String> whyRefused(String action) {
        if (action == null || action.isEmpty()) {
            return Optional.of("An empty action cannot be granted.");
        }
        if (containsWildcardOrVariable(action)) {
            return Optional.of("Action '" + action + "' contains '*', '?' or '$'; name one concrete action.");
        }
        if (!CONCRETE_ACTION.matcher(action).matches()) {
            return Optional.of("Action '" + action + "' is not of the form service:Action.");
        }
        for (int i = 0; i < COMPILED.size(); i++) {
            if (COMPILED.get(i).matcher(action).matches()) {
                return Optional.of("Action '" + action + "' is never grantable (matches '" + PATTERNS.get(i)
                        + "' of the forbidden list).");
            }
        }
        return Optional.empty();
    }

    /** '*' and '?' are IAM wildcards; '$' starts a policy variable such as ${aws:username}. */
    static boolean containsWildcardOrVariable(String s) {
        return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('$') >= 0;
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part.toLowerCase(Locale.ROOT)));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
