package dev.jita.rules;

import static dev.jita.rules.Fields.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.domain.ActionGuard;
import dev.jita.domain.Approver;
import dev.jita.domain.Arn;
import dev.jita.domain.ArnPattern;
import dev.jita.domain.AutoApprove;
import dev.jita.domain.Eligibility;
import dev.jita.domain.Glob;
import dev.jita.domain.IdentityCenterSession;
import dev.jita.domain.InvalidArnException;
import dev.jita.domain.Rule;
import dev.jita.domain.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads one rule of a rules file, with the defaults applied. */
final class RuleParser {
    private static final Set<String> RULE_FIELDS = Set.of("id", "description", "actions", "resources",
            "requesters", "approvers", "approvalsRequired", "maxDuration", "approvalTimeout", "autoApprove",
            "breakGlass", "accounts");
    private static final Set<String> AUTO_APPROVE_FIELDS = Set.of("always", "incident");
    private static final Set<String> INCIDENT_FIELDS = Set.of("minSeverity", "onCallOnly");
    private static final int MAX_DESCRIPTION = 500;
    private static final String IDENTITY_CENTER_EXAMPLE = "identity-center:permission-set/Developer";
    /** A permission set name as Identity Center allows it, plus {@code *} for a glob. */
    private static final Pattern PERMISSION_SET_PATTERN = Pattern.compile("[\\w+=,.@*-]+");

    private final Fields fields;
    private final Durations durations;

    RuleParser(Fields fields, Durations durations) {
        this.fields = fields;
        this.durations = durations;
    }

    /**
     * The rule at {@code position} (from 1), or empty when anything about it is wrong.
     *
     * @param seenIds rule id to the position that first used it, filled in as rules are read
     */
    Optional<Rule> rule(JsonNode node, int position, Map<String, List<Approver>> groups,
                        Optional<Duration> defaultMax, Optional<Duration> defaultTimeout,
                        Map<String, Integer> seenIds) {
        if (!node.isObject()) {
            fields.error("rule #" + position, "",
                    "must be a mapping with id, actions, resources, requesters, approvers ...");
            return Optional.empty();
        }
        JsonNode idNode = present(node, "id");
        String where = idNode != null && idNode.isTextual() && !idNode.asText().isEmpty()
                ? "rule '" + idNode.asText() + "'"
                : "rule #" + position;
        int before = fields.errorCount();
        fields.unknownFields(node, RULE_FIELDS, where, "");

        String id = fields.text(node, "id", where, true);
        if (id != null) {
            if (!Fields.NAME.matcher(id).matches()) {
                fields.error(where, "id", "'" + id + "' must be letters, digits, '.', '_' or '-' (at most 64)");
            }
            Integer first = seenIds.putIfAbsent(id, position);
            if (first != null) {
                fields.error(where, "id", "'" + id + "' is already the id of rule #" + first + " (this is rule #"
                        + position + "); give each rule its own id");
            }
        }
        String description = fields.text(node, "description", where, false);
        if (description != null && description.length() > MAX_DESCRIPTION) {
            fields.error(where, "description", "is longer than " + MAX_DESCRIPTION + " characters; shorten it");
        }

        List<String> actions = fields.requiredStrings(node, "actions", where);
        for (String action : actions) {
            ActionGuard.refusal(action).ifPresent(r -> fields.error(where, "actions", switch (r.reason()) {
                case FORBIDDEN_ACTION -> "'" + action + "' is never requestable (design.md, \"Never "
                        + "requestable\"); remove it from the rule";
                case WILDCARD_NOT_ALLOWED -> "'" + action + "' contains a wildcard; list each action by its "
                        + "full name";
                default -> r.message();
            }));
        }

        List<String> resources = fields.requiredStrings(node, "resources", where);
        for (String resource : resources) {
            try {
                ArnPattern.parse(resource);
            } catch (InvalidArnException e) {
                fields.error(where, "resources", e.getMessage());
            }
        }

        List<String> requesters = fields.requiredStrings(node, "requesters", where);
        for (String requester : requesters) {
            checkRequester(requester, where);
        }

        List<String> accounts = accounts(present(node, "accounts"), requesters, where);

        AutoApprove autoApprove = autoApprove(present(node, "autoApprove"), where);
        boolean always = autoApprove.always();

        JsonNode groupNode = present(node, "approvers");
        String group = null;
        if (groupNode == null) {
            if (!always) {
                fields.error(where, "approvers", "is missing; name an approver group (or set autoApprove.always)");
            }
        } else if (!groupNode.isTextual()) {
            fields.error(where, "approvers", "must be the name of an approver group, like sre-leads");
        } else {
            group = groupNode.asText();
            if (!groups.containsKey(group)) {
                fields.error(where, "approvers", "'" + group + "' is not an approver group; define it under "
                        + "approverGroups or use one of " + (groups.isEmpty() ? "(none defined)"
                        : String.join(", ", groups.keySet())));
            }
        }

        int approvals = approvalsRequired(present(node, "approvalsRequired"), where, always);
        List<Approver> members = group == null ? List.of() : groups.getOrDefault(group, List.of());
        if (group != null && !members.isEmpty() && approvals > members.size()) {
            fields.error(where, "approvalsRequired", approvals + " is more than the " + members.size()
                    + " approvers in group '" + group + "'; lower it or add approvers");
        } else if (group != null && approvals > 0 && !members.isEmpty()) {
            checkSomeoneCanApprove(where, group, members, requesters, accounts, approvals);
        }

        Optional<Duration> max = durations.grantDuration(present(node, "maxDuration"), where, "maxDuration");
        if (present(node, "maxDuration") == null) {
            max = defaultMax;
            if (max.isEmpty() && !fields.hasError("", "defaults.maxDuration")) {
                fields.error(where, "maxDuration",
                        "is missing and there is no defaults.maxDuration; set one, like PT1H");
            }
        }
        Optional<Duration> timeout =
                durations.approvalTimeout(present(node, "approvalTimeout"), where, "approvalTimeout");
        if (present(node, "approvalTimeout") == null) {
            timeout = defaultTimeout;
            if (timeout.isEmpty() && !always && !fields.hasError("", "defaults.approvalTimeout")) {
                fields.error(where, "approvalTimeout",
                        "is missing and there is no defaults.approvalTimeout; set one, like PT30M");
            }
        }

        boolean breakGlass = fields.bool(present(node, "breakGlass"), where, "breakGlass", false);

        if (fields.errorCount() > before || max.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Rule(id, description, actions, resources, requesters, accounts, group, approvals,
                max.get(), timeout.orElse(Duration.ZERO), autoApprove, breakGlass));
    }

    /**
     * The accounts a rule covers: a list of 12-digit ids, or {@code "*"} (alone, or as the list's one entry) for any
     * account. Required when a requester pattern leaves its account open (a wildcard), so that no rule reaches every
     * account of an organization by accident; a requester whose concrete account the list leaves out could never
     * request, which is a mistake in the file.
     */
    private List<String> accounts(JsonNode node, List<String> requesters, String where) {
        List<String> open = requesters.stream().filter(r -> Glob.hasWildcard(account(r))).toList();
        Optional<String> identityCenter = requesters.stream().filter(IdentityCenterSession::isRequesterEntry)
                .findFirst();
        if (node == null) {
            if (identityCenter.isPresent()) {
                fields.error(where, "accounts", "is missing, but requester " + identityCenter.get() + " names"
                        + " Identity Center users, whose permission set may be assigned in any account; name the"
                        + " accounts the rule covers, like accounts: [\"444455556666\"], or accounts: \"*\" for"
                        + " every account");
            } else if (!open.isEmpty()) {
                fields.error(where, "accounts", "is missing, but requester " + open.get(0) + " matches any account;"
                        + " name the accounts the rule covers, like accounts: [\"444455556666\"], or accounts: \"*\""
                        + " for every account");
            }
            return List.of();
        }
        if (node.isTextual() && node.asText().equals(Rule.ANY_ACCOUNT)) {
            return List.of(Rule.ANY_ACCOUNT);
        }
        List<String> accounts = fields.strings(node, where, "accounts");
        if (accounts.contains(Rule.ANY_ACCOUNT)) {
            if (accounts.size() > 1) {
                fields.error(where, "accounts", "lists \"*\" with other accounts; \"*\" alone covers every account");
            }
            return List.of(Rule.ANY_ACCOUNT);
        }
        for (String account : accounts) {
            if (!Arn.isAccount(account)) {
                fields.error(where, "accounts", "'" + account + "' is not a 12-digit account id; quote ids in"
                        + " YAML, like \"012345678901\", or leading zeros are lost");
            }
        }
        for (String requester : requesters) {
            String account = account(requester);
            if (!Glob.hasWildcard(account) && !account.isEmpty() && !accounts.contains(account)) {
                fields.error(where, "accounts", "leave out account " + account + " of requester " + requester
                        + ", so that requester could never request; add the account or remove the requester");
            }
        }
        return List.copyOf(accounts);
    }

    /**
     * The account field of a requester pattern, or empty when it has no such field (an Identity Center entry,
     * whose accounts are the rule's; anything else is reported elsewhere).
     */
    private static String account(String requester) {
        String[] parts = requester.split(":", 6);
        return parts.length == 6 ? parts[4] : "";
    }

    private void checkRequester(String requester, String where) {
        if (IdentityCenterSession.isRequesterEntry(requester)) {
            checkIdentityCenterRequester(requester, where);
            return;
        }
        ArnPattern pattern;
        try {
            pattern = ArnPattern.parse(requester);
        } catch (InvalidArnException e) {
            fields.error(where, "requesters", e.getMessage());
            return;
        }
        String resource = pattern.resource();
        if (!pattern.service().equals("iam") || !resource.startsWith("role/")
                || resource.indexOf('/', "role/".length()) >= 0 || resource.length() == "role/".length()) {
            fields.error(where, "requesters", "'" + requester + "' is not a role ARN like "
                    + "arn:aws:iam::111122223333:role/Engineer; name roles without their path, since a "
                    + "session's ARN does not carry it");
        } else if (IdentityCenterSession.isReservedRoleName(resource.substring("role/".length()))) {
            // Such roles are Identity Center's: IAM refuses jita's changes to them, and eligibility never lets a
            // role ARN match them, so the entry could only ever mislead.
            fields.error(where, "requesters", "'" + requester + "' names an IAM Identity Center role; name its"
                    + " users by permission set instead, like identity-center:permission-set/Developer, and list"
                    + " the rule's accounts");
        }
    }

    /** {@code identity-center:permission-set/<Name>}, Name 1..32 of Identity Center's characters, {@code *} allowed. */
    private void checkIdentityCenterRequester(String requester, String where) {
        String kindAndName = requester.substring(IdentityCenterSession.REQUESTER_PREFIX.length());
        if (!requester.startsWith(IdentityCenterSession.REQUESTER_PREFIX)) {
            fields.error(where, "requesters", "'" + requester + "' must start with "
                    + IdentityCenterSession.REQUESTER_PREFIX + " in lower case, like "
                    + IDENTITY_CENTER_EXAMPLE);
            return;
        }
        if (!kindAndName.startsWith(IdentityCenterSession.PERMISSION_SET_KIND)) {
            int slash = kindAndName.indexOf('/');
            String kind = slash < 0 ? kindAndName : kindAndName.substring(0, slash);
            fields.error(where, "requesters", "'" + requester + "': " + (kind.equalsIgnoreCase("group")
                    ? "Identity Center groups are not supported yet; name the permission set the group's members"
                    + " sign in with, like " + IDENTITY_CENTER_EXAMPLE
                    : "'" + kind + "' is not a kind of Identity Center requester; the only kind is permission-set,"
                    + " like " + IDENTITY_CENTER_EXAMPLE));
            return;
        }
        String name = kindAndName.substring(IdentityCenterSession.PERMISSION_SET_KIND.length());
        if (name.isEmpty()) {
            fields.error(where, "requesters", "'" + requester + "' names no permission set; add its name, like "
                    + IDENTITY_CENTER_EXAMPLE);
        } else if (name.length() > IdentityCenterSession.MAX_PERMISSION_SET_NAME) {
            fields.error(where, "requesters", "'" + requester + "': permission set names are at most "
                    + IdentityCenterSession.MAX_PERMISSION_SET_NAME + " characters, this one is " + name.length()
                    + "; check the name in Identity Center");
        } else if (!PERMISSION_SET_PATTERN.matcher(name).matches()) {
            fields.error(where, "requesters", "'" + requester + "': a permission set name holds only letters,"
                    + " digits and + = , . @ _ - (and * as a wildcard); check the name in Identity Center");
        }
    }

    /**
     * A rule nobody can ever approve: no self-approval means an approver who might be every possible requester
     * never counts. That is certain only for an approver known by a role ARN when the rule's requesters are
     * exactly that role (any request comes from a session of it), or exactly one permission set in exactly one
     * account and the approver is known by the role Identity Center provisioned for it there (every user of the
     * permission set signs in as that role). An approver known by a session or an id is set aside only for that
     * one session's requests; {@link Eligibility} handles that case per request.
     */
    private void checkSomeoneCanApprove(String where, String group, List<Approver> members,
                                        List<String> requesters, List<String> accounts, int approvals) {
        boolean oneConcreteRequester = !requesters.isEmpty()
                && requesters.stream().noneMatch(Glob::hasWildcard)
                && requesters.stream().distinct().count() == 1;
        if (!oneConcreteRequester) {
            return;
        }
        String requester = requesters.get(0);
        List<Approver> never = members.stream().filter(a -> alwaysTheRequester(a.principal(), requester, accounts))
                .toList();
        int able = members.size() - never.size();
        if (able < approvals) {
            String knownBy = IdentityCenterSession.isRequesterEntry(requester)
                    ? never.stream().map(Approver::principal).distinct().collect(Collectors.joining(", "))
                    + ", the role that every user of " + requester + ", the rule's only requester, signs in as in"
                    + " account " + accounts.get(0) + ","
                    : requester + ", the rule's only requester,";
            fields.error(where, "approvalsRequired", "nobody can ever approve this rule: it needs " + approvals
                    + " approval(s) but only " + able + " of group '" + group + "' can give one, because "
                    + String.join(", ", never.stream().map(Approver::id).toList()) + " "
                    + (never.size() == 1 ? "is" : "are") + " known by " + knownBy
                    + " and nobody approves their own request; add approvers or lower approvalsRequired");
        }
    }

    /** Whether an approver known by {@code principal} is every session {@code requester} can stand for. */
    private static boolean alwaysTheRequester(String principal, String requester, List<String> accounts) {
        if (principal == null) {
            return false;
        }
        Optional<String> permissionSet = IdentityCenterSession.permissionSetPattern(requester);
        if (permissionSet.isEmpty()) {
            return requester.equalsIgnoreCase(principal);
        }
        if (accounts.size() != 1 || !Arn.isAccount(accounts.get(0))) {
            return false;
        }
        String[] parts = principal.split(":", 6);
        return parts.length == 6 && parts[2].equals("iam") && parts[4].equals(accounts.get(0))
                && parts[5].startsWith("role/")
                && IdentityCenterSession.permissionSetOf(parts[5].substring("role/".length()))
                .filter(permissionSet.get()::equals).isPresent();
    }

    private int approvalsRequired(JsonNode node, String where, boolean always) {
        if (node == null) {
            if (!always) {
                fields.error(where, "approvalsRequired", "is missing; say how many approvers must approve, like 1");
            }
            return 0;
        }
        if (!node.isInt()) {
            fields.error(where, "approvalsRequired", "'" + node.asText() + "' must be a whole number, like 1");
            return 0;
        }
        int n = node.intValue();
        if (always) {
            if (n != 0) {
                fields.error(where, "approvalsRequired", n + " contradicts autoApprove.always; remove one of them");
            }
            return 0;
        }
        if (n < 1) {
            fields.error(where, "approvalsRequired",
                    n + " must be at least 1; for no approvals use autoApprove.always");
            return 0;
        }
        return n;
    }

    private AutoApprove autoApprove(JsonNode node, String where) {
        if (node == null) {
            return AutoApprove.NEVER;
        }
        if (!node.isObject()) {
            fields.error(where, "autoApprove",
                    "must be a mapping like { incident: { minSeverity: SEV2, onCallOnly: true } }");
            return AutoApprove.NEVER;
        }
        fields.unknownFields(node, AUTO_APPROVE_FIELDS, where, "autoApprove.");
        boolean always = fields.bool(present(node, "always"), where, "autoApprove.always", false);
        AutoApprove.Incident incident = null;
        JsonNode inc = present(node, "incident");
        if (inc != null) {
            if (!inc.isObject()) {
                fields.error(where, "autoApprove.incident",
                        "must be a mapping like { minSeverity: SEV2, onCallOnly: true }");
            } else {
                fields.unknownFields(inc, INCIDENT_FIELDS, where, "autoApprove.incident.");
                Severity min = null;
                JsonNode s = present(inc, "minSeverity");
                if (s == null) {
                    fields.error(where, "autoApprove.incident.minSeverity", "is missing; use one of SEV1 to SEV5");
                } else {
                    min = Severity.parse(s.asText()).orElse(null);
                    if (min == null || !s.isTextual()) {
                        fields.error(where, "autoApprove.incident.minSeverity", "'" + s.asText()
                                + "' is not a severity; use one of SEV1 (worst) to SEV5");
                    }
                }
                // Without an explicit choice, the stricter reading: only the incident's responders.
                boolean onCallOnly =
                        fields.bool(present(inc, "onCallOnly"), where, "autoApprove.incident.onCallOnly", true);
                if (min != null) {
                    incident = new AutoApprove.Incident(min, onCallOnly);
                }
            }
        }
        return new AutoApprove(always, incident);
    }
}
