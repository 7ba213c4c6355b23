package dev.jita.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.domain.EligibilityResult.Eligible;
import dev.jita.domain.EligibilityResult.NotEligible;
import dev.jita.rules.RulesFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EligibilityTest {
    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final RuleBook RULES = RulesFile.load(Path.of("..", "config", "rules.yaml"));
    private static final Eligibility ELIGIBILITY = new Eligibility(RULES, CLOCK);

    private static final String INSTANCE = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc";
    private static final Requester DAN = Fixtures.session("Engineer", "dan");

    private static EligibilityRequest ask(Requester who, List<String> actions, List<String> resources, Duration d,
                                          Instant startAt, String ruleId) {
        return new EligibilityRequest(who, actions, resources, d, startAt, ruleId);
    }

    private static EligibilityRequest terminate(Duration d) {
        return ask(DAN, List.of("ec2:TerminateInstances"), List.of(INSTANCE), d, null, null);
    }

    private static NotEligible refused(EligibilityRequest request) {
        return assertInstanceOf(NotEligible.class, ELIGIBILITY.decide(request));
    }

    @Test
    void decide_shouldMatchTheOneRule_thatAllowsActionResourceAndRole() {
        Eligible e = assertInstanceOf(Eligible.class, ELIGIBILITY.decide(terminate(Duration.ofMinutes(30))));

        assertEquals("prod-ec2-terminate", e.rule().id());
        assertEquals(List.of("alice", "bob", "carol"), e.approvers().stream().map(Approver::id).toList());
        assertTrue(e.alsoMatched().isEmpty());
        assertTrue(!e.autoApproved());
    }

    @Test
    void decide_shouldCompareActionsCaseInsensitively_asIamDoes() {
        EligibilityRequest r = ask(DAN, List.of("EC2:terminateinstances", "ec2:STOPINSTANCES"), List.of(INSTANCE),
                Duration.ofMinutes(5), null, null);

        assertEquals("prod-ec2-terminate", assertInstanceOf(Eligible.class, ELIGIBILITY.decide(r)).rule().id());
    }

    @Test
    void decide_shouldLeaveTheRequesterOutOfTheApprovers_whenTheyAreInTheGroup() {
        Requester alice = Fixtures.session("Engineer", "alice");

        Eligible e = assertInstanceOf(Eligible.class, ELIGIBILITY.decide(
                ask(alice, List.of("ec2:StopInstances"), List.of(INSTANCE), Duration.ofMinutes(10), null, null)));

        assertEquals(List.of("bob", "carol"), e.approvers().stream().map(Approver::id).toList());
    }

    @Test
    void decide_shouldKeepTwoOfThree_whenOneOwnerAsks() {
        Requester frank = Fixtures.session("DbaRole", "frank");

        Eligible e = assertInstanceOf(Eligible.class, ELIGIBILITY.decide(ask(frank, List.of("rds:RebootDBInstance"),
                List.of("arn:aws:rds:eu-west-1:111122223333:db:prod-orders"), Duration.ofMinutes(20), null, null)));

        assertEquals("prod-rds-reboot", e.rule().id());
        assertEquals(2, e.rule().approvalsRequired());
        assertEquals(List.of("dave", "erin"), e.approvers().stream().map(Approver::id).toList());
    }

    @Test
    void decide_shouldAutoApprove_underAnAlwaysRule_withNoApprovers() {
        Eligible e = assertInstanceOf(Eligible.class, ELIGIBILITY.decide(ask(DAN, List.of("s3:GetObject"),
                List.of("arn:aws:s3:::example-prod-reports/2026/q3.csv"), Duration.ofHours(4), null, null)));

        assertEquals("prod-reports-read", e.rule().id());
        assertTrue(e.autoApproved());
        assertTrue(e.approvers().isEmpty());
    }

    @Test
    void decide_shouldRefuseForbiddenAction_beforeLookingAtRules() {
        NotEligible n = refused(ask(DAN, List.of("ec2:TerminateInstances", "iam:PassRole"), List.of(INSTANCE),
                Duration.ofMinutes(5), null, "prod-ec2-terminate"));

        assertEquals(Reason.FORBIDDEN_ACTION, n.reason());
        assertNull(n.ruleId());
        assertTrue(n.message().contains("'iam:PassRole'"), n.message());
    }

    @Test
    void decide_shouldRefuseWildcards_inActionsAndResources() {
        assertEquals(Reason.WILDCARD_NOT_ALLOWED, refused(ask(DAN, List.of("ec2:Terminate*"), List.of(INSTANCE),
                Duration.ofMinutes(5), null, null)).reason());
        assertEquals(Reason.FORBIDDEN_ACTION, refused(ask(DAN, List.of("ec2:*"), List.of(INSTANCE),
                Duration.ofMinutes(5), null, null)).reason());
        assertEquals(Reason.WILDCARD_NOT_ALLOWED, refused(ask(DAN, List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/*"), Duration.ofMinutes(5), null, null)).reason());
    }

    @Test
    void decide_shouldRefuseMalformedArn_andAction() {
        assertEquals(Reason.INVALID_ARN, refused(ask(DAN, List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:1111:instance/i-1"), Duration.ofMinutes(5), null, null)).reason());
        assertEquals(Reason.INVALID_ACTION, refused(ask(DAN, List.of("TerminateInstances"), List.of(INSTANCE),
                Duration.ofMinutes(5), null, null)).reason());
        assertEquals(Reason.EMPTY_REQUEST, refused(ask(DAN, List.of(), List.of(INSTANCE),
                Duration.ofMinutes(5), null, null)).reason());
    }

    @Test
    void decide_shouldSayWhichActionTheRuleLacks_whenARuleIsNamed() {
        NotEligible n = refused(ask(DAN, List.of("ec2:TerminateInstances", "ec2:RebootInstances"), List.of(INSTANCE),
                Duration.ofMinutes(5), null, "prod-ec2-terminate"));

        assertEquals(Reason.ACTION_NOT_ALLOWED, n.reason());
        assertEquals("prod-ec2-terminate", n.ruleId());
        assertTrue(n.message().startsWith("Rule 'prod-ec2-terminate' does not allow action 'ec2:RebootInstances'"),
                n.message());
    }

    @Test
    void decide_shouldSayWhichResourceTheRuleLacks_whenARuleIsNamed() {
        NotEligible n = refused(ask(DAN, List.of("ec2:StopInstances"),
                List.of(INSTANCE, "arn:aws:ec2:us-east-1:111122223333:instance/i-0abc"), Duration.ofMinutes(5), null,
                "prod-ec2-terminate"));

        assertEquals(Reason.RESOURCE_NOT_ALLOWED, n.reason());
        assertTrue(n.message().contains("us-east-1"), n.message());
    }

    @Test
    void decide_shouldRefuseTooLongDuration_forTheRule_andForEveryRule() {
        NotEligible named = refused(ask(DAN, List.of("ec2:StopInstances"), List.of(INSTANCE), Duration.ofMinutes(61),
                null, "prod-ec2-terminate"));
        assertEquals(Reason.DURATION_TOO_LONG, named.reason());
        assertTrue(named.message().contains("at most PT1H"), named.message());

        NotEligible unnamed = refused(terminate(Duration.ofMinutes(61)));
        assertEquals(Reason.NO_MATCHING_RULE, unnamed.reason());
        assertEquals("prod-ec2-terminate", unnamed.ruleId());
        assertTrue(unnamed.message().startsWith("No rule allows this whole request: rule 'prod-ec2-terminate' allows at most PT1H"),
                unnamed.message());

        assertEquals(Reason.DURATION_TOO_LONG, refused(terminate(Duration.ofHours(13))).reason());
        assertEquals(Reason.INVALID_DURATION, refused(terminate(Duration.ZERO)).reason());
        assertEquals(Reason.INVALID_DURATION, refused(terminate(Duration.ofMinutes(-5))).reason());
    }

    @Test
    void decide_shouldRefuseARoleThatNoRuleNames() {
        NotEligible n = refused(ask(Fixtures.session("Intern", "zoe"), List.of("ec2:StopInstances"), List.of(INSTANCE),
                Duration.ofMinutes(5), null, null));

        assertEquals(Reason.REQUESTER_NOT_ALLOWED, n.reason());
        assertTrue(n.message().contains("arn:aws:iam::111122223333:role/Intern"), n.message());
        assertEquals(Reason.REQUESTER_NOT_ALLOWED, refused(ask(Fixtures.session("Intern", "zoe"),
                List.of("ec2:StopInstances"), List.of(INSTANCE), Duration.ofMinutes(5), null, "prod-ec2-terminate")).reason());
    }

    @Test
    void decide_shouldRefuseUnknownRuleId() {
        NotEligible n = refused(ask(DAN, List.of("ec2:StopInstances"), List.of(INSTANCE), Duration.ofMinutes(5), null,
                "no-such-rule"));

        assertEquals(Reason.RULE_NOT_FOUND, n.reason());
    }

    @Test
    void decide_shouldCheckStartAt_againstTheInjectedClock() {
        assertInstanceOf(Eligible.class, ELIGIBILITY.decide(ask(DAN, List.of("ec2:StopInstances"), List.of(INSTANCE),
                Duration.ofMinutes(5), NOW.minus(Duration.ofMinutes(4)), null)));
        assertInstanceOf(Eligible.class, ELIGIBILITY.decide(ask(DAN, List.of("ec2:StopInstances"), List.of(INSTANCE),
                Duration.ofMinutes(5), NOW.plus(Duration.ofDays(30)), null)));
        assertEquals(Reason.INVALID_START, refused(ask(DAN, List.of("ec2:StopInstances"), List.of(INSTANCE),
                Duration.ofMinutes(5), NOW.minus(Duration.ofMinutes(6)), null)).reason());
        assertEquals(Reason.INVALID_START, refused(ask(DAN, List.of("ec2:StopInstances"), List.of(INSTANCE),
                Duration.ofMinutes(5), NOW.plus(Duration.ofDays(30)).plusSeconds(1), null)).reason());
    }

    private static Rule rule(String id, String group, int approvals, AutoApprove auto) {
        return new Rule(id, null, List.of("ec2:RebootInstances"), List.of("arn:aws:ec2:eu-west-1:111122223333:instance/*"),
                List.of("arn:aws:iam::111122223333:role/Engineer"), List.of(), group, approvals, Duration.ofHours(1),
                Duration.ofMinutes(30), auto, false);
    }

    @Test
    void decide_shouldTakeTheFirstMatchingRuleInFileOrder_andListTheOthers() {
        RuleBook book = new RuleBook(1, Map.of("g", List.of(new Approver("a", "a@example.com", null))), List.of(),
                List.of(), List.of(rule("first", "g", 1, null), rule("second", null, 0, new AutoApprove(true, null))));
        Eligibility eligibility = new Eligibility(book, CLOCK);
        EligibilityRequest r = ask(DAN, List.of("ec2:RebootInstances"), List.of(INSTANCE), Duration.ofMinutes(5), null, null);

        Eligible e = assertInstanceOf(Eligible.class, eligibility.decide(r));
        assertEquals("first", e.rule().id());
        assertEquals(List.of("second"), e.alsoMatched());

        EligibilityRequest pick = ask(DAN, r.actions(), r.resources(), r.duration(), null, "second");
        assertEquals("second", assertInstanceOf(Eligible.class, eligibility.decide(pick)).rule().id());
    }

    @Test
    void decide_shouldRefuse_whenTooFewApproversRemainWithoutTheRequester() {
        List<Approver> two = List.of(new Approver("dan", "dan@example.com", null), new Approver("eve", "eve@example.com", null));
        RuleBook book = new RuleBook(1, Map.of("g", two), List.of(), List.of(), List.of(rule("two-of-two", "g", 2, null)));

        NotEligible n = assertInstanceOf(NotEligible.class, new Eligibility(book, CLOCK).decide(ask(DAN,
                List.of("ec2:RebootInstances"), List.of(INSTANCE), Duration.ofMinutes(5), null, "two-of-two")));

        assertEquals(Reason.NO_ELIGIBLE_APPROVERS, n.reason());
        assertTrue(n.message().contains("needs 2 approval(s) but only 1"), n.message());
        assertInstanceOf(Eligible.class, new Eligibility(book, CLOCK).decide(ask(Fixtures.session("Engineer", "zed"),
                List.of("ec2:RebootInstances"), List.of(INSTANCE), Duration.ofMinutes(5), null, "two-of-two")));
    }

    @Test
    void decide_shouldRefuse_aHandBuiltRuleWithNoApprovalsAndNoAutoApproval() {
        RuleBook book = new RuleBook(1, Map.of(), List.of(), List.of(), List.of(rule("zero", null, 0, null)));

        NotEligible n = assertInstanceOf(NotEligible.class, new Eligibility(book, CLOCK).decide(ask(DAN,
                List.of("ec2:RebootInstances"), List.of(INSTANCE), Duration.ofMinutes(5), null, "zero")));

        assertEquals(Reason.NO_ELIGIBLE_APPROVERS, n.reason());
    }

    @Test
    void recheck_shouldStillAllow_anApprovedRequestWhoseStartIsNowPast() {
        AccessRequest approved = Fixtures.request(); // startAt 10:00, rule prod-ec2-terminate
        Eligibility atGrantTime = new Eligibility(RULES, Clock.fixed(Instant.parse("2026-11-02T11:00:00Z"), ZoneOffset.UTC));

        assertEquals(Reason.INVALID_START, assertInstanceOf(NotEligible.class,
                atGrantTime.decide(EligibilityRequest.of(approved))).reason());
        assertEquals("prod-ec2-terminate", assertInstanceOf(Eligible.class, atGrantTime.recheck(approved)).rule().id());
    }

    @Test
    void recheck_shouldRefuse_whenTheRuleNoLongerAllowsTheRequest() {
        AccessRequest approved = Fixtures.request();
        RuleBook narrowed = RulesFile.parse("""
                version: 1
                approverGroups:
                  g: [{ id: a, email: a@example.com }]
                rules:
                  - id: prod-ec2-terminate
                    actions: [ec2:StopInstances]
                    resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                    approvers: g
                    approvalsRequired: 1
                    maxDuration: PT1H
                    approvalTimeout: PT30M
                """, "narrowed.yaml");
        RuleBook removed = new RuleBook(1, Map.of(), List.of(), List.of(), List.of());

        NotEligible n = assertInstanceOf(NotEligible.class, new Eligibility(narrowed, CLOCK).recheck(approved));
        assertEquals(Reason.ACTION_NOT_ALLOWED, n.reason());
        assertEquals(Reason.RULE_NOT_FOUND, assertInstanceOf(NotEligible.class,
                new Eligibility(removed, CLOCK).recheck(approved)).reason());
    }

    @Test
    void eligibleApprovers_shouldSetAsideAnApproverKnownByTheRequestersRole() {
        Rule r = rule("r", "g", 1, null);
        RuleBook book = new RuleBook(1, Map.of("g", List.of(
                new Approver("x", "x@example.com", "arn:aws:iam::111122223333:role/Engineer"),
                new Approver("y", "y@example.com", "arn:aws:sts::111122223333:assumed-role/Engineer/dan"),
                new Approver("Dan", "dan.other@example.com", null),
                new Approver("z", "z@example.com", "arn:aws:sts::111122223333:assumed-role/Engineer/zed"))),
                List.of(), List.of(), List.of(r));

        assertEquals(List.of("z"), book.eligibleApprovers(r, DAN).stream().map(Approver::id).toList());
    }

    // security.md "Approval links": the requester can never approve their own request, even when listed as an
    // approver. IAM role names are case-insensitive and a session ARN never carries the role's path, so an approver
    // known by role/engineer, role/ENGINEER or role/jita/Engineer may be any Engineer session, dan's included.
    @Test
    void eligibleApprovers_shouldSetAsideTheRequestersRole_writtenInAnotherCaseOrWithAPath() {
        Rule r = rule("r", "g", 1, null);
        RuleBook book = new RuleBook(1, Map.of("g", List.of(
                new Approver("a", "a@example.com", "arn:aws:iam::111122223333:role/engineer"),
                new Approver("b", "b@example.com", "arn:aws:iam::111122223333:role/ENGINEER"),
                new Approver("c", "c@example.com", "arn:aws:iam::111122223333:role/jita/Engineer"),
                new Approver("d", "d@example.com", "arn:aws:sts::111122223333:assumed-role/engineer/DAN"),
                new Approver("e", "e@example.com", "arn:aws:iam::111122223333:role/jita/Engineers"),
                new Approver("f", "f@example.com", "arn:aws:iam::444455556666:role/Engineer"))),
                List.of(), List.of(), List.of(r));

        assertEquals(List.of("e", "f"), book.eligibleApprovers(r, DAN).stream().map(Approver::id).toList());
    }

    // Admins and auditors are matched like approvers: the role ignoring case, a session exactly.
    @Test
    void isAdmin_shouldMatchTheRoleIgnoringCase_andASessionByItsExactName() {
        RuleBook book = new RuleBook(1, Map.of(), List.of("arn:aws:iam::111122223333:role/platformadmin",
                "arn:aws:sts::111122223333:assumed-role/oncall/Erin"), List.of(), List.of());

        assertTrue(book.isAdmin(Fixtures.session("PlatformAdmin", "zed")));
        assertTrue(book.isAdmin(Fixtures.session("OnCall", "Erin")));
        assertTrue(!book.isAdmin(Fixtures.session("OnCall", "erin")));
        assertTrue(!book.isAdmin(Fixtures.session("PlatformAdmins", "zed")));
    }

    @Test
    void of_shouldCarryEverythingEligibilityNeeds_fromAStoredRequest() {
        AccessRequest stored = Fixtures.request();

        EligibilityRequest r = EligibilityRequest.of(stored);

        assertEquals(stored.actions(), r.actions());
        assertEquals(stored.ruleId(), r.ruleId());
        assertEquals(stored.startAt(), r.startAt());
    }

    private static Requester inAccount(String account, String role, String session) {
        return new Requester("arn:aws:sts::" + account + ":assumed-role/" + role + "/" + session, account, role,
                session, "AROA" + role.toUpperCase() + ":" + session);
    }

    /** A rule for role Engineer in any account its accounts cover, on instances of any account. */
    private static Eligibility forAccounts(List<String> accounts) {
        Rule rule = new Rule("org-reboot", null, List.of("ec2:RebootInstances"),
                List.of("arn:aws:ec2:eu-west-1:*:instance/*"), List.of("arn:aws:iam::*:role/Engineer"), accounts,
                "g", 1, Duration.ofHours(1), Duration.ofMinutes(30), null, false);
        return new Eligibility(new RuleBook(1, Map.of("g", List.of(new Approver("a", "a@example.com", null))),
                List.of(), List.of(), List.of(rule)), CLOCK);
    }

    private static EligibilityRequest reboot(Requester who, String instanceAccount) {
        return ask(who, List.of("ec2:RebootInstances"), List.of("arn:aws:ec2:eu-west-1:" + instanceAccount
                + ":instance/i-0abc"), Duration.ofMinutes(5), null, null);
    }

    @Test
    void decide_shouldAllowARequesterInAnAccountTheRuleCovers_andRefuseAnother_namingTheAccount() {
        Eligibility eligibility = forAccounts(List.of("444455556666"));

        assertInstanceOf(Eligible.class, eligibility.decide(reboot(inAccount("444455556666", "Engineer", "dan"),
                "444455556666")));
        NotEligible n = assertInstanceOf(NotEligible.class, eligibility.decide(
                reboot(inAccount("777788889999", "Engineer", "dan"), "777788889999")));
        assertEquals(Reason.ACCOUNT_NOT_COVERED, n.reason());
        assertTrue(n.message().contains("777788889999"), n.message());
    }

    @Test
    void decide_shouldCoverEveryAccount_whenTheRuleSaysAnyAccount() {
        assertInstanceOf(Eligible.class, forAccounts(List.of(Rule.ANY_ACCOUNT)).decide(
                reboot(inAccount("777788889999", "Engineer", "dan"), "777788889999")));
    }

    // An identity policy on the requester's role cannot reach another account's resource alone: refused before any
    // rule is consulted, with the reason, even when a rule's resource pattern would match it.
    @Test
    void decide_shouldRefuseAResourceInAnotherAccount_evenWhenTheRuleCoversBoth() {
        NotEligible n = assertInstanceOf(NotEligible.class, forAccounts(List.of(Rule.ANY_ACCOUNT)).decide(
                reboot(inAccount("444455556666", "Engineer", "dan"), "777788889999")));

        assertEquals(Reason.RESOURCE_IN_OTHER_ACCOUNT, n.reason());
        assertTrue(n.message().contains("777788889999") && n.message().contains("444455556666"), n.message());
        assertEquals(Reason.RESOURCE_IN_OTHER_ACCOUNT, refused(ask(DAN, List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:444455556666:instance/i-0abc"), Duration.ofMinutes(5), null, null))
                .reason());
    }

    @Test
    void decide_shouldAllowAccountlessArns_likeS3Objects() {
        Eligible e = assertInstanceOf(Eligible.class, ELIGIBILITY.decide(ask(Fixtures.session("Auditor", "ann"),
                List.of("s3:GetObject"), List.of("arn:aws:s3:::example-prod-reports/2026/11/q3.pdf"),
                Duration.ofMinutes(30), null, null)));
        assertEquals("prod-reports-read", e.rule().id());
    }

    @Test
    void recheck_shouldRefuseAStoredRequestWhoseResourceIsInAnotherAccount() {
        AccessRequest stored = new AccessRequest("req-x", Fixtures.session("Engineer", "dan"),
                List.of("ec2:TerminateInstances"), List.of("arn:aws:ec2:eu-west-1:444455556666:instance/i-0abc"),
                Duration.ofMinutes(5), "Terminate the wedged host", null, null, "prod-ec2-terminate", NOW);
        assertEquals(Reason.RESOURCE_IN_OTHER_ACCOUNT,
                assertInstanceOf(NotEligible.class, ELIGIBILITY.recheck(stored)).reason());
    }

    // Issue 14: IAM Identity Center users, named in rules by permission set.

    private static final String SSO_SUFFIX = "_0123456789abcdef";

    private static Requester sso(String account, String permissionSet, String user) {
        return inAccount(account, "AWSReservedSSO_" + permissionSet + SSO_SUFFIX, user);
    }

    private static Eligibility withRequesters(List<String> requesters, List<String> accounts) {
        Rule rule = new Rule("r", null, List.of("ec2:RebootInstances"), List.of("arn:aws:ec2:eu-west-1:*:instance/*"),
                requesters, accounts, "g", 1, Duration.ofHours(1), Duration.ofMinutes(30), null, false);
        return new Eligibility(new RuleBook(1, Map.of("g", List.of(new Approver("a", "a@example.com", null))),
                List.of(), List.of(), List.of(rule)), CLOCK);
    }

    @Test
    void decide_shouldLetAnIdentityCenterUserIn_byTheExactPermissionSet_inEachAccountTheRuleCovers() {
        Eligible home = assertInstanceOf(Eligible.class, ELIGIBILITY.decide(
                reboot(sso("111122223333", "Developer", "dan@example.com"), "111122223333")));
        Eligible b = assertInstanceOf(Eligible.class, ELIGIBILITY.decide(
                reboot(sso("444455556666", "Developer", "dan@example.com"), "444455556666")));

        assertEquals("prod-ec2-reboot-sso", home.rule().id());
        assertEquals("prod-ec2-reboot-sso", b.rule().id());
        assertEquals(List.of("alice", "bob", "carol"), home.approvers().stream().map(Approver::id).toList());
    }

    // SSO sessions are named after the user: an approver with that e-mail is the requester and never counts.
    @Test
    void decide_shouldLeaveAnIdentityCenterRequesterOutOfTheApprovers_byTheirUserName() {
        Eligible e = assertInstanceOf(Eligible.class, ELIGIBILITY.decide(
                reboot(sso("111122223333", "Developer", "alice@example.com"), "111122223333")));

        assertEquals(List.of("bob", "carol"), e.approvers().stream().map(Approver::id).toList());
    }

    @Test
    void decide_shouldRefuseAnIdentityCenterUserInAnAccountTheRuleDoesNotCover_namingTheAccount() {
        NotEligible n = refused(reboot(sso("777788889999", "Developer", "dan@example.com"), "777788889999"));

        assertEquals(Reason.ACCOUNT_NOT_COVERED, n.reason());
        assertEquals("prod-ec2-reboot-sso", n.ruleId());
        assertTrue(n.message().contains("777788889999"), n.message());
    }

    @Test
    void decide_shouldRefuseAnotherPermissionSet_namingPermissionSetAndUser_notTheRole() {
        NotEligible n = refused(reboot(sso("111122223333", "ReadOnly", "dan@example.com"), "111122223333"));

        assertEquals(Reason.REQUESTER_NOT_ALLOWED, n.reason());
        assertTrue(n.message().startsWith("No rule lets Identity Center users on permission set 'ReadOnly' request"
                + " access (you are 'dan@example.com' in account 111122223333)"), n.message());
        assertTrue(n.message().contains("identity-center:permission-set/ReadOnly"), n.message());
        assertTrue(!n.message().contains("AWSReservedSSO"), n.message());
        NotEligible named = refused(ask(sso("111122223333", "ReadOnly", "dan@example.com"),
                List.of("ec2:RebootInstances"), List.of(INSTANCE), Duration.ofMinutes(5), null, "prod-ec2-reboot-sso"));
        assertTrue(named.message().startsWith("Rule 'prod-ec2-reboot-sso' does not let Identity Center users on"
                + " permission set 'ReadOnly' request access (you are 'dan@example.com')"), named.message());
    }

    @Test
    void decide_shouldMatchAPermissionSetGlob() {
        Eligibility eligibility = withRequesters(List.of("identity-center:permission-set/Dev*"), List.of("*"));

        assertInstanceOf(Eligible.class, eligibility.decide(reboot(sso(Fixtures.ACCOUNT, "Dev", "dan"), Fixtures.ACCOUNT)));
        assertInstanceOf(Eligible.class, eligibility.decide(reboot(sso(Fixtures.ACCOUNT, "DevOps_Eu", "dan"),
                Fixtures.ACCOUNT)));
        assertEquals(Reason.REQUESTER_NOT_ALLOWED, assertInstanceOf(NotEligible.class, eligibility.decide(
                reboot(sso(Fixtures.ACCOUNT, "Ops_Dev", "dan"), Fixtures.ACCOUNT))).reason());
        assertEquals(Reason.REQUESTER_NOT_ALLOWED, assertInstanceOf(NotEligible.class, eligibility.decide(
                reboot(sso(Fixtures.ACCOUNT, "dev", "dan"), Fixtures.ACCOUNT))).reason());
    }

    // A role ARN never matches a role of Identity Center's name space, not even role/* or the role's literal ARN:
    // IAM refuses changes to those roles and their users are granted through Identity Center.
    @Test
    void decide_shouldNeverMatchAnIdentityCenterRole_byARoleArnPattern_evenAWildcardOrItsLiteralArn() {
        Eligibility eligibility = withRequesters(List.of("arn:aws:iam::*:role/*",
                "arn:aws:iam::111122223333:role/AWSReservedSSO_Developer" + SSO_SUFFIX), List.of("*"));

        NotEligible n = assertInstanceOf(NotEligible.class, eligibility.decide(
                reboot(sso(Fixtures.ACCOUNT, "Developer", "dan@example.com"), Fixtures.ACCOUNT)));
        assertEquals(Reason.REQUESTER_NOT_ALLOWED, n.reason());
        assertTrue(n.message().contains("identity-center:permission-set/Developer"), n.message());
        // A role that only looks like one (bad suffix) is refused as well, with the same pointer.
        NotEligible odd = assertInstanceOf(NotEligible.class, eligibility.decide(
                reboot(inAccount(Fixtures.ACCOUNT, "AWSReservedSSO_Developer_xyz", "dan"), Fixtures.ACCOUNT)));
        assertEquals(Reason.REQUESTER_NOT_ALLOWED, odd.reason());
        assertTrue(odd.message().contains("identity-center:permission-set/"), odd.message());
        // Every other role still matches role/*, as before.
        assertInstanceOf(Eligible.class, eligibility.decide(reboot(inAccount(Fixtures.ACCOUNT, "Engineer", "dan"),
                Fixtures.ACCOUNT)));
    }

    @Test
    void decide_shouldLetARoleAndAPermissionSetShareOneRule() {
        Eligibility eligibility = withRequesters(List.of("arn:aws:iam::111122223333:role/Engineer",
                "identity-center:permission-set/Developer"), List.of(Fixtures.ACCOUNT));

        assertInstanceOf(Eligible.class, eligibility.decide(reboot(DAN, Fixtures.ACCOUNT)));
        assertInstanceOf(Eligible.class, eligibility.decide(reboot(sso(Fixtures.ACCOUNT, "Developer", "dan"),
                Fixtures.ACCOUNT)));
        // The permission set entry is not a role: a role named Developer is not let in by it.
        assertInstanceOf(NotEligible.class, eligibility.decide(reboot(inAccount(Fixtures.ACCOUNT, "Developer", "dan"),
                Fixtures.ACCOUNT)));
    }

    // The loader insists on accounts for such a rule; one built by hand without them lets no Identity Center user in.
    @Test
    void decide_shouldLetNoIdentityCenterUserIn_underAHandBuiltRuleWithoutAccounts() {
        NotEligible n = assertInstanceOf(NotEligible.class, withRequesters(
                List.of("identity-center:permission-set/Developer"), List.of())
                .decide(reboot(sso(Fixtures.ACCOUNT, "Developer", "dan"), Fixtures.ACCOUNT)));

        assertEquals(Reason.REQUESTER_NOT_ALLOWED, n.reason());
    }

    @Test
    void decide_shouldRefuseAnIdentityCenterUsersResourceInAnotherAccount_speakingOfTheirSession() {
        NotEligible n = refused(reboot(sso("111122223333", "Developer", "dan@example.com"), "444455556666"));

        assertEquals(Reason.RESOURCE_IN_OTHER_ACCOUNT, n.reason());
        assertTrue(n.message().contains("your Identity Center session is in account 111122223333"), n.message());
    }
}
