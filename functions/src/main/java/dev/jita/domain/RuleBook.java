package dev.jita.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed rules file (config/rules.yaml): who may request what, who approves, who administers and audits.
 * Built from the file by {@code dev.jita.rules.RulesFile}, which validates everything and reports every problem
 * at once.
 *
 * @param approverGroups group name to its approvers, in file order
 * @param admins         ARNs (roles or sessions) that may revoke any grant and read everything
 * @param auditors       ARNs that may read requests and the audit trail
 * @param rules          in file order, which is also the order eligibility tries them in
 */
public record RuleBook(
        int version,
        Map<String, List<Approver>> approverGroups,
        List<String> admins,
        List<String> auditors,
        List<Rule> rules) {

    public RuleBook {
        Map<String, List<Approver>> groups = new LinkedHashMap<>();
        approverGroups.forEach((name, members) -> groups.put(name, List.copyOf(members)));
        approverGroups = Collections.unmodifiableMap(groups);
        admins = List.copyOf(admins);
        auditors = List.copyOf(auditors);
        rules = List.copyOf(rules);
    }

    public Optional<Rule> rule(String id) {
        return rules.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The approvers of a rule's group, empty when the rule has none (always auto-approved). */
    public List<Approver> approversOf(Rule rule) {
        if (rule.approverGroup() == null) {
            return List.of();
        }
        return approverGroups.getOrDefault(rule.approverGroup(), List.of());
    }

    /**
     * Who may approve {@code requester}'s request under {@code rule}: the rule's group without anyone who
     * {@link Approver#mightBe might be} the requester. Intake uses it to pick whom to notify, the callback to
     * re-check an approver when they decide.
     */
    public List<Approver> eligibleApprovers(Rule rule, Requester requester) {
        return approversOf(rule).stream().filter(a -> !a.mightBe(requester)).toList();
    }

    public boolean isAdmin(Requester who) {
        return listed(admins, who);
    }

    public boolean isAuditor(Requester who) {
        return listed(auditors, who);
    }

    // An entry names either the role (any of its sessions) or one session.
    private static boolean listed(List<String> arns, Requester who) {
        return arns.stream().anyMatch(who::isNamedBy);
    }
}
