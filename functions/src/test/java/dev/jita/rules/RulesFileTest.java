package dev.jita.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jita.domain.Approver;
import dev.jita.domain.AutoApprove;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Severity;
import dev.jita.rules.RulesFileException.RuleError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RulesFileTest {
    private static final Path BROKEN = Path.of("src/test/resources/rules");
    // Tests run in the module directory; the example rules live at the repository root.
    private static final Path EXAMPLE = Path.of("..", "config", "rules.yaml");

    @Test
    void load_shouldAcceptTheExampleRulesFile_withItsSevenRules() {
        RuleBook book = RulesFile.load(EXAMPLE);

        assertEquals(1, book.version());
        assertEquals(List.of("prod-ec2-terminate", "prod-rds-reboot", "prod-reports-read", "breakglass-ecs-restart",
                        "prod-b-ec2-reboot", "prod-c-ec2-reboot", "prod-ec2-reboot-sso"),
                book.rules().stream().map(Rule::id).toList());
        Rule terminate = book.rule("prod-ec2-terminate").orElseThrow();
        assertEquals(List.of("ec2:TerminateInstances", "ec2:StopInstances"), terminate.actions());
        assertEquals(1, terminate.approvalsRequired());
        assertEquals(3, book.approversOf(terminate).size());
        assertEquals(Duration.ofHours(1), terminate.maxDuration());
        assertEquals(Duration.ofMinutes(30), terminate.approvalTimeout());
        assertEquals(new AutoApprove.Incident(Severity.SEV2, true), terminate.autoApprove().incident());
        assertFalse(terminate.breakGlass());
    }

    @Test
    void load_shouldOfferOneOfN_twoOfThree_andAutoApprovalRules_forLaterTests() {
        RuleBook book = RulesFile.load(EXAMPLE);

        Rule twoOfThree = book.rule("prod-rds-reboot").orElseThrow();
        assertEquals(2, twoOfThree.approvalsRequired());
        assertEquals(3, book.approversOf(twoOfThree).size());
        Rule auto = book.rule("prod-reports-read").orElseThrow();
        assertTrue(auto.autoApprove().always());
        assertEquals(0, auto.approvalsRequired());
        assertNull(auto.approverGroup());
        assertEquals(Duration.ofHours(4), auto.maxDuration());
        Rule breakGlass = book.rule("breakglass-ecs-restart").orElseThrow();
        assertTrue(breakGlass.breakGlass());
        assertTrue(breakGlass.autoApprove().allowsIncident(Severity.SEV1));
        assertFalse(breakGlass.autoApprove().allowsIncident(Severity.SEV2));
        assertTrue(book.approverGroups().values().stream().allMatch(g -> g.size() >= 3));
    }

    @Test
    void load_shouldApplyDefaults_whenARuleOmitsDurations() {
        RuleBook book = RulesFile.parse("""
                version: 1
                defaults: { maxDuration: PT45M, approvalTimeout: PT20M }
                approverGroups:
                  g: [{ id: a, email: a@example.com }]
                rules:
                  - id: r
                    actions: [ec2:RebootInstances]
                    resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                    approvers: g
                    approvalsRequired: 1
                """, "inline.yaml");

        Rule rule = book.rules().get(0);
        assertEquals(Duration.ofMinutes(45), rule.maxDuration());
        assertEquals(Duration.ofMinutes(20), rule.approvalTimeout());
        assertTrue(rule.autoApprove().incident() == null && !rule.autoApprove().always());
    }

    @Test
    void parse_shouldNameFileRuleAndField_asTheIssueExampleShows() throws IOException {
        String text = Files.readString(BROKEN.resolve("bad-duration.yaml"));

        RulesFileException e = assertThrows(RulesFileException.class,
                () -> RulesFile.parse(text, "config/rules.yaml"));

        assertEquals(1, e.errors().size());
        assertTrue(e.errors().get(0).toString().startsWith(
                "config/rules.yaml: rule 'prod-ec2-terminate', field 'maxDuration': 'PT1X' is not an ISO-8601 duration"),
                e.errors().get(0).toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown-top-level-field   | ''                                               | rule                              | is not a known field
            forbidden-action          | rule 'prod-ec2-terminate'                        | actions                           | 'iam:PassRole' is never requestable
            forbidden-action-lowercase| rule 'prod-ec2-terminate'                        | actions                           | 'IAM:putrolepolicy' is never requestable
            service-wildcard-action   | rule 'prod-ec2-terminate'                        | actions                           | 'ec2:*' is never requestable
            wildcard-action           | rule 'prod-ec2-terminate'                        | actions                           | 'ec2:Terminate*' contains a wildcard
            bad-duration              | rule 'prod-ec2-terminate'                        | maxDuration                       | 'PT1X' is not an ISO-8601 duration
            zero-duration             | rule 'prod-ec2-terminate'                        | maxDuration                       | 'PT0S' must be longer than zero
            negative-duration         | rule 'prod-ec2-terminate'                        | maxDuration                       | '-PT1H' must be longer than zero
            absurd-duration           | rule 'prod-ec2-terminate'                        | maxDuration                       | 'PT13H' is longer than PT12H
            absurd-approval-timeout   | rule 'prod-ec2-terminate'                        | approvalTimeout                   | 'P30D' is longer than P7D
            bad-default-duration      | ''                                               | defaults.maxDuration              | '1 hour' is not an ISO-8601 duration
            unknown-approver-group    | rule 'prod-ec2-terminate'                        | approvers                         | 'sre-lead' is not an approver group
            approvals-exceed-group    | rule 'prod-ec2-terminate'                        | approvalsRequired                 | 4 is more than the 3 approvers in group 'sre-leads'
            approvals-zero            | rule 'prod-ec2-terminate'                        | approvalsRequired                 | 0 must be at least 1
            always-with-approvals     | rule 'prod-ec2-terminate'                        | approvalsRequired                 | 2 contradicts autoApprove.always
            nobody-can-approve        | rule 'prod-ec2-terminate'                        | approvalsRequired                 | nobody can ever approve this rule
            duplicate-rule-id         | rule 'prod-ec2-terminate'                        | id                                | is already the id of rule #1 (this is rule #2)
            missing-required-field    | rule 'prod-ec2-terminate'                        | resources                         | is missing
            missing-rule-id           | rule #1                                          | id                                | is missing
            wrong-version             | ''                                               | version                           | '2' is not a version this jita reads
            missing-version           | ''                                               | version                           | is missing
            bad-resource-arn          | rule 'prod-ec2-terminate'                        | resources                         | '11112222333' is not a 12-digit account
            resource-policy-variable  | rule 'prod-ec2-terminate'                        | resources                         | '$' (a policy variable) is not supported
            bad-requester-arn         | rule 'prod-ec2-terminate'                        | requesters                        | name roles without their path
            bad-admin-arn             | ''                                               | admins                            | contains whitespace
            bad-auditor-arn           | ''                                               | auditors                          | 'iam' ARNs have no region
            bad-approver-principal    | approver group 'sre-leads', approver 'alice'     | principal                         | contains a wildcard
            bad-approver-email        | approver group 'sre-leads', approver 'carol'     | email                             | 'carol' is not an email address
            duplicate-approver-id     | approver group 'sre-leads'                       | id                                | approver id 'bob' appears twice
            duplicate-approver-email  | approver group 'sre-leads'                       | email                             | belongs to both 'bob' and 'carol'
            bad-severity              | rule 'prod-ec2-terminate'                        | autoApprove.incident.minSeverity  | 'SEV6' is not a severity
            duplicate-key             | ''                                               | ''                                | Duplicate field 'approvalsRequired'
            not-yaml                  | ''                                               | ''                                | not valid YAML
            accounts-missing-for-wildcard | rule 'prod-ec2-terminate'                    | accounts                          | matches any account; name the accounts
            accounts-not-an-id        | rule 'prod-ec2-terminate'                        | accounts                          | '4444' is not a 12-digit account id
            accounts-any-with-others  | rule 'prod-ec2-terminate'                        | accounts                          | "*" alone covers every account
            accounts-leave-out-requester | rule 'prod-ec2-terminate'                     | accounts                          | leave out account 111122223333
            """)
    void load_shouldRejectFile_withOneErrorNamingRuleAndField(String file, String where, String field,
                                                              String fragment) {
        Path path = BROKEN.resolve(file + ".yaml");

        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.load(path));

        assertEquals(1, e.errors().size(), e.getMessage());
        RuleError error = e.errors().get(0);
        assertEquals(path.toString(), error.file());
        assertEquals(where, error.where());
        assertEquals(field, error.field());
        assertTrue(error.message().contains(fragment), error.message());
        assertTrue(e.getMessage().contains(error.toString()));
    }

    @Test
    void load_shouldReportMisspelledFieldAndTheMissingOne_whenAFieldNameHasATypo() {
        RulesFileException e = assertThrows(RulesFileException.class,
                () -> RulesFile.load(BROKEN.resolve("unknown-field.yaml")));

        assertEquals(List.of("approver", "approvers"), e.errors().stream().map(RuleError::field).toList());
        assertTrue(e.errors().get(0).message().contains("is not a known field"));
        assertTrue(e.errors().get(1).message().contains("is missing"));
    }

    @Test
    void load_shouldRejectUnknownField_insideNestedSections() {
        RulesFileException e = assertThrows(RulesFileException.class,
                () -> RulesFile.load(BROKEN.resolve("unknown-nested-field.yaml")));

        assertEquals("autoApprove.incident.minSev", e.errors().get(0).field());
        assertTrue(e.errors().get(0).toString().contains(
                "rule 'prod-ec2-terminate', field 'autoApprove.incident.minSev': is not a known field"));
    }

    @Test
    void load_shouldReportEveryError_notJustTheFirst() {
        RulesFileException e = assertThrows(RulesFileException.class,
                () -> RulesFile.load(BROKEN.resolve("many-errors.yaml")));

        assertEquals(List.of("version", "actions", "actions", "approvers", "maxDuration"),
                e.errors().stream().map(RuleError::field).toList());
        assertTrue(e.getMessage().startsWith(BROKEN.resolve("many-errors.yaml") + " has 5 errors"));
        assertTrue(e.getMessage().contains("'iam:CreateAccessKey' is never requestable"));
        assertTrue(e.getMessage().contains("'sts:*' is never requestable"));
    }

    @Test
    void load_shouldNameTheFile_whenItDoesNotExist() {
        Path missing = BROKEN.resolve("no-such-file.yaml");

        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.load(missing));

        assertTrue(e.getMessage().contains(missing + ": cannot be read"), e.getMessage());
    }

    @Test
    void load_shouldAcceptTheMinimalValidFile_fromWhichTheBrokenOnesAreMade() {
        assertEquals(1, RulesFile.load(BROKEN.resolve("valid-minimal.yaml")).rules().size());
    }

    @Test
    void parse_shouldRejectAnApprover_definedDifferentlyInTwoGroups() {
        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse("""
                version: 1
                approverGroups:
                  a: [{ id: alice, email: alice@example.com }]
                  b: [{ id: alice, email: alice@other.example.com }]
                rules:
                  - id: r
                    actions: [s3:GetObject]
                    resources: ["arn:aws:s3:::bucket/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                    autoApprove: { always: true }
                    maxDuration: PT1H
                """, "two-groups.yaml"));

        assertEquals("approver group 'b', approver 'alice'", e.errors().get(0).where());
        assertTrue(e.errors().get(0).message().contains("is defined differently in group 'a'"));
    }

    @Test
    void parse_shouldReadNotifyOnFirstUse_falseUnlessSetToTrue() {
        RuleBook book = RulesFile.parse("""
                version: 1
                approverGroups:
                  g:
                    - { id: a, email: a@example.com, notifyOnFirstUse: true }
                    - { id: b, email: b@example.com, notifyOnFirstUse: false }
                    - { id: c, email: c@example.com }
                rules:
                  - id: r
                    actions: [ec2:RebootInstances]
                    resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                    approvers: g
                    approvalsRequired: 1
                    maxDuration: PT1H
                    approvalTimeout: PT30M
                """, "opt-in.yaml");

        assertEquals(List.of(true, false, false), book.approversOf(book.rules().get(0)).stream()
                .map(Approver::notifyOnFirstUse).toList());
    }

    @Test
    void parse_shouldRejectNotifyOnFirstUse_whenNotABoolean() {
        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse("""
                version: 1
                approverGroups:
                  g: [{ id: alice, email: alice@example.com, notifyOnFirstUse: "yes please" }]
                rules:
                  - id: r
                    actions: [ec2:RebootInstances]
                    resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                    approvers: g
                    approvalsRequired: 1
                    maxDuration: PT1H
                    approvalTimeout: PT30M
                """, "opt-in-text.yaml"));

        assertEquals("approver group 'g', approver 'alice'", e.errors().get(0).where());
        assertEquals("notifyOnFirstUse", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("must be true or false"));
    }

    @Test
    void parse_shouldAcceptTwoApproversKnownBySameRole_whenOthersCanStillApprove() {
        RuleBook book = RulesFile.parse("""
                version: 1
                approverGroups:
                  g:
                    - { id: a, email: a@example.com, principal: "arn:aws:iam::111122223333:role/Engineer" }
                    - { id: b, email: b@example.com, principal: "arn:aws:iam::111122223333:role/Engineer" }
                    - { id: c, email: c@example.com }
                rules:
                  - id: r
                    actions: [ec2:RebootInstances]
                    resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer", "arn:aws:iam::111122223333:role/Ops"]
                    approvers: g
                    approvalsRequired: 3
                    maxDuration: PT1H
                    approvalTimeout: PT1H
                """, "shared-role.yaml");

        // Ops sessions can be approved by all three, so the rule is usable even though Engineers need c alone.
        assertEquals(3, book.rules().get(0).approvalsRequired());
    }

    // security.md "Approval links": no self-approval. A caller is known by a session ARN, which never carries the
    // role's path, so a principal naming a role with its path would never match its own sessions: refused.
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            approverGroups: { g: [{ id: bob, email: bob@example.com, principal: "arn:aws:iam::111122223333:role/jita/Engineer" }] } | approver group 'g', approver 'bob' | principal
            approverGroups: { g: [{ id: bob, email: bob@example.com, principal: "arn:aws:iam::111122223333:role/" }] }              | approver group 'g', approver 'bob' | principal
            approverGroups: { g: [{ id: bob, email: bob@example.com, principal: "arn:aws:sts::111122223333:assumed-role/jita/Engineer/bob" }] } | approver group 'g', approver 'bob' | principal
            admins: ["arn:aws:iam::111122223333:role/platform/PlatformAdmin"]                                                        | ''                                 | admins
            auditors: ["arn:aws:iam::111122223333:role/audit/Auditor"]                                                               | ''                                 | auditors
            """)
    void parse_shouldRefuseARolePrincipalWithAPath_forApproversAdminsAndAuditors(String line, String where,
                                                                                 String field) {
        String groups = line.startsWith("approverGroups") ? line : "approverGroups: { g: [{ id: carol, email: carol@example.com }] }";
        String others = line.startsWith("approverGroups") ? "" : line;
        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse("""
                version: 1
                %s
                %s
                rules:
                  - id: r
                    actions: [ec2:RebootInstances]
                    resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                    approvers: g
                    approvalsRequired: 1
                    maxDuration: PT1H
                    approvalTimeout: PT1H
                """.formatted(groups, others), "path.yaml"));

        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals(where, e.errors().get(0).where());
        assertEquals(field, e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("name roles without their path"), e.getMessage());
    }

    @Test
    void parse_shouldAcceptRoleSessionAndUserPrincipals_withoutARolePath() {
        RuleBook book = RulesFile.parse("""
                version: 1
                approverGroups:
                  g:
                    - { id: a, email: a@example.com, principal: "arn:aws:iam::111122223333:role/Lead" }
                    - { id: b, email: b@example.com, principal: "arn:aws:sts::111122223333:assumed-role/Lead/b" }
                    - { id: c, email: c@example.com, principal: "arn:aws:iam::111122223333:user/people/c" }
                admins: ["arn:aws:iam::111122223333:role/PlatformAdmin"]
                rules:
                  - id: r
                    actions: [ec2:RebootInstances]
                    resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                    approvers: g
                    approvalsRequired: 1
                    maxDuration: PT1H
                    approvalTimeout: PT1H
                """, "fine.yaml");

        assertEquals(3, book.approverGroups().get("g").size());
    }

    // The same role in another case is the same role (IAM role names are case-insensitive): nobody can approve.
    @Test
    void parse_shouldSeeThatNobodyCanApprove_whenTheOnlyApproverIsTheRequestersRoleInAnotherCase() {
        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse("""
                version: 1
                approverGroups:
                  g: [{ id: bob, email: bob@example.com, principal: "arn:aws:iam::111122223333:role/engineer" }]
                rules:
                  - id: r
                    actions: [ec2:RebootInstances]
                    resources: ["arn:aws:ec2:eu-west-1:111122223333:instance/*"]
                    requesters: ["arn:aws:iam::111122223333:role/Engineer"]
                    approvers: g
                    approvalsRequired: 1
                    maxDuration: PT1H
                    approvalTimeout: PT1H
                """, "case.yaml"));

        assertTrue(e.errors().get(0).message().contains("nobody can ever approve this rule"), e.getMessage());
    }

    @Test
    void load_shouldReadTheAccountsARuleCovers_explicitAnyOrLeftToItsRequesters() {
        RuleBook book = RulesFile.load(Path.of("src/test/resources/rules/valid-accounts.yaml"));

        assertEquals(List.of("444455556666", "777788889999"), book.rule("org-reboot").orElseThrow().accounts());
        assertEquals(List.of(Rule.ANY_ACCOUNT), book.rule("org-stop-anywhere").orElseThrow().accounts());
        assertEquals(List.of(), book.rule("home-only").orElseThrow().accounts());
        assertTrue(book.rule("org-reboot").orElseThrow().coversAccount("777788889999"));
        assertFalse(book.rule("org-reboot").orElseThrow().coversAccount("111122223333"));
    }

    // Issue 14: Identity Center users are named by permission set.

    private static String ruleWith(String requesters, String accounts) {
        return """
                version: 1
                approverGroups: { g: [{ id: carol, email: carol@example.com }] }
                rules:
                  - id: sso
                    actions: [ec2:RebootInstances]
                    resources: ["arn:aws:ec2:eu-west-1:*:instance/*"]
                    requesters: %s
                    %s
                    approvers: g
                    approvalsRequired: 1
                    maxDuration: PT1H
                    approvalTimeout: PT30M
                """.formatted(requesters, accounts);
    }

    @Test
    void load_shouldReadTheExampleIdentityCenterRule_withItsAccounts() {
        Rule sso = RulesFile.load(EXAMPLE).rule("prod-ec2-reboot-sso").orElseThrow();

        assertEquals(List.of("identity-center:permission-set/Developer"), sso.requesters());
        assertEquals(List.of("111122223333", "444455556666"), sso.accounts());
        assertEquals("sre-leads", sso.approverGroup());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "[\"identity-center:permission-set/Developer\"]",
            "[\"identity-center:permission-set/Dev*\"]",
            "[\"identity-center:permission-set/*\"]",
            "[\"identity-center:permission-set/Data_Eng+ops=1,x.y@z-w\"]",
            "[\"identity-center:permission-set/ABCDEFGHIJKLMNOPQRSTUVWXYZ012345\"]",
            "[\"arn:aws:iam::111122223333:role/Engineer\", \"identity-center:permission-set/Developer\"]",
    })
    void parse_shouldAcceptIdentityCenterRequesters_aloneOrNextToARole(String requesters) {
        Rule rule = RulesFile.parse(ruleWith(requesters, "accounts: [\"111122223333\"]"), "sso.yaml").rules().get(0);

        assertEquals(List.of("111122223333"), rule.accounts());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            identity-center:permission-set/                                    | names no permission set
            identity-center:permission-set/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456   | at most 32 characters, this one is 33
            identity-center:permission-set/Dev/Ops                             | holds only letters, digits
            identity-center:permission-set/Dev?                                | holds only letters, digits
            identity-center:permission-set/Dév                                 | holds only letters, digits
            identity-center:group/admins                                       | groups are not supported yet; name the permission set
            identity-center:user/alice                                         | 'user' is not a kind of Identity Center requester
            identity-center:Developer                                          | 'Developer' is not a kind of Identity Center requester
            Identity-Center:permission-set/Developer                           | must start with identity-center: in lower case
            arn:aws:iam::111122223333:role/AWSReservedSSO_Developer_0123456789abcdef | names an IAM Identity Center role; name its users by permission set
            arn:aws:iam::*:role/AWSReservedSSO_*                               | names an IAM Identity Center role
            arn:aws:iam::111122223333:role/awsreservedsso_Developer_0123456789abcdef | names an IAM Identity Center role
            """)
    void parse_shouldRejectABadIdentityCenterRequester_namingRuleAndField(String requester, String fragment) {
        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse(
                ruleWith("[\"" + requester + "\"]", "accounts: [\"111122223333\"]"), "sso.yaml"));

        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals("rule 'sso'", e.errors().get(0).where());
        assertEquals("requesters", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains(fragment), e.getMessage());
    }

    @Test
    void parse_shouldRequireAccounts_forARuleNamingIdentityCenterUsers() {
        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse(
                ruleWith("[\"arn:aws:iam::111122223333:role/Engineer\", \"identity-center:permission-set/Dev*\"]",
                        ""), "sso.yaml"));

        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals("rule 'sso'", e.errors().get(0).where());
        assertEquals("accounts", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("is missing, but requester "
                + "identity-center:permission-set/Dev* names Identity Center users"), e.getMessage());
    }

    // Every user of permission set Developer in 111122223333 signs in as that one provisioned role.
    @Test
    void parse_shouldSeeThatNobodyCanApprove_whenTheOnlyApproverIsThePermissionSetsRole() {
        String yaml = ruleWith("[\"identity-center:permission-set/Developer\"]", "accounts: [\"111122223333\"]")
                .replace("{ id: carol, email: carol@example.com }", "{ id: carol, email: carol@example.com, principal:"
                        + " \"arn:aws:iam::111122223333:role/AWSReservedSSO_Developer_0123456789abcdef\" }");

        RulesFileException e = assertThrows(RulesFileException.class, () -> RulesFile.parse(yaml, "sso.yaml"));

        assertEquals("approvalsRequired", e.errors().get(0).field());
        assertTrue(e.errors().get(0).message().contains("nobody can ever approve this rule"), e.getMessage());
        // In another account, or for another permission set, the same approver can approve.
        RulesFile.parse(yaml.replace("accounts: [\"111122223333\"]", "accounts: [\"444455556666\"]"), "sso.yaml");
        RulesFile.parse(yaml.replace("permission-set/Developer", "permission-set/Admin"), "sso.yaml");
    }

    @Test
    void parse_shouldAcceptAnIdentityCenterSessionAsApproverPrincipal_withAnEmailSessionName() {
        String yaml = ruleWith("[\"identity-center:permission-set/Developer\"]", "accounts: [\"111122223333\"]")
                .replace("{ id: carol, email: carol@example.com }", "{ id: carol, email: carol@example.com, principal:"
                        + " \"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/"
                        + "carol.d@example.com\" }");

        RuleBook book = RulesFile.parse(yaml, "sso.yaml");

        assertEquals("arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Developer_0123456789abcdef/"
                + "carol.d@example.com", book.approverGroups().get("g").get(0).principal());
    }
}
