package dev.jita.iam;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * IAM's quota on the aggregate size of a role's inline policies (AWS docs, "IAM and AWS STS quotas": role policy
 * size cannot exceed 10,240 characters; IAM does not count white space). One implementation serves both the grant's
 * check before PutRolePolicy and {@code LocalIam}'s enforcement, so the two cannot disagree.
 */
public final class InlinePolicySize {

    public static final int ROLE_AGGREGATE_LIMIT = 10_240;

    /**
     * The most one request's policy may take, checked at intake: half the role's budget, so that no single request
     * can fill a role that every requester of the role shares (its grants go to that role), while ten long ARNs still
     * fit. Other grants may still leave too little room; the check before PutRolePolicy is the last line.
     */
    public static final int REQUEST_LIMIT = ROLE_AGGREGATE_LIMIT / 2;

    private InlinePolicySize() {
    }

    /** Characters IAM counts: every code point except white space. */
    public static int countedCharacters(String document) {
        return (int) document.codePoints().filter(cp -> !Character.isWhitespace(cp)).count();
    }

    /**
     * Fails if putting {@code document} as {@code policyName} would take the role over the limit. A policy of the
     * same name is replaced by the put, so it does not count.
     *
     * @param existing the role's current inline policies, name to document
     * @throws IamGatewayException.LimitExceeded saying how large the role's policies would be and what to do
     */
    public static void requireFits(String roleName, Map<String, String> existing, String policyName, String document) {
        int total = countedCharacters(document);
        for (Map.Entry<String, String> e : existing.entrySet()) {
            if (!e.getKey().equals(policyName)) {
                total += countedCharacters(e.getValue());
            }
        }
        if (total > ROLE_AGGREGATE_LIMIT) {
            throw new IamGatewayException.LimitExceeded(String.format(Locale.ROOT,
                    "Role %s's inline policies would total %,d characters (IAM's limit is %,d, white space not counted);"
                            + " end or narrow other grants on this role and ask again.",
                    roleName, total, ROLE_AGGREGATE_LIMIT));
        }
    }

    /**
     * The check before PutRolePolicy: reads the role's current inline policies through {@code iam} and fails
     * without calling PutRolePolicy if the new one would not fit.
     */
    public static void requireFits(IamGateway iam, String roleName, String policyName, String document) {
        Map<String, String> existing = new HashMap<>();
        for (String name : iam.listRolePolicies(roleName)) {
            if (name.equals(policyName)) {
                continue;
            }
            try {
                existing.put(name, iam.getRolePolicy(roleName, name));
            } catch (IamGatewayException.NoSuchEntity deletedMeanwhile) {
                // Another grant ended between list and get: one policy fewer, nothing to count.
            }
        }
        requireFits(roleName, existing, policyName, document);
    }
}
