package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.domain.EligibilityResult.Eligible;
import dev.jita.domain.EligibilityResult.NotEligible;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * No request holding a forbidden action, a service wildcard or a wildcard resource is ever eligible, whatever the
 * rules say. Rule books here are built by hand, bypassing the loader, so they can list exactly such things.
 */
class EligibilityPropertyTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-02T09:00:00Z"), ZoneOffset.UTC);
    private static final Requester DAN = Fixtures.session("Engineer", "dan");
    private static final Map<String, List<Approver>> GROUPS = Map.of("g", List.of(
            new Approver("ann", "ann@example.com", null), new Approver("ben", "ben@example.com", null),
            new Approver("cat", "cat@example.com", null)));
    private static final Set<Reason> REQUEST_REFUSALS = EnumSet.of(
            Reason.FORBIDDEN_ACTION, Reason.WILDCARD_NOT_ALLOWED, Reason.INVALID_ACTION, Reason.INVALID_ARN);

    // design.md's "Never requestable", transcribed here independently of ActionGuard.
    private static final List<Pattern> NEVER_REQUESTABLE = List.of(
            Pattern.compile("\\*"), Pattern.compile("[^:]+:\\*+"), Pattern.compile("iam:passrole"),
            Pattern.compile("iam:put.*policy"), Pattern.compile("iam:attach.*policy"),
            Pattern.compile("iam:createpolicyversion"), Pattern.compile("iam:setdefaultpolicyversion"),
            Pattern.compile("iam:updateassumerolepolicy"), Pattern.compile("iam:createaccesskey"),
            Pattern.compile("iam:createloginprofile"), Pattern.compile("iam:updateloginprofile"),
            Pattern.compile("iam:delete.*permissionsboundary"));
    private static final Pattern PLAIN_ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9]+");

    /** A request that a rule lists item for item, except that it also holds something never requestable. */
    @Property(tries = 3000)
    void requestWithAForbiddenOrWildcardItem_shouldNeverBeEligible_evenWhenARuleListsIt(
            @ForAll("cleanRequests") EligibilityRequest clean, @ForAll("badActions") String badAction,
            @ForAll("badResources") String badResource, @ForAll("badness") int which, @ForAll Random random,
            @ForAll boolean nameTheRule, @ForAll boolean autoApprove) {
        List<String> actions = new ArrayList<>(clean.actions());
        List<String> resources = new ArrayList<>(clean.resources());
        if (which != 1) {
            actions.add(random.nextInt(actions.size() + 1), badAction);
        }
        if (which != 0) {
            resources.add(random.nextInt(resources.size() + 1), badResource);
        }
        Rule permissive = listing("permissive", actions, resources, autoApprove);
        RuleBook book = new RuleBook(1, GROUPS, List.of(), List.of(), List.of(permissive));
        EligibilityRequest request = new EligibilityRequest(DAN, actions, resources, clean.duration(), null,
                nameTheRule ? "permissive" : null);

        EligibilityResult result = new Eligibility(book, CLOCK).decide(request);

        NotEligible refused = assertInstanceOf(NotEligible.class, result, () -> "eligible: " + request);
        assertTrue(REQUEST_REFUSALS.contains(refused.reason()), refused.toString());
    }

    /** The control: the same rules allow the same requests without the bad item, so the refusal above is its doing. */
    @Property(tries = 1000)
    void cleanRequest_shouldBeEligible_underARuleListingIt(@ForAll("cleanRequests") EligibilityRequest clean,
                                                           @ForAll boolean autoApprove) {
        RuleBook book = new RuleBook(1, GROUPS, List.of(), List.of(),
                List.of(listing("permissive", clean.actions(), clean.resources(), autoApprove)));

        Eligible e = assertInstanceOf(Eligible.class, new Eligibility(book, CLOCK).decide(clean));
        assertEquals("permissive", e.rule().id());
    }

    /** Arbitrary rule books and arbitrary requests mixing good and bad items: whatever is eligible is clean. */
    @Property(tries = 3000)
    void whateverIsEligible_shouldHoldOnlyConcreteRequestableActionsAndResources(
            @ForAll("ruleBooks") RuleBook book, @ForAll("mixedActions") List<String> actions,
            @ForAll("mixedResources") List<String> resources, @ForAll("shortDurations") Duration duration) {
        EligibilityRequest request = new EligibilityRequest(DAN, actions, resources, duration, null, null);

        EligibilityResult result = new Eligibility(book, CLOCK).decide(request);

        // Guard against a vacuous pass: enough generated cases must come out eligible.
        Statistics.label("eligible").collect(result instanceof Eligible);
        Statistics.label("eligible").coverage(c -> c.check(true).percentage(p -> p >= 3.0));
        if (result instanceof Eligible e) {
            for (String action : actions) {
                assertTrue(PLAIN_ACTION.matcher(action).matches(), action);
                String lower = action.toLowerCase(Locale.ROOT);
                assertTrue(NEVER_REQUESTABLE.stream().noneMatch(p -> p.matcher(lower).matches()), action);
                assertTrue(e.rule().actions().stream().anyMatch(a -> a.equalsIgnoreCase(action)), action);
            }
            for (String resource : resources) {
                assertFalse(resource.contains("*") || resource.contains("?") || resource.contains("$"), resource);
                assertTrue(resource.startsWith("arn:aws:"), resource);
            }
            assertTrue(duration.compareTo(e.rule().maxDuration()) <= 0);
            assertTrue(duration.compareTo(Duration.ofHours(12)) <= 0);
        }
    }

    private static Rule listing(String id, List<String> actions, List<String> resources, boolean autoApprove) {
        return new Rule(id, null, actions, resources,
                List.of("arn:aws:iam::111122223333:role/Engineer", "arn:aws:iam::*:role/*"), List.of(),
                autoApprove ? null : "g", autoApprove ? 0 : 1, Duration.ofHours(24), Duration.ofHours(1),
                autoApprove ? new AutoApprove(true, null) : AutoApprove.NEVER, false);
    }

    @Provide
    Arbitrary<Integer> badness() {
        return Arbitraries.integers().between(0, 2); // 0: a bad action, 1: a bad resource, 2: both
    }

    @Provide
    Arbitrary<EligibilityRequest> cleanRequests() {
        return Combinators.combine(goodActions().list().ofMinSize(1).ofMaxSize(9),
                        goodResources().list().ofMinSize(1).ofMaxSize(9), durations())
                .as((a, r, d) -> new EligibilityRequest(DAN, a, r, d, null, null));
    }

    @Provide
    Arbitrary<Duration> durations() {
        return Arbitraries.integers().between(1, 720).map(Duration::ofMinutes);
    }

    @Provide
    Arbitrary<Duration> shortDurations() {
        return Arbitraries.integers().between(1, 90).map(Duration::ofMinutes);
    }

    Arbitrary<String> services() {
        return Arbitraries.oneOf(Arbitraries.of("ec2", "s3", "rds", "lambda", "dynamodb", "ecs", "logs"),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(2).ofMaxLength(8)
                        .filter(s -> !s.equals("iam") && !s.equals("sts") && !s.equals("organizations")));
    }

    Arbitrary<String> goodActions() {
        return Combinators.combine(services(), Arbitraries.strings().withCharRange('A', 'Z').ofLength(1),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(24))
                .as((s, first, rest) -> s + ":" + first + rest);
    }

    Arbitrary<String> goodResources() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(17)
                        .map(id -> "arn:aws:ec2:eu-west-1:111122223333:instance/i-" + id),
                Arbitraries.strings().alpha().numeric().withChars("/-_.").ofMinLength(1).ofMaxLength(30)
                        .map(key -> "arn:aws:s3:::example-bucket/" + key));
    }

    @Provide
    Arbitrary<String> badActions() {
        Arbitrary<String> infix = Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(10);
        Arbitrary<String> forbidden = Arbitraries.oneOf(
                Arbitraries.of("iam:PassRole", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
                        "iam:UpdateAssumeRolePolicy", "iam:CreateAccessKey", "iam:CreateLoginProfile",
                        "iam:UpdateLoginProfile", "iam:PutRolePolicy", "iam:AttachUserPolicy",
                        "iam:DeleteRolePermissionsBoundary", "iam:CreateServiceSpecificCredential",
                        "iam:ResetServiceSpecificCredential", "iam:UploadSSHPublicKey",
                        "iam:UploadSigningCertificate", "iam:UpdateAccessKey"),
                infix.map(x -> "iam:Put" + x + "Policy"),
                infix.map(x -> "iam:Attach" + x + "Policy"),
                infix.map(x -> "iam:Delete" + x + "PermissionsBoundary"));
        Arbitrary<String> serviceWildcard = Arbitraries.oneOf(Arbitraries.of("iam", "sts", "organizations"), services())
                .map(s -> s + ":*");
        Arbitrary<String> partialWildcard = Combinators.combine(services(),
                Arbitraries.strings().alpha().ofMaxLength(8), Arbitraries.of("*", "?", "**", "*?"),
                Arbitraries.strings().alpha().ofMaxLength(8)).as((s, a, w, b) -> s + ":" + a + w + b);
        Arbitrary<String> recased = Combinators.combine(forbidden, Arbitraries.randoms())
                .as((a, r) -> randomCase(a, r));
        return Arbitraries.oneOf(forbidden, recased, serviceWildcard, partialWildcard, Arbitraries.just("*"),
                Arbitraries.of("\u0131am:PassRole", "\u0130AM:PASSROLE", "iam:Pass\u212aole", "iam:PassRole "));
    }

    @Provide
    Arbitrary<String> badResources() {
        Arbitrary<String> withWildcardInside = Combinators.combine(goodResources(), Arbitraries.of("*", "?", "$", "${aws:username}"),
                Arbitraries.integers().between(0, 1000)).as((arn, w, at) -> {
                    int from = arn.indexOf(':', "arn:aws:".length()) + 1; // after the service
                    int i = from + Math.floorMod(at, arn.length() - from + 1);
                    return arn.substring(0, i) + w + arn.substring(i);
                });
        return Arbitraries.oneOf(withWildcardInside, Arbitraries.of("*", "arn:aws:ec2:*:111122223333:instance/*",
                "arn:aws:s3:::example-bucket/*", "arn:aws:ec2:eu-west-1:111122223333:instance/i-????",
                "arn:aws:ec2:eu-west-1:*:instance/i-1", "arn:aws:*"));
    }

    // A small shared vocabulary, so that generated rules and generated requests often meet.
    Arbitrary<String> vocabularyActions() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of("ec2:RebootInstances", "EC2:rebootinstances",
                        "ec2:StopInstances", "s3:GetObject", "rds:RebootDBInstance")),
                net.jqwik.api.Tuple.of(1, badActions()));
    }

    Arbitrary<String> vocabularyResources() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(6, goodResources()), net.jqwik.api.Tuple.of(1, badResources()));
    }

    @Provide
    Arbitrary<List<String>> mixedActions() {
        return vocabularyActions().list().ofMinSize(1).ofMaxSize(2);
    }

    @Provide
    Arbitrary<List<String>> mixedResources() {
        return vocabularyResources().list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<RuleBook> ruleBooks() {
        Arbitrary<List<String>> actions = vocabularyActions().list().ofMinSize(2).ofMaxSize(12);
        Arbitrary<List<String>> patterns = Arbitraries.oneOf(goodResources(), badResources(),
                Arbitraries.of("arn:aws:ec2:*:*:*", "arn:aws:s3:::*", "arn:aws:s3:::example-bucket/*",
                        "arn:aws:ec2:eu-west-1:111122223333:instance/*")).list().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<String>> requesters = Arbitraries.of("arn:aws:iam::111122223333:role/Engineer",
                "arn:aws:iam::*:role/*", "arn:aws:iam::111122223333:role/Eng*", "arn:aws:iam::111122223333:role/Other",
                "*").list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Rule> rule = Combinators.combine(Arbitraries.strings().withCharRange('a', 'z').ofLength(6),
                actions, patterns, requesters, Arbitraries.integers().between(0, 4), Arbitraries.integers().between(1, 24 * 60),
                Arbitraries.of(true, false))
                .as((id, a, p, q, approvals, max, auto) -> new Rule(id, null, a, p, q, List.of(), "g", approvals,
                        Duration.ofMinutes(max), Duration.ofMinutes(30), new AutoApprove(auto, null), false));
        return rule.list().ofMinSize(1).ofMaxSize(5).map(rules -> new RuleBook(1, GROUPS, List.of(), List.of(), rules));
    }

    private static String randomCase(String s, Random random) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return b.toString();
    }
}
