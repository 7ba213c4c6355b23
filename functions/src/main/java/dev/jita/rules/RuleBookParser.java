package dev.jita.rules;

import static dev.jita.rules.Fields.present;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.domain.Approver;
import dev.jita.domain.Arn;
import dev.jita.domain.InvalidArnException;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the top level of a rules file: version, defaults, approver groups, admins, auditors and the rules. */
final class RuleBookParser {
    private static final Set<String> TOP_FIELDS =
            Set.of("version", "defaults", "approverGroups", "admins", "auditors", "rules");
    private static final Set<String> DEFAULTS_FIELDS = Set.of("maxDuration", "approvalTimeout");
    private static final Set<String> APPROVER_FIELDS = Set.of("id", "email", "principal", "notifyOnFirstUse");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");

    private final Fields fields;
    private final Durations durations;
    private final RuleParser ruleParser;

    RuleBookParser(Fields fields) {
        this.fields = fields;
        this.durations = new Durations(fields);
        this.ruleParser = new RuleParser(fields, durations);
    }

    /** The rule book in {@code root}; throws {@link RulesFileException} listing every problem found. */
    RuleBook read(JsonNode root) {
        if (root == null || !root.isObject()) {
            fields.error("", "", "must be a YAML mapping with version, approverGroups and rules at the top; "
                    + "see config/rules.yaml for the shape");
            throw fields.failure();
        }
        fields.unknownFields(root, TOP_FIELDS, "", "");

        int version = 0;
        JsonNode v = present(root, "version");
        if (v == null) {
            fields.error("", "version", "is missing; put 'version: 1' at the top");
        } else if (!v.isInt() || v.intValue() != 1) {
            fields.error("", "version", "'" + v.asText() + "' is not a version this jita reads; use 1");
        } else {
            version = 1;
        }

        Optional<Duration> defaultMax = Optional.empty();
        Optional<Duration> defaultTimeout = Optional.empty();
        JsonNode defaults = present(root, "defaults");
        if (defaults != null) {
            if (!defaults.isObject()) {
                fields.error("", "defaults", "must be a mapping like { maxDuration: PT1H, approvalTimeout: PT30M }");
            } else {
                fields.unknownFields(defaults, DEFAULTS_FIELDS, "", "defaults.");
                defaultMax = durations.grantDuration(present(defaults, "maxDuration"), "", "defaults.maxDuration");
                defaultTimeout = durations.approvalTimeout(present(defaults, "approvalTimeout"), "",
                        "defaults.approvalTimeout");
            }
        }

        Map<String, List<Approver>> groups = approverGroups(present(root, "approverGroups"));
        List<String> admins = principals(present(root, "admins"), "admins");
        List<String> auditors = principals(present(root, "auditors"), "auditors");

        List<Rule> rules = new ArrayList<>();
        JsonNode rulesNode = present(root, "rules");
        if (rulesNode == null) {
            fields.error("", "rules", "is missing; add a list of rules");
        } else if (!rulesNode.isArray() || rulesNode.isEmpty()) {
            fields.error("", "rules", "must be a non-empty list of rules");
        } else {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < rulesNode.size(); i++) {
                ruleParser.rule(rulesNode.get(i), i + 1, groups, defaultMax, defaultTimeout, seen)
                        .ifPresent(rules::add);
            }
        }

        if (fields.errorCount() > 0) {
            throw fields.failure();
        }
        return new RuleBook(version, groups, admins, auditors, rules);
    }

    private Map<String, List<Approver>> approverGroups(JsonNode node) {
        Map<String, List<Approver>> groups = new LinkedHashMap<>();
        if (node == null) {
            return groups;
        }
        if (!node.isObject()) {
            fields.error("", "approverGroups", "must be a mapping from group name to a list of approvers");
            return groups;
        }
        Map<String, Approver> byId = new HashMap<>();
        Map<String, String> groupOfId = new HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String where = "approver group '" + name + "'";
            if (!Fields.NAME.matcher(name).matches()) {
                fields.error(where, "", "the name must be letters, digits, '.', '_' or '-' (at most 64)");
            }
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                fields.error(where, "",
                        "must be a non-empty list of approvers like { id: alice, email: alice@example.com }");
                groups.put(name, List.of());
                continue;
            }
            List<Approver> members = new ArrayList<>();
            for (int i = 0; i < e.getValue().size(); i++) {
                approver(e.getValue().get(i), where, i + 1).ifPresent(a -> {
                    checkUnique(where, members, a);
                    Approver earlier = byId.putIfAbsent(a.id(), a);
                    String earlierGroup = groupOfId.putIfAbsent(a.id(), name);
                    if (earlier != null && !earlier.equals(a) && !name.equals(earlierGroup)) {
                        fields.error(where + ", approver '" + a.id() + "'", "", "is defined differently in group '"
                                + earlierGroup + "'; give one person one id, email, principal and"
                                + " notifyOnFirstUse");
                    }
                    members.add(a);
                });
            }
            groups.put(name, members);
        }
        return groups;
    }

    // Two entries for one person would let that person count twice towards approvalsRequired.
    private void checkUnique(String where, List<Approver> members, Approver a) {
        for (Approver m : members) {
            if (m.id().equals(a.id())) {
                fields.error(where, "id", "approver id '" + a.id() + "' appears twice; give each approver one entry");
            } else if (m.email().equalsIgnoreCase(a.email())) {
                fields.error(where, "email", "'" + a.email() + "' belongs to both '" + m.id() + "' and '" + a.id()
                        + "'; one person must not count twice");
            } else if (m.principal() != null && m.principal().equals(a.principal())
                    && !m.principal().contains(":role/")) {
                // A session or user ARN is one person; a role ARN may stand for several.
                fields.error(where, "principal", "'" + a.principal() + "' belongs to both '" + m.id() + "' and '"
                        + a.id() + "'; one person must not count twice");
            }
        }
    }

    private Optional<Approver> approver(JsonNode node, String group, int position) {
        String where = group + ", approver #" + position;
        if (!node.isObject()) {
            fields.error(where, "", "must be a mapping like { id: alice, email: alice@example.com }");
            return Optional.empty();
        }
        JsonNode idNode = present(node, "id");
        if (idNode != null && idNode.isTextual()) {
            where = group + ", approver '" + idNode.asText() + "'";
        }
        int before = fields.errorCount();
        fields.unknownFields(node, APPROVER_FIELDS, where, "");
        String id = fields.text(node, "id", where, true);
        if (id != null && !Fields.NAME.matcher(id).matches()) {
            fields.error(where, "id", "'" + id + "' must be letters, digits, '.', '_' or '-' (at most 64)");
        }
        String email = fields.text(node, "email", where, true);
        if (email != null && !EMAIL.matcher(email).matches()) {
            fields.error(where, "email", "'" + email + "' is not an email address like alice@example.com");
        }
        String principal = fields.text(node, "principal", where, false);
        if (principal != null) {
            checkPrincipal(principal, where, "principal");
        }
        boolean notifyOnFirstUse = fields.bool(present(node, "notifyOnFirstUse"), where, "notifyOnFirstUse", false);
        if (fields.errorCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new Approver(id, email, principal, notifyOnFirstUse));
    }

    private List<String> principals(JsonNode node, String field) {
        if (node == null) {
            return List.of();
        }
        List<String> arns = fields.strings(node, "", field);
        arns.forEach(arn -> checkPrincipal(arn, "", field));
        return arns;
    }

    private void checkPrincipal(String text, String where, String field) {
        try {
            Arn arn = Arn.parse(text);
            if (!arn.service().equals("iam") && !arn.service().equals("sts")) {
                fields.error(where, field, "'" + text + "' is not an IAM role, user or session ARN");
            } else if (!roleWithoutPath(arn)) {
                // Callers are known by their session ARN, which never carries the role's path: a role named
                // with its path would never match, and an approver's own requests would not be set aside.
                fields.error(where, field, "'" + text + "' is not a role ARN like arn:aws:iam::111122223333:role/"
                        + "Engineer or a session ARN like arn:aws:sts::111122223333:assumed-role/Engineer/alice; "
                        + "name roles without their path, since a session's ARN does not carry it");
            }
        } catch (InvalidArnException e) {
            fields.error(where, field, e.getMessage());
        }
    }

    /** role/NAME and assumed-role/NAME/SESSION are fine; any other role or session shape is not. */
    private static boolean roleWithoutPath(Arn arn) {
        String resource = arn.resource();
        if (resource.startsWith("role/")) {
            return arn.service().equals("iam") && resource.split("/", -1).length == 2
                    && resource.length() > "role/".length();
        }
        if (resource.startsWith("assumed-role/")) {
            String[] parts = resource.split("/", -1);
            return arn.service().equals("sts") && parts.length == 3 && !parts[1].isEmpty() && !parts[2].isEmpty();
        }
        return true;
    }
}
