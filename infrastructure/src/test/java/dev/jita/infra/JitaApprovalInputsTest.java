package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.sqs.Queue;

/** The construct with its defaults, and what stops or warns at synth: bad rules, no jar, a handler not built yet. */
class JitaApprovalInputsTest {
    @TempDir
    Path dir;

    @Test
    void defaults_shouldDeployTheCoreFunctionsAndTheSweeperEveryFiveMinutes_withoutIncidentsOrSlack() {
        App app = Synth.app(dir);
        JitaStack stack = Synth.stack(app, JitaApprovalProps.builder()
                .functionsJar(Synth.jarWithHandlers(dir, FunctionSpec.CORE.size() + 1))
                .rulesFile(Synth.RULES).workflowDefinition(Synth.WORKFLOW).build());
        Template template = Template.fromStack(stack);

        template.resourceCountIs("AWS::Lambda::Function", 6 + 1); // + export
        template.resourceCountIs("AWS::Lambda::Alias", 6 + 1);
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.jita.handlers.SweeperFunction")));
        // The sweeper's schedule alone: no incident rule, function or table without a source.
        template.resourceCountIs("AWS::Events::Rule", 1);
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "ScheduleExpression", "rate(5 minutes)")));
        template.resourceCountIs("AWS::DynamoDB::Table", 3);
        template.resourceCountIs("AWS::SQS::Queue", 1 + 1); // + the export's
        template.resourceCountIs("AWS::SecretsManager::Secret", 0);
        // RevokeFailed, failed executions, 6 × Errors, the sweeper's dead letters and its failures; the export's
        // Errors, dead letters and lag.
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1 + 1 + 6 + 1 + 1 + 3);
        // No sender configured: no e-mail permission and no sender variable.
        template.resourcePropertiesCountIs("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "ses:SendEmail")))))))), 0);
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Environment", Map.of(
                "Variables", Match.objectLike(Map.of("JITA_SES_SENDER", Match.absent()))))));
        assertEquals(List.of(), Annotations.fromStack(stack)
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream().map(Object::toString).toList());
        // No target account: nobody may assume anything, and the functions learn there is none.
        template.resourcePropertiesCountIs("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", Match.stringLikeRegexp("sts:.*"))))))))), 0);
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.jita.handlers.GrantFunction", "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "JITA_HOME_ACCOUNT", Synth.ACCOUNT, "JITA_TARGET_ROLE_NAME", "jita-target",
                        "JITA_TARGET_ROLE_PATH", "/jita-system/", "JITA_TARGET_ACCOUNTS", Match.absent()))))));
        // Every request is in the jita account: intake revokes in-process, invokes nothing, yet knows that account.
        for (String function : List.of("intake", "incident")) {
            if (stack.jita().roles().containsKey(function)) {
                template.resourcePropertiesCountIs("AWS::IAM::Policy", Match.objectLike(Map.of(
                        "Roles", List.of(Map.of("Ref", stack.getLogicalId((software.amazon.awscdk.CfnElement)
                                stack.jita().roles().get(function).getNode().getDefaultChild()))),
                        "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                                Match.objectLike(Map.of("Action", Match.stringLikeRegexp("lambda:.*"))))))))), 0);
            }
        }
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.jita.handlers.IntakeFunction", "Environment", Map.of("Variables",
                        Match.objectLike(Map.of("JITA_HOME_ACCOUNT", Synth.ACCOUNT,
                                "JITA_REVOKE_FUNCTION", Match.absent()))))));
        // The jar holds every core handler: no warning about a missing one.
        assertEquals(List.of(), Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp(
                ".*functions jar has no.*")).stream().map(Object::toString).toList());
    }

    @Test
    void withoutSweeper_shouldDeclareNoSweeperScheduleQueueOrFilter() {
        JitaStack stack = Synth.stack(Synth.app(dir), JitaApprovalProps.builder()
                .functionsJar(Synth.jarWithHandlers(dir, FunctionSpec.CORE.size()))
                .rulesFile(Synth.RULES).workflowDefinition(Synth.WORKFLOW).withoutSweeper().build());
        Template template = Template.fromStack(stack);
        template.resourceCountIs("AWS::Lambda::Function", 5 + 1); // + export
        template.resourceCountIs("AWS::Events::Rule", 0);
        template.resourceCountIs("AWS::SQS::Queue", 1); // the export's dead letters
        template.resourceCountIs("AWS::Logs::MetricFilter", 0);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1 + 1 + 5 + 3); // + export errors, dead letters, lag
    }

    @Test
    void props_shouldRefuseIncidentSources_whenNoNotificationChannelIsConfigured() {
        // IncidentFunction builds its notifier at init; without a channel its SnapStart version could not publish.
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JitaApprovalProps.builder()
                .incidentSources(List.of(IncidentSource.generic())).build());
        assertTrue(e.getMessage().contains("jita:sesSender"), e.getMessage());
        // With e-mail it is accepted, and with Slack alone too.
        JitaApprovalProps.builder().incidentSources(List.of(IncidentSource.generic()))
                .notifications(Notifications.email("jita@example.com")).build();
        JitaApprovalProps.builder().incidentSources(List.of(IncidentSource.generic()))
                .notifications(Notifications.none().withSlack(new Notifications.SlackWebhooks.Create())).build();
    }

    @Test
    void incidentSources_shouldRefuseAPartnerBusOfAnotherSource_andAToolListedTwice() {
        // The function reads Opsgenie only under aws.partner/opsgenie.com; a rule on another bus would feed it events
        // it refuses.
        IllegalArgumentException wrongBus = assertThrows(IllegalArgumentException.class,
                () -> IncidentSource.opsgenie("aws.partner/atlassian.com/opsgenie/x"));
        assertTrue(wrongBus.getMessage().contains("aws.partner/opsgenie.com/"), wrongBus.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> Incidents.from(IncidentSource.generic(), IncidentSource.generic("other-bus")));
        assertTrue(twice.getMessage().contains("Generic"), twice.getMessage());
    }

    @Test
    void incidents_shouldRefuseAgeLimitsEventBridgeCannotHonour_andAliasesTheVariableCannotCarry() {
        // Unset, the limit is the function's own default, which the retry windows then follow.
        assertEquals(dev.jita.incidents.IncidentConfig.DEFAULT_MAX_AGE, Incidents.none().effectiveMaxEventAge());
        assertThrows(IllegalArgumentException.class, () -> Incidents.none().withMaxEventAge(Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class, () -> Incidents.none().withMaxEventAge(Duration.ofHours(25)));
        IllegalArgumentException comma = assertThrows(IllegalArgumentException.class,
                () -> Incidents.none().withResponderAliases(Map.of("PX1", "alice,bob")));
        assertTrue(comma.getMessage().contains("PXPGF42=alice"), comma.getMessage());
        assertEquals(Map.of("PXPGF42", "alice", "carol@example.com", "carol"),
                Incidents.parseAliases(" PXPGF42=alice , carol@example.com=carol ,"));
        assertEquals("PXPGF42=alice,carol@example.com=carol", Incidents.none()
                .withResponderAliases(Incidents.parseAliases("PXPGF42=alice,carol@example.com=carol"))
                .responderAliasesVariable());
    }

    @Test
    void sweeperSchedule_shouldRefuseAnIntervalEventBridgeCannotSchedule() {
        assertThrows(IllegalArgumentException.class, () -> SweeperSchedule.every(Duration.ofSeconds(90)));
        assertThrows(IllegalArgumentException.class, () -> SweeperSchedule.every(Duration.ZERO));
        assertEquals(Duration.ofMinutes(1), SweeperSchedule.every(Duration.ofMinutes(1)).interval());
    }

    @Test
    void app_shouldTurnContextIntoIncidentAndSweeperProps() {
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out").toString()).context(Map.of(
                "jita:functionsJar", Synth.jarWithHandlers(dir, FunctionSpec.CORE.size() + 2).toString(),
                "jita:rulesFile", Synth.RULES.toString(),
                "jita:workflowDefinition", Synth.WORKFLOW.toString(),
                "jita:sesSender", "jita@example.com",
                "jita:incidentSources", "generic,opsgenie=aws.partner/opsgenie.com/acme/1",
                "jita:incidentMaxEventAge", "PT20M",
                "jita:responderAliases", "PXPGF42=alice",
                "jita:sweeperIntervalMinutes", "off",
                "jita:auditExportRetentionDays", "3650")).build());
        Template template = Template.fromStack(JitaApp.build(app));

        template.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of("ObjectLockConfiguration",
                Match.objectLike(Map.of("Rule", Map.of("DefaultRetention", Map.of("Mode", "COMPLIANCE",
                        "Days", 3650)))))));
        template.resourceCountIs("AWS::Lambda::Function", 6 + 1); // + export
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.jita.handlers.IncidentFunction",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "JITA_INCIDENT_MAX_AGE", "PT20M", "JITA_RESPONDER_ALIASES", "PXPGF42=alice"))))));
        template.resourceCountIs("AWS::Events::Rule", 2);
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventBusName", "aws.partner/opsgenie.com/acme/1")));
        template.resourcePropertiesCountIs("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.jita.handlers.SweeperFunction")), 0);
    }

    @Test
    void synth_shouldFailNamingFileRuleAndField_whenTheRulesFileListsAForbiddenAction() throws Exception {
        Path bad = dir.resolve("bad-rules.yaml");
        String rules = Files.readString(Synth.RULES);
        Files.writeString(bad, rules.replace("actions: [ec2:TerminateInstances, ec2:StopInstances]",
                "actions: [ec2:TerminateInstances, iam:PassRole]"));
        assertTrue(Files.readString(bad).contains("iam:PassRole"), "the fixture edit must have happened");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Synth.stack(Synth.app(dir),
                JitaApprovalProps.builder().functionsJar(Synth.jarWithHandlers(dir, 5)).rulesFile(bad)
                        .workflowDefinition(Synth.WORKFLOW).build()));

        assertTrue(e.getMessage().contains("bad-rules.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("rule 'prod-ec2-terminate'"), e.getMessage());
        assertTrue(e.getMessage().contains("field 'actions"), e.getMessage());
        assertTrue(e.getMessage().contains("iam:PassRole"), e.getMessage());
    }

    @Test
    void synth_shouldSayHowToBuildTheJar_whenItIsMissing() {
        Path missing = dir.resolve("nothing-here.jar");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Synth.stack(Synth.app(dir),
                JitaApprovalProps.builder().functionsJar(missing).rulesFile(Synth.RULES)
                        .workflowDefinition(Synth.WORKFLOW).build()));
        assertTrue(e.getMessage().contains("nothing-here.jar"), e.getMessage());
        assertTrue(e.getMessage().contains("mvn -B -pl functions -am package -DskipTests"), e.getMessage());
    }

    @Test
    void synth_shouldWarn_whenTheJarLacksAHandlerClass() {
        // CORE minus its last (revoke): the warning names the missing class, synth goes on.
        JitaStack stack = Synth.stack(Synth.app(dir), JitaApprovalProps.builder()
                .functionsJar(Synth.jarWithHandlers(dir, FunctionSpec.CORE.size() - 1)).rulesFile(Synth.RULES)
                .workflowDefinition(Synth.WORKFLOW).withoutSweeper().build());
        Template.fromStack(stack);
        Annotations.fromStack(stack).hasWarning("*", Match.stringLikeRegexp(".*has no dev\\.jita\\.handlers\\.RevokeFunction.*"));
    }

    @Test
    void synth_shouldFail_whenTheWorkflowUsesAPlaceholderNobodySubstitutes() throws Exception {
        Path asl = dir.resolve("approval.asl.json");
        Files.writeString(asl, Files.readString(Synth.WORKFLOW).replace("${GrantFunctionArn}", "${GrantFnArn}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Synth.stack(Synth.app(dir),
                JitaApprovalProps.builder().functionsJar(Synth.jarWithHandlers(dir, 5)).rulesFile(Synth.RULES)
                        .workflowDefinition(asl).build()));
        assertTrue(e.getMessage().contains("GrantFnArn"), e.getMessage());
    }

    @Test
    void props_shouldRefuseTheRootPath_whichWouldMakeEveryRoleGrantable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JitaApprovalProps.builder().eligibleRolePath("/").build());
        assertTrue(e.getMessage().contains("/jita/"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JitaApprovalProps.builder().eligibleRolePath("jita").build());
    }

    @Test
    void props_shouldRefuseATargetAccountThatIsNoAccountId_listedTwice_orTheJitaAccountItself() {
        IllegalArgumentException digits = assertThrows(IllegalArgumentException.class,
                () -> JitaApprovalProps.builder().targetAccounts(List.of("4444-5555-6666")).build());
        assertTrue(digits.getMessage().contains("12-digit"), digits.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JitaApprovalProps.builder()
                .targetAccounts(List.of("444455556666", "444455556666")).build());
        // The jita account is served with the functions' own credentials; listed, it would be swept twice.
        IllegalArgumentException home = assertThrows(IllegalArgumentException.class, () -> Synth.stack(Synth.app(dir),
                JitaApprovalProps.builder().functionsJar(Synth.jarWithHandlers(dir, FunctionSpec.CORE.size() + 1))
                        .rulesFile(Synth.RULES).workflowDefinition(Synth.WORKFLOW)
                        .targetAccounts(List.of("444455556666", Synth.ACCOUNT)).build()));
        assertTrue(home.getMessage().contains(Synth.ACCOUNT) && home.getMessage().contains("jita account"),
                home.getMessage());
    }

    @Test
    void app_shouldTurnContextIntoTargetAccountsAndTheTargetRole() {
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out").toString()).context(Map.of(
                "jita:functionsJar", Synth.jarWithHandlers(dir, FunctionSpec.CORE.size() + 1).toString(),
                "jita:rulesFile", Synth.RULES.toString(),
                "jita:workflowDefinition", Synth.WORKFLOW.toString(),
                "jita:targetAccounts", " 444455556666, 777788889999 ,",
                "jita:targetRoleName", "jita-ops",
                "jita:targetRolePath", "/ops/")).build());
        Template template = Template.fromStack(JitaApp.build(app));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.jita.handlers.SweeperFunction", "Environment", Map.of("Variables", Match.objectLike(
                        Map.of("JITA_TARGET_ACCOUNTS", "444455556666,777788889999", "JITA_TARGET_ROLE_NAME",
                                "jita-ops", "JITA_TARGET_ROLE_PATH", "/ops/"))))));
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "sts:AssumeRole", "Resource", Map.of("Fn::Join", List.of("", List.of("arn:",
                                Map.of("Ref", "AWS::Partition"), ":iam::*:role/ops/jita-ops"))))))))))));
    }

    @Test
    void incidentSources_shouldParseTheContextValue() {
        assertEquals(List.of(IncidentSource.generic(), IncidentSource.pagerDuty("aws.partner/pagerduty.com/x"),
                        IncidentSource.incidentIo(java.util.Optional.empty()),
                        IncidentSource.opsgenie("aws.partner/opsgenie.com/y")),
                IncidentSource.parseList("generic, pagerduty=aws.partner/pagerduty.com/x,incidentio,"
                        + "opsgenie = aws.partner/opsgenie.com/y"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IncidentSource.parseList("opsgenie"));
        assertTrue(e.getMessage().contains("partner event bus"), e.getMessage());
    }

    /** The nag check in the other tests can fail: the same pack reports an unencrypted, non-TLS queue. */
    @Test
    void cdkNag_shouldReportErrors_onANonCompliantResource() {
        App app = new App();
        Stack stack = new Stack(app, "Canary");
        Queue.Builder.create(stack, "Plain").build();
        Aspects.of(app).add(AwsSolutionsChecks.Builder.create().build());
        Template.fromStack(stack);
        assertTrue(!Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-SQS.*")).isEmpty());
    }

    @Test
    void auditExportRetention_shouldBeTheObjectLockDays_andWholeDaysOnly() {
        JitaStack stack = Synth.stack(Synth.app(dir), JitaApprovalProps.builder()
                .functionsJar(Synth.jarWithHandlers(dir, FunctionSpec.CORE.size())).rulesFile(Synth.RULES)
                .workflowDefinition(Synth.WORKFLOW).withoutSweeper()
                .auditExportRetention(java.time.Duration.ofDays(2555)).build());
        Template.fromStack(stack).hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "ObjectLockConfiguration", Map.of("ObjectLockEnabled", "Enabled",
                        "Rule", Map.of("DefaultRetention", Map.of("Mode", "COMPLIANCE", "Days", 2555))))));
        for (java.time.Duration bad : List.of(java.time.Duration.ZERO, java.time.Duration.ofHours(36))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JitaApprovalProps.builder()
                    .auditExportRetention(bad).build());
            assertTrue(e.getMessage().contains("auditExportRetention"), e.getMessage());
        }
    }
}
