package dev.jita.standins;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.jita.iam.IamGateway;
import dev.jita.iam.IamGatewayException;
import dev.jita.iam.IamNames;
import dev.jita.iam.IamRole;
import dev.jita.iam.InlinePolicySize;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * An in-memory IAM for jita local and tests that behaves like IAM where jita can notice: roles must exist (created
 * through {@link #createRole}), unknown roles or policies are NoSuchEntity, policy names follow IAM's rules, a
 * document that is not JSON or lacks Version/Statement is MalformedPolicyDocument, and a role's inline policies may
 * not exceed 10,240 characters together (white space not counted; the same {@link InlinePolicySize} the grant's
 * pre-check uses). Thread-safe: every operation holds one lock, so concurrent puts cannot overshoot the limit.
 */
public final class LocalIam implements IamGateway {

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");
    private static final Set<String> POLICY_KEYS = Set.of("Version", "Id", "Statement");
    private static final Set<String> STATEMENT_KEYS =
            Set.of("Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition");
    private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    /** IAM API reference, PolicyDocument: at most 131,072 characters. */
    private static final int MAX_DOCUMENT_LENGTH = 131_072;

    private final String accountId;
    private final RandomGenerator random;
    private final Object lock = new Object();
    private final Map<String, IamRole> roles = new HashMap<>();
    private final Map<String, TreeMap<String, String>> policiesByRole = new HashMap<>();

    public LocalIam(String accountId) {
        this(accountId, new SecureRandom());
    }

    /** @param random source of role unique ids; pass a seeded one for reproducible ids */
    public LocalIam(String accountId, RandomGenerator random) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Creates a role as CreateRole would, with a fresh unique id {@code AROA...}. */
    public IamRole createRole(String roleName, String path) {
        IamNames.whyRoleNameRefused(roleName).ifPresent(why -> {
            throw new IamGatewayException.InvalidInput(why);
        });
        IamNames.whyPathRefused(path).ifPresent(why -> {
            throw new IamGatewayException.InvalidInput(why);
        });
        synchronized (lock) {
            if (roles.containsKey(roleName)) {
                throw new IllegalStateException("Role " + roleName + " already exists in the local IAM.");
            }
            String roleId;
            do {
                roleId = newRoleId();
            } while (isRoleIdTaken(roleId));
            IamRole role = new IamRole(roleName, path, roleId,
                    "arn:aws:iam::" + accountId + ":role" + path + roleName);
            roles.put(roleName, role);
            policiesByRole.put(roleName, new TreeMap<>());
            return role;
        }
    }

    /**
     * Deletes a role with its inline policies, as a service deletes the roles it created (Identity Center, when a
     * permission set leaves the account); IAM's DeleteRole would refuse while policies remain.
     *
     * @throws IamGatewayException.NoSuchEntity when there is no such role
     */
    public void deleteRole(String roleName) {
        synchronized (lock) {
            if (roles.remove(roleName) == null) {
                throw noSuchRole(roleName);
            }
            policiesByRole.remove(roleName);
        }
    }

    @Override
    public void putRolePolicy(String roleName, String policyName, String document) {
        IamNames.whyPolicyNameRefused(policyName).ifPresent(why -> {
            throw new IamGatewayException.InvalidInput(why);
        });
        synchronized (lock) {
            TreeMap<String, String> policies = policiesOf(roleName);
            checkDocument(document);
            InlinePolicySize.requireFits(roleName, policies, policyName, document);
            policies.put(policyName, document);
        }
    }

    @Override
    public String getRolePolicy(String roleName, String policyName) {
        synchronized (lock) {
            String document = policiesOf(roleName).get(policyName);
            if (document == null) {
                throw noSuchPolicy(roleName, policyName);
            }
            return document;
        }
    }

    @Override
    public void deleteRolePolicy(String roleName, String policyName) {
        synchronized (lock) {
            if (policiesOf(roleName).remove(policyName) == null) {
                throw noSuchPolicy(roleName, policyName);
            }
        }
    }

    @Override
    public List<String> listRolePolicies(String roleName) {
        synchronized (lock) {
            return List.copyOf(policiesOf(roleName).keySet());
        }
    }

    @Override
    public IamRole getRole(String roleName) {
        synchronized (lock) {
            IamRole role = roles.get(roleName);
            if (role == null) {
                throw noSuchRole(roleName);
            }
            return role;
        }
    }

    @Override
    public List<IamRole> listRoles(String pathPrefix) {
        synchronized (lock) {
            List<IamRole> found = new ArrayList<>();
            for (IamRole role : roles.values()) {
                if (role.path().startsWith(pathPrefix)) {
                    found.add(role);
                }
            }
            found.sort((a, b) -> a.roleName().compareTo(b.roleName()));
            return List.copyOf(found);
        }
    }

    /**
     * Whether the session {@code sessionName} of role {@code roleName} may perform {@code action} on
     * {@code resource} at {@code now}, by the role's inline policies (their aws:CurrentTime and aws:userid conditions
     * included), as IAM would decide it.
     *
     * @throws IamGatewayException.NoSuchEntity when the role does not exist
     */
    public PolicyEvaluation.Decision evaluate(String roleName, String sessionName, String action, String resource,
                                              java.time.Instant now) {
        synchronized (lock) {
            IamRole role = getRole(roleName);
            return PolicyEvaluation.evaluate(policiesOf(roleName).values(), call(role, sessionName, action, resource,
                    now));
        }
    }

    /** The call as IAM sees it: the session's ARN in this account and its aws:userid. */
    public PolicyEvaluation.Call call(IamRole role, String sessionName, String action, String resource,
                                      java.time.Instant now) {
        return new PolicyEvaluation.Call("arn:aws:sts::" + accountId + ":assumed-role/" + role.roleName() + "/"
                + sessionName, role.roleId() + ":" + sessionName, action, resource, now);
    }

    public String accountId() {
        return accountId;
    }

    /** Every role with its inline policies (name to document), sorted, detached from later changes: for /local/iam. */
    public Map<String, Map<String, String>> snapshot() {
        synchronized (lock) {
            Map<String, Map<String, String>> copy = new TreeMap<>();
            policiesByRole.forEach((role, policies) -> copy.put(role, Collections.unmodifiableMap(new TreeMap<>(policies))));
            return Collections.unmodifiableMap(copy);
        }
    }

    private TreeMap<String, String> policiesOf(String roleName) {
        TreeMap<String, String> policies = policiesByRole.get(roleName);
        if (policies == null) {
            throw noSuchRole(roleName);
        }
        return policies;
    }

    private boolean isRoleIdTaken(String roleId) {
        return roles.values().stream().anyMatch(r -> r.roleId().equals(roleId));
    }

    private String newRoleId() {
        StringBuilder id = new StringBuilder("AROA");
        for (int i = 0; i < 17; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        return id.toString();
    }

    private static IamGatewayException.NoSuchEntity noSuchRole(String roleName) {
        return new IamGatewayException.NoSuchEntity("The role with name " + roleName + " cannot be found.");
    }

    private static IamGatewayException.NoSuchEntity noSuchPolicy(String roleName, String policyName) {
        return new IamGatewayException.NoSuchEntity(
                "The role policy with name " + policyName + " cannot be found on role " + roleName + ".");
    }

    /** The syntax checks IAM applies before accepting an identity policy, as far as jita can trip over them. */
    private static void checkDocument(String document) {
        if (document == null || document.isEmpty() || document.length() > MAX_DOCUMENT_LENGTH) {
            throw new IamGatewayException.MalformedPolicyDocument(
                    "The policy document must be 1 to " + MAX_DOCUMENT_LENGTH + " characters.");
        }
        JsonNode policy;
        try {
            policy = STRICT_JSON.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IamGatewayException.MalformedPolicyDocument("Syntax errors in policy: not valid JSON.");
        }
        if (policy == null || !policy.isObject()) {
            throw malformed("the policy must be a JSON object");
        }
        policy.fieldNames().forEachRemaining(key -> {
            if (!POLICY_KEYS.contains(key)) {
                throw malformed("unknown top-level element " + key);
            }
        });
        JsonNode version = policy.get("Version");
        if (version == null || !version.isTextual() || !VERSIONS.contains(version.asText())) {
            throw malformed("Version must be 2012-10-17 or 2008-10-17");
        }
        JsonNode statements = policy.get("Statement");
        if (statements == null || !(statements.isObject() || statements.isArray() && !statements.isEmpty())) {
            throw malformed("Statement must be an object or a non-empty array");
        }
        if (statements.isObject()) {
            checkStatement(statements);
        } else {
            statements.forEach(LocalIam::checkStatement);
        }
    }

    private static void checkStatement(JsonNode statement) {
        if (!statement.isObject()) {
            throw malformed("each statement must be an object");
        }
        statement.fieldNames().forEachRemaining(key -> {
            if (key.equals("Principal") || key.equals("NotPrincipal")) {
                throw malformed("an identity policy must not name a Principal");
            }
            if (!STATEMENT_KEYS.contains(key)) {
                throw malformed("unknown statement element " + key);
            }
        });
        JsonNode effect = statement.get("Effect");
        if (effect == null || !(effect.asText().equals("Allow") || effect.asText().equals("Deny"))) {
            throw malformed("Effect must be Allow or Deny");
        }
        requireOneOf(statement, "Action", "NotAction");
        requireOneOf(statement, "Resource", "NotResource");
        JsonNode condition = statement.get("Condition");
        if (condition != null && !condition.isObject()) {
            throw malformed("Condition must be an object");
        }
    }

    private static void requireOneOf(JsonNode statement, String a, String b) {
        JsonNode value = statement.has(a) ? statement.get(a) : statement.get(b);
        if (statement.has(a) == statement.has(b) || !isStringOrStrings(value)) {
            throw malformed("a statement needs exactly one of " + a + " or " + b + ", a string or an array of strings");
        }
    }

    private static boolean isStringOrStrings(JsonNode value) {
        if (value.isTextual()) {
            return true;
        }
        if (!value.isArray() || value.isEmpty()) {
            return false;
        }
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                return false;
            }
        }
        return true;
    }

    private static IamGatewayException.MalformedPolicyDocument malformed(String what) {
        return new IamGatewayException.MalformedPolicyDocument("Syntax errors in policy: " + what + ".");
    }
}
