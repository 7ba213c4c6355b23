package dev.jita.domain;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jita.domain.RulesFileException.RuleError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a rules file (design.md, "Rules"). Every problem is collected, each naming the file, the
 * rule (or group) and the field, and all are reported together in one {@link RulesFileException}: a person
 * fixing a rules file should not have to run the loader once per typo.
 */
public final class RuleBookLoader {

    /**
     * The longest grant a rule may allow. An IAM role session lasts at most 12 hours, so a longer window would
     * only outlive the credentials that use it; and access that lasts longer than a working day is not
     * "just in time" any more.
     */
    public static final Duration MAX_GRANT = Duration.ofHours(12);
    /** Approval links older than a week are stale: the reason for the request has likely passed. */
    public static final Duration MAX_APPROVAL_TIMEOUT = Duration.ofDays(7);
    /** Requests are made in whole minutes (durationMinutes), so shorter limits could never be met. */
    public static final Duration MIN_DURATION = Duration.ofMinutes(1);

    private static final Set<String> TOP_FIELDS =
            Set.of("version", "defaults", "approverGroups", "admins", "auditors", "rules");
    private static final Set<String> DEFAULTS_FIELDS = Set.of("maxDuration", "approvalTimeout");
    private static final Set<String> APPROVER_FIELDS = Set.of("id", "email", "principal");
    private static final Set<String> RULE_FIELDS = Set.of("id", "description", "actions", "resources",
            "requesters", "approvers", "approvalsRequired", "maxDuration", "approvalTimeout", "autoApprove",
            "breakGlass");
    private static final Set<String> AUTO_APPROVE_FIELDS = Set.of("always", "incident");
    private static final Set<String> INCIDENT_FIELDS = Set.of("minSeverity", "onCallOnly");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final int MAX_DESCRIPTION = 500;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RuleBookLoader() {
    }

    public static RuleBook load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulesFileException(file.toString(), List.of(new RuleError(file.toString(), "", "",
                    "cannot be read (" + e + "); check the path and its permissions")));
        }
        return parse(text, file.toString());
    }

    /** Parses rules from text; {@code fileName} is only used to name the source in errors. */
    public static RuleBook parse(String yaml, String fileName) {
        return new Reader(fileName).read(yaml);
    }

    /** One pass over one file, collecting errors. */
    private static final class Reader {
        private final String file;
        private final List<RuleError> errors = new ArrayList<>();

        Reader(String file) {
            this.file = file;
        }

        RuleBook read(String yaml) {
            JsonNode root;
            try {
                root = YAML.readTree(yaml);
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
                error("", "", where + "not valid YAML (" + e.getOriginalMessage().lines().findFirst().orElse("")
                        + "); fix the syntax there");
                throw failure();
            }
            if (root == null || !root.isObject()) {
                error("", "", "must be a YAML mapping with version, approverGroups and rules at the top; "
                        + "see config/rules.yaml for the shape");
                throw failure();
            }
            unknownFields(root, TOP_FIELDS, "", "");

            int version = 0;
            JsonNode v = present(root, "version");
            if (v == null) {
                error("", "version", "is missing; put 'version: 1' at the top");
            } else if (!v.isInt() || v.intValue() != 1) {
                error("", "version", "'" + v.asText() + "' is not a version this jita reads; use 1");
            } else {
                version = 1;
            }

            Optional<Duration> defaultMax = Optional.empty();
            Optional<Duration> defaultTimeout = Optional.empty();
            JsonNode defaults = present(root, "defaults");
            if (defaults != null) {
                if (!defaults.isObject()) {
                    error("", "defaults", "must be a mapping like { maxDuration: PT1H, approvalTimeout: PT30M }");
                } else {
                    unknownFields(defaults, DEFAULTS_FIELDS, "", "defaults.");
                    defaultMax = grantDuration(present(defaults, "maxDuration"), "", "defaults.maxDuration");
                    defaultTimeout = approvalTimeout(present(defaults, "approvalTimeout"), "",
                            "defaults.approvalTimeout");
                }
            }

            Map<String, List<Approver>> groups = approverGroups(present(root, "approverGroups"));
            List<String> admins = principals(present(root, "admins"), "admins");
            List<String> auditors = principals(present(root, "auditors"), "auditors");

            List<Rule> rules = new ArrayList<>();
            JsonNode rulesNode = present(root, "rules");
            if (rulesNode == null) {
                error("", "rules", "is missing; add a list of rules");
            } else if (!rulesNode.isArray() || rulesNode.isEmpty()) {
                error("", "rules", "must be a non-empty list of rules");
            } else {
                Map<String, Integer> seen = new HashMap<>();
                for (int i = 0; i < rulesNode.size(); i++) {
                    rule(rulesNode.get(i), i + 1, groups, defaultMax, defaultTimeout, seen).ifPresent(rules::add);
                }
            }

            if (!errors.isEmpty()) {
                throw failure();
            }
            return new RuleBook(version, groups, admins, auditors, rules);
        }

        private Map<String, List<Approver>> approverGroups(JsonNode node) {
            Map<String, List<Approver>> groups = new LinkedHashMap<>();
            if (node == null) {
                return groups;
            }
            if (!node.isObject()) {
                error("", "approverGroups", "must be a mapping from group name to a list of approvers");
                return groups;
            }
            Map<String, Approver> byId = new HashMap<>();
            Map<String, String> groupOfId = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                String where = "approver group '" + name + "'";
                if (!NAME.matcher(name).matches()) {
                    error(where, "", "the name must be letters, digits, '.', '_' or '-' (at most 64)");
                }
                if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                    error(where, "", "must be a non-empty list of approvers like { id: alice, email: alice@example.com }");
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
                            error(where + ", approver '" + a.id() + "'", "", "is defined differently in group '"
                                + earlierGroup + "'; give one person one id, email and principal");
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
                    error(where, "id", "approver id '" + a.id() + "' appears twice; give each approver one entry");
                } else if (m.email().equalsIgnoreCase(a.email())) {
                    error(where, "email", "'" + a.email() + "' belongs to both '" + m.id() + "' and '" + a.id()
                            + "'; one person must not count twice");
                } else if (m.principal() != null && m.principal().equals(a.principal())
                        && !m.principal().contains(":role/")) {
                    // A session or user ARN is one person; a role ARN may stand for several.
                    error(where, "principal", "'" + a.principal() + "' belongs to both '" + m.id() + "' and '"
                            + a.id() + "'; one person must not count twice");
                }
            }
        }

        private Optional<Approver> approver(JsonNode node, String group, int position) {
            String where = group + ", approver #" + position;
            if (!node.isObject()) {
                error(where, "", "must be a mapping like { id: alice, email: alice@example.com }");
                return Optional.empty();
            }
            JsonNode idNode = present(node, "id");
            if (idNode != null && idNode.isTextual()) {
                where = group + ", approver '" + idNode.asText() + "'";
            }
            int before = errors.size();
            unknownFields(node, APPROVER_FIELDS, where, "");
            String id = text(node, "id", where, true);
            if (id != null && !NAME.matcher(id).matches()) {
                error(where, "id", "'" + id + "' must be letters, digits, '.', '_' or '-' (at most 64)");
            }
            String email = text(node, "email", where, true);
            if (email != null && !EMAIL.matcher(email).matches()) {
                error(where, "email", "'" + email + "' is not an email address like alice@example.com");
            }
            String principal = text(node, "principal", where, false);
            if (principal != null) {
                checkPrincipal(principal, where, "principal");
            }
            if (errors.size() > before) {
                return Optional.empty();
            }
            return Optional.of(new Approver(id, email, principal));
        }

        private List<String> principals(JsonNode node, String field) {
            if (node == null) {
                return List.of();
            }
            List<String> arns = strings(node, "", field);
            arns.forEach(arn -> checkPrincipal(arn, "", field));
            return arns;
        }

        private void checkPrincipal(String text, String where, String field) {
            try {
                Arn arn = Arn.parse(text);
                if (!arn.service().equals("iam") && !arn.service().equals("sts")) {
                    error(where, field, "'" + text + "' is not an IAM role, user or session ARN");
                } else if (!roleWithoutPath(arn)) {
                    // Callers are known by their session ARN, which never carries the role's path: a role named
                    // with its path would never match, and an approver's own requests would not be set aside.
                    error(where, field, "'" + text + "' is not a role ARN like arn:aws:iam::111122223333:role/"
                            + "Engineer or a session ARN like arn:aws:sts::111122223333:assumed-role/Engineer/alice; "
                            + "name roles without their path, since a session's ARN does not carry it");
                }
            } catch (InvalidArnException e) {
                error(where, field, e.getMessage());
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

        private Optional<Rule> rule(JsonNode node, int position, Map<String, List<Approver>> groups,
                                    Optional<Duration> defaultMax, Optional<Duration> defaultTimeout,
                                    Map<String, Integer> seenIds) {
            if (!node.isObject()) {
                error("rule #" + position, "", "must be a mapping with id, actions, resources, requesters, approvers ...");
                return Optional.empty();
            }
            JsonNode idNode = present(node, "id");
            String where = idNode != null && idNode.isTextual() && !idNode.asText().isEmpty()
                    ? "rule '" + idNode.asText() + "'"
                    : "rule #" + position;
            int before = errors.size();
            unknownFields(node, RULE_FIELDS, where, "");

            String id = text(node, "id", where, true);
            if (id != null) {
                if (!NAME.matcher(id).matches()) {
                    error(where, "id", "'" + id + "' must be letters, digits, '.', '_' or '-' (at most 64)");
                }
                Integer first = seenIds.putIfAbsent(id, position);
                if (first != null) {
                    error(where, "id", "'" + id + "' is already the id of rule #" + first + " (this is rule #"
                            + position + "); give each rule its own id");
                }
            }
            String description = text(node, "description", where, false);
            if (description != null && description.length() > MAX_DESCRIPTION) {
                error(where, "description", "is longer than " + MAX_DESCRIPTION + " characters; shorten it");
            }

            List<String> actions = requiredStrings(node, "actions", where);
            for (String action : actions) {
                ActionGuard.refusal(action).ifPresent(r -> error(where, "actions", switch (r.reason()) {
                    case FORBIDDEN_ACTION -> "'" + action + "' is never requestable (design.md, \"Never "
                            + "requestable\"); remove it from the rule";
                    case WILDCARD_NOT_ALLOWED -> "'" + action + "' contains a wildcard; list each action by its "
                            + "full name";
                    default -> r.message();
                }));
            }

            List<String> resources = requiredStrings(node, "resources", where);
            for (String resource : resources) {
                try {
                    ArnPattern.parse(resource);
                } catch (InvalidArnException e) {
                    error(where, "resources", e.getMessage());
                }
            }

            List<String> requesters = requiredStrings(node, "requesters", where);
            for (String requester : requesters) {
                checkRequester(requester, where);
            }

            AutoApprove autoApprove = autoApprove(present(node, "autoApprove"), where);
            boolean always = autoApprove.always();

            JsonNode groupNode = present(node, "approvers");
            String group = null;
            if (groupNode == null) {
                if (!always) {
                    error(where, "approvers", "is missing; name an approver group (or set autoApprove.always)");
                }
            } else if (!groupNode.isTextual()) {
                error(where, "approvers", "must be the name of an approver group, like sre-leads");
            } else {
                group = groupNode.asText();
                if (!groups.containsKey(group)) {
                    error(where, "approvers", "'" + group + "' is not an approver group; define it under "
                            + "approverGroups or use one of " + (groups.isEmpty() ? "(none defined)"
                            : String.join(", ", groups.keySet())));
                }
            }

            int approvals = approvalsRequired(present(node, "approvalsRequired"), where, always);
            List<Approver> members = group == null ? List.of() : groups.getOrDefault(group, List.of());
            if (group != null && !members.isEmpty() && approvals > members.size()) {
                error(where, "approvalsRequired", approvals + " is more than the " + members.size()
                        + " approvers in group '" + group + "'; lower it or add approvers");
            } else if (group != null && approvals > 0 && !members.isEmpty()) {
                checkSomeoneCanApprove(where, group, members, requesters, approvals);
            }

            Optional<Duration> max = grantDuration(present(node, "maxDuration"), where, "maxDuration");
            if (present(node, "maxDuration") == null) {
                max = defaultMax;
                if (max.isEmpty() && !hasError("", "defaults.maxDuration")) {
                    error(where, "maxDuration", "is missing and there is no defaults.maxDuration; set one, like PT1H");
                }
            }
            Optional<Duration> timeout = approvalTimeout(present(node, "approvalTimeout"), where, "approvalTimeout");
            if (present(node, "approvalTimeout") == null) {
                timeout = defaultTimeout;
                if (timeout.isEmpty() && !always && !hasError("", "defaults.approvalTimeout")) {
                    error(where, "approvalTimeout",
                            "is missing and there is no defaults.approvalTimeout; set one, like PT30M");
                }
            }

            boolean breakGlass = false;
            JsonNode bg = present(node, "breakGlass");
            if (bg != null) {
                if (bg.isBoolean()) {
                    breakGlass = bg.booleanValue();
                } else {
                    error(where, "breakGlass", "must be true or false");
                }
            }

            if (errors.size() > before || max.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new Rule(id, description, actions, resources, requesters, group, approvals,
                    max.get(), timeout.orElse(Duration.ZERO), autoApprove, breakGlass));
        }

        private void checkRequester(String requester, String where) {
            ArnPattern pattern;
            try {
                pattern = ArnPattern.parse(requester);
            } catch (InvalidArnException e) {
                error(where, "requesters", e.getMessage());
                return;
            }
            String resource = pattern.resource();
            if (!pattern.service().equals("iam") || !resource.startsWith("role/")
                    || resource.indexOf('/', "role/".length()) >= 0 || resource.length() == "role/".length()) {
                error(where, "requesters", "'" + requester + "' is not a role ARN like "
                        + "arn:aws:iam::111122223333:role/Engineer; name roles without their path, since a "
                        + "session's ARN does not carry it");
            }
        }

        /**
         * A rule nobody can ever approve: no self-approval means an approver who might be every possible requester
         * never counts. That is certain only for an approver known by a role ARN when the rule's requesters are
         * exactly that role (any request comes from a session of it). An approver known by a session or an id is
         * set aside only for that one session's requests; {@link Eligibility} handles that case per request.
         */
        private void checkSomeoneCanApprove(String where, String group, List<Approver> members,
                                           List<String> requesters, int approvals) {
            boolean oneConcreteRole = !requesters.isEmpty()
                    && requesters.stream().noneMatch(Glob::hasWildcard)
                    && requesters.stream().distinct().count() == 1;
            if (!oneConcreteRole) {
                return;
            }
            String role = requesters.get(0);
            List<String> never = members.stream().filter(a -> role.equalsIgnoreCase(a.principal()))
                    .map(Approver::id).toList();
            int able = members.size() - never.size();
            if (able < approvals) {
                error(where, "approvalsRequired", "nobody can ever approve this rule: it needs " + approvals
                        + " approval(s) but only " + able + " of group '" + group + "' can give one, because "
                        + String.join(", ", never) + " " + (never.size() == 1 ? "is" : "are") + " known by "
                        + role + ", the rule's only requester, and nobody approves their own request; add "
                        + "approvers or lower approvalsRequired");
            }
        }

        private int approvalsRequired(JsonNode node, String where, boolean always) {
            if (node == null) {
                if (!always) {
                    error(where, "approvalsRequired", "is missing; say how many approvers must approve, like 1");
                }
                return 0;
            }
            if (!node.isInt()) {
                error(where, "approvalsRequired", "'" + node.asText() + "' must be a whole number, like 1");
                return 0;
            }
            int n = node.intValue();
            if (always) {
                if (n != 0) {
                    error(where, "approvalsRequired", n + " contradicts autoApprove.always; remove one of them");
                }
                return 0;
            }
            if (n < 1) {
                error(where, "approvalsRequired", n + " must be at least 1; for no approvals use autoApprove.always");
                return 0;
            }
            return n;
        }

        private AutoApprove autoApprove(JsonNode node, String where) {
            if (node == null) {
                return AutoApprove.NEVER;
            }
            if (!node.isObject()) {
                error(where, "autoApprove", "must be a mapping like { incident: { minSeverity: SEV2, onCallOnly: true } }");
                return AutoApprove.NEVER;
            }
            unknownFields(node, AUTO_APPROVE_FIELDS, where, "autoApprove.");
            boolean always = false;
            JsonNode a = present(node, "always");
            if (a != null) {
                if (a.isBoolean()) {
                    always = a.booleanValue();
                } else {
                    error(where, "autoApprove.always", "must be true or false");
                }
            }
            AutoApprove.Incident incident = null;
            JsonNode inc = present(node, "incident");
            if (inc != null) {
                if (!inc.isObject()) {
                    error(where, "autoApprove.incident", "must be a mapping like { minSeverity: SEV2, onCallOnly: true }");
                } else {
                    unknownFields(inc, INCIDENT_FIELDS, where, "autoApprove.incident.");
                    Severity min = null;
                    JsonNode s = present(inc, "minSeverity");
                    if (s == null) {
                        error(where, "autoApprove.incident.minSeverity", "is missing; use one of SEV1 to SEV5");
                    } else {
                        min = Severity.parse(s.asText()).orElse(null);
                        if (min == null || !s.isTextual()) {
                            error(where, "autoApprove.incident.minSeverity", "'" + s.asText()
                                    + "' is not a severity; use one of SEV1 (worst) to SEV5");
                        }
                    }
                    // Without an explicit choice, the stricter reading: only the incident's responders.
                    boolean onCallOnly = true;
                    JsonNode o = present(inc, "onCallOnly");
                    if (o != null) {
                        if (o.isBoolean()) {
                            onCallOnly = o.booleanValue();
                        } else {
                            error(where, "autoApprove.incident.onCallOnly", "must be true or false");
                        }
                    }
                    if (min != null) {
                        incident = new AutoApprove.Incident(min, onCallOnly);
                    }
                }
            }
            return new AutoApprove(always, incident);
        }

        private Optional<Duration> grantDuration(JsonNode node, String where, String field) {
            return duration(node, where, field).filter(d -> {
                if (d.compareTo(MAX_GRANT) > 0) {
                    error(where, field, "'" + node.asText() + "' is longer than PT12H: an IAM role session "
                            + "lasts at most 12 hours, so a longer grant only outlives its credentials; shorten it");
                    return false;
                }
                return true;
            });
        }

        private Optional<Duration> approvalTimeout(JsonNode node, String where, String field) {
            return duration(node, where, field).filter(d -> {
                if (d.compareTo(MAX_APPROVAL_TIMEOUT) > 0) {
                    error(where, field, "'" + node.asText() + "' is longer than P7D; a request nobody "
                            + "decided on within a week is stale, so shorten it");
                    return false;
                }
                return true;
            });
        }

        private Optional<Duration> duration(JsonNode node, String where, String field) {
            if (node == null) {
                return Optional.empty();
            }
            if (!node.isTextual()) {
                error(where, field, "'" + node.asText() + "' is not an ISO-8601 duration; write it like PT1H or PT30M");
                return Optional.empty();
            }
            Duration d;
            try {
                d = Duration.parse(node.asText());
            } catch (DateTimeParseException e) {
                error(where, field, "'" + node.asText() + "' is not an ISO-8601 duration; write it like PT1H or PT30M");
                return Optional.empty();
            }
            if (d.isNegative() || d.isZero()) {
                error(where, field, "'" + node.asText() + "' must be longer than zero; write it like PT1H or PT30M");
                return Optional.empty();
            }
            if (d.compareTo(MIN_DURATION) < 0) {
                error(where, field, "'" + node.asText() + "' is shorter than a minute, the smallest unit a "
                        + "request can ask for; use PT1M or more");
                return Optional.empty();
            }
            return Optional.of(d);
        }

        private List<String> requiredStrings(JsonNode parent, String field, String where) {
            JsonNode node = present(parent, field);
            if (node == null) {
                error(where, field, "is missing; add a non-empty list");
                return List.of();
            }
            return strings(node, where, field);
        }

        private List<String> strings(JsonNode node, String where, String field) {
            if (!node.isArray() || node.isEmpty()) {
                error(where, field, "must be a non-empty list of strings, like [\"...\"]");
                return List.of();
            }
            List<String> out = new ArrayList<>();
            for (JsonNode item : node) {
                if (!item.isTextual()) {
                    error(where, field, "'" + item + "' is not a string; quote it");
                } else {
                    out.add(item.asText());
                }
            }
            return out;
        }

        private String text(JsonNode parent, String field, String where, boolean required) {
            JsonNode node = present(parent, field);
            if (node == null) {
                if (required) {
                    error(where, field, "is missing; add it");
                }
                return null;
            }
            if (!node.isTextual() || node.asText().isEmpty()) {
                error(where, field, "must be a non-empty string");
                return null;
            }
            return node.asText();
        }

        private void unknownFields(JsonNode node, Set<String> allowed, String where, String prefix) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!allowed.contains(name)) {
                    error(where, prefix + name, "is not a known field (allowed here: "
                            + String.join(", ", allowed.stream().sorted().toList()) + "); check its spelling");
                }
            }
        }

        /** The field's value, or null when absent or written as an explicit null. */
        private static JsonNode present(JsonNode parent, String field) {
            JsonNode n = parent.get(field);
            return n == null || n.isNull() ? null : n;
        }

        private boolean hasError(String where, String field) {
            return errors.stream().anyMatch(e -> e.where().equals(where) && e.field().equals(field));
        }

        private void error(String where, String field, String message) {
            errors.add(new RuleError(file, where, field, message));
        }

        private RulesFileException failure() {
            return new RulesFileException(file, errors);
        }
    }
}
