package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
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
    void defaults_shouldDeployTheFiveCoreFunctions_withoutIncidentSweeperOrSlack() {
        App app = Synth.app(dir);
        JitaStack stack = Synth.stack(app, JitaApprovalProps.builder()
                .functionsJar(Synth.jarWithHandlers(dir, FunctionSpec.CORE.size()))
                .rulesFile(Synth.RULES).workflowDefinition(Synth.WORKFLOW).build());
        Template template = Template.fromStack(stack);

        template.resourceCountIs("AWS::Lambda::Function", 5);
        template.resourceCountIs("AWS::Lambda::Alias", 5);
        template.resourceCountIs("AWS::Events::Rule", 0);
        template.resourceCountIs("AWS::SQS::Queue", 0);
        template.resourceCountIs("AWS::SecretsManager::Secret", 0);
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1 + 1 + 5);
        // No sender configured: no e-mail permission and no sender variable.
        template.resourcePropertiesCountIs("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument",
                Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Action", "ses:SendEmail")))))))), 0);
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of("Environment", Map.of(
                "Variables", Match.objectLike(Map.of("JITA_SES_SENDER", Match.absent()))))));
        assertEquals(List.of(), Annotations.fromStack(stack)
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*")).stream().map(Object::toString).toList());
        // The jar holds every core handler: no warning about a missing one.
        assertEquals(List.of(), Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp(
                ".*functions jar has no.*")).stream().map(Object::toString).toList());
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
                .workflowDefinition(Synth.WORKFLOW).build());
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
    void incidentSources_shouldParseTheContextValue() {
        assertEquals(List.of(IncidentSource.generic(), IncidentSource.pagerDuty("aws.partner/pagerduty.com/x"),
                        IncidentSource.incidentIo(java.util.Optional.empty())),
                IncidentSource.parseList("generic, pagerduty=aws.partner/pagerduty.com/x,incidentio"));
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
}
