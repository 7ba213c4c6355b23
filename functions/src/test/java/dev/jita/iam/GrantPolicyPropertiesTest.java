package dev.jita.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static dev.jita.iam.Fixtures.NOT_AFTER;
import static dev.jita.iam.Fixtures.NOT_BEFORE;
import static dev.jita.iam.Fixtures.ROLE_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * security.md, Grants: "Wildcards or forbidden actions never reach a policy (property test over thousands of
 * generated requests)" and "Every Allow carries DateGreaterThan/DateLessThan on aws:CurrentTime and aws:userid for
 * the requesting session."
 *
 * <p>The oracle here is written independently of the guard (ActionGuard): a literal list of the concrete IAM
 * actions the design's patterns cover, so a bug in the guard's glob matching would show.
 */
class GrantPolicyPropertiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every concrete IAM action matched by design.md's forbidden patterns (IAM service authorization reference). */
    private static final Set<String> FORBIDDEN_CONCRETE = Set.of(
            "iam:passrole",
            "iam:putrolepolicy", "iam:putuserpolicy", "iam:putgrouppolicy",
            "iam:attachrolepolicy", "iam:attachuserpolicy", "iam:attachgrouppolicy",
            "iam:createpolicyversion", "iam:setdefaultpolicyversion", "iam:updateassumerolepolicy",
            "iam:createaccesskey", "iam:createloginprofile", "iam:updateloginprofile",
            "iam:deleterolepermissionsboundary", "iam:deleteuserpermissionsboundary",
            "iam:putrolepermissionsboundary", "iam:putuserpermissionsboundary", "iam:addusertogroup",
            // credentials that outlive the grant (see ActionGuard.FORBIDDEN)
            "iam:createservicespecificcredential", "iam:resetservicespecificcredential", "iam:uploadsshpublickey",
            "iam:uploadsigningcertificate", "iam:updateaccesskey");

    // Plain actions; sts: and organizations: ones among them are forbidden as whole services (see isWildcardOrForbidden).
    private static final List<String> SAFE_ACTIONS = List.of(
            "ec2:TerminateInstances", "ec2:StopInstances", "ec2:RebootInstances", "s3:GetObject", "s3:DeleteObject",
            "rds:RebootDBInstance", "lambda:InvokeFunction", "dynamodb:DeleteItem", "iam:GetRole",
            "iam:ListRolePolicies", "sts:GetCallerIdentity", "kms:Decrypt", "organizations:ListAccounts",
            "iam:DeleteRolePolicy", "secretsmanager:GetSecretValue");

    @Property(tries = 3000)
    void wildcardsAndForbiddenActionsNeverReachAPolicy(@ForAll("actionLists") List<String> actions,
                                                       @ForAll("resourceLists") List<String> resources) throws Exception {
        boolean bad = actions.stream().anyMatch(GrantPolicyPropertiesTest::isWildcardOrForbidden)
                || resources.stream().anyMatch(GrantPolicyPropertiesTest::hasWildcard);
        Statistics.label("outcome").collect(bad ? "refused" : "built");
        // Both sides must be exercised in earnest, or the property proves nothing.
        Statistics.label("outcome").coverage(c -> {
            c.check("built").percentage(p -> p > 10);
            c.check("refused").percentage(p -> p > 10);
        });
        var request = Fixtures.request("req-1", actions, resources);

        if (bad) {
            assertThrows(GrantRefusedException.class, () -> GrantPolicy.of(request, NOT_BEFORE, NOT_AFTER));
            return;
        }
        GrantPolicy policy = GrantPolicy.of(request, NOT_BEFORE, NOT_AFTER);
        JsonNode statements = JSON.readTree(policy.document()).get("Statement");
        for (JsonNode statement : statements) {
            assertEquals("Allow", statement.get("Effect").asText());
            JsonNode condition = statement.get("Condition");
            assertEquals("2026-11-23T10:00:00Z", condition.get("DateGreaterThan").get("aws:CurrentTime").asText());
            assertEquals("2026-11-23T11:00:00Z", condition.get("DateLessThan").get("aws:CurrentTime").asText());
            assertEquals(ROLE_ID + ":alice", condition.get("StringEquals").get("aws:userid").asText());
            List<String> granted = new ArrayList<>();
            statement.get("Action").forEach(a -> granted.add(a.asText()));
            granted.forEach(a -> assertFalse(isWildcardOrForbidden(a), a));
            statement.get("Resource").forEach(r -> assertFalse(hasWildcard(r.asText()), r.asText()));
            assertEquals(List.copyOf(new LinkedHashSet<>(actions)), granted);
        }
    }

    private static boolean isWildcardOrForbidden(String action) {
        String lower = action.toLowerCase(Locale.ROOT);
        // Whole services: every STS and Organizations action is forbidden.
        return hasWildcard(action) || FORBIDDEN_CONCRETE.contains(lower)
                || lower.startsWith("sts:") || lower.startsWith("organizations:");
    }

    private static boolean hasWildcard(String s) {
        return s.contains("*") || s.contains("?") || s.contains("$");
    }

    @Provide
    Arbitrary<List<String>> actionLists() {
        Arbitrary<String> safe = Arbitraries.of(SAFE_ACTIONS);
        Arbitrary<String> forbidden = Arbitraries.of(FORBIDDEN_CONCRETE).flatMap(GrantPolicyPropertiesTest::randomCase);
        Arbitrary<String> wildcard = Combinators.combine(Arbitraries.of(SAFE_ACTIONS), Arbitraries.of("*", "?", "$", "${aws:username}"),
                        Arbitraries.integers().between(0, 40))
                .as((a, w, at) -> a.substring(0, Math.min(at, a.length())) + w + a.substring(Math.min(at, a.length())));
        Arbitrary<String> bare = Arbitraries.of("*", "iam:*", "sts:*", "organizations:*", "ec2:*", "iam:Put*Policy",
                "iam:Attach*Policy", "iam:Delete*PermissionsBoundary");
        Arbitrary<String> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, safe), net.jqwik.api.Tuple.of(1, forbidden),
                net.jqwik.api.Tuple.of(1, wildcard), net.jqwik.api.Tuple.of(1, bare));
        return any.list().ofMinSize(1).ofMaxSize(10);
    }

    @Provide
    Arbitrary<List<String>> resourceLists() {
        Arbitrary<String> id = Arbitraries.strings().withCharRange('a', 'f').numeric().ofMinLength(8).ofMaxLength(17);
        Arbitrary<String> safe = id.map(i -> "arn:aws:ec2:eu-west-1:111122223333:instance/i-" + i);
        Arbitrary<String> wild = Combinators.combine(safe, Arbitraries.of("*", "?", "$", "${aws:userid}"),
                        Arbitraries.integers().between(0, 60))
                .as((r, w, at) -> r.substring(0, Math.min(at, r.length())) + w + r.substring(Math.min(at, r.length())));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(30, safe), net.jqwik.api.Tuple.of(1, wild))
                .list().ofMinSize(1).ofMaxSize(10);
    }

    private static Arbitrary<String> randomCase(String s) {
        return Arbitraries.integers().between(0, Integer.MAX_VALUE).map(seed -> {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                out.append(((seed >>> (i % 31)) & 1) == 1 ? Character.toUpperCase(c) : c);
            }
            return out.toString();
        });
    }
}
