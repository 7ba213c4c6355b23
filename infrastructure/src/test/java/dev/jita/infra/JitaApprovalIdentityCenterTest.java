package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.identitycenter.IdentityCenterConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The jita stack with Identity Center configured (every function, two target accounts, and the Identity Center
 * settings): which functions learn where Identity Center is (grant, revoke and sweeper alone), and that the one thing
 * they gain is sts:AssumeRole on jita's Identity Center role (and the grant and revoke roles iam:GetRole on the SSO
 * roles). Intake and the incident function revoke an Identity Center user's request through the revoke function,
 * also when there is no target account. JitaApprovalTest holds the same stack without it, where none of this exists.
 */
class JitaApprovalIdentityCenterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final IdentityCenterSettings SETTINGS = new IdentityCenterSettings(
            "arn:aws:sso:::instance/ssoins-0123456789abcdef", "d-1234567890", "us-east-1",
            "arn:aws:iam::999988887777:role/jita-system/jita-identity-center");
    /** The functions that use Identity Center; its role trusts these alone (JitaIdentityCenterTest). */
    private static final List<String> USERS = List.of("grant", "revoke", "sweeper");

    @TempDir
    static Path dir;
    static JitaStack stack;
    static Template template;

    @BeforeAll
    static void synth() {
        stack = Synth.stack(Synth.app(dir), Synth.everything(dir).identityCenter(SETTINGS).build());
        template = Template.fromStack(stack);
    }

    @Test
    void environment_shouldTellGrantRevokeAndSweeperWhereIdentityCenterIs_andNoOtherFunction() {
        Map<String, String> expected = Map.of("JITA_IDENTITY_CENTER_INSTANCE_ARN", SETTINGS.instanceArn(),
                "JITA_IDENTITY_STORE_ID", "d-1234567890", "JITA_IDENTITY_CENTER_REGION", "us-east-1",
                "JITA_IDENTITY_CENTER_ROLE_ARN", SETTINGS.roleArn());
        stack.jita().functions().forEach((id, function) -> {
            Map<String, Object> identityCenter = new HashMap<>(environmentOf(function));
            identityCenter.keySet().retainAll(Set.of("JITA_IDENTITY_CENTER_INSTANCE_ARN", "JITA_IDENTITY_STORE_ID",
                    "JITA_IDENTITY_CENTER_REGION", "JITA_IDENTITY_CENTER_ROLE_ARN"));
            assertEquals(USERS.contains(id) ? expected : Map.of(), identityCenter, id);
        });
    }

    @Test
    void assumeRole_shouldNameExactlyTheIdentityCenterRole_forGrantRevokeAndSweeperAlone() {
        Object targetRoles = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":iam::*:role/jita-system/jita-target")));
        stack.jita().roles().forEach((id, role) -> {
            List<JsonNode> sts = statementsOf(role).stream()
                    .filter(s -> s.get("Action").toString().contains("sts:")).toList();
            List<JsonNode> expected = new ArrayList<>();
            if (USERS.contains(id)) {
                expected.add(json(Map.of("Effect", "Allow", "Action", "sts:AssumeRole", "Resource", SETTINGS.roleArn())));
            }
            if (List.of("grant", "revoke", "sweeper").contains(id)) {
                expected.add(json(Map.of("Effect", "Allow", "Action", "sts:AssumeRole", "Resource", targetRoles)));
            }
            assertEquals(Set.copyOf(expected), Set.copyOf(sts), id);
            assertEquals(expected.size(), sts.size(), id);
        });
    }

    @Test
    void ssoRoles_shouldBeReadableWithGetRoleAlone_byGrantAndRevoke_inTheJitaAccount() {
        Object ssoRoles = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":iam::" + Synth.ACCOUNT + ":role/aws-reserved/sso.amazonaws.com/*")));
        stack.jita().roles().forEach((id, role) -> {
            List<JsonNode> reserved = statementsOf(role).stream()
                    .filter(s -> s.get("Resource").toString().contains("aws-reserved")).toList();
            assertEquals(List.of("grant", "revoke").contains(id)
                    ? List.of(json(Map.of("Effect", "Allow", "Action", "iam:GetRole", "Resource", ssoRoles)))
                    : List.of(), reserved, id);
        });
        // No sso: or identitystore: permission in any of jita's own roles: those live in the assumed role alone.
        assertTrue(!JSON.valueToTree(template.findResources("AWS::IAM::Policy")).toString()
                .matches("(?s).*\"(sso|identitystore|sso-directory):.*"));
    }

    /**
     * Intake (internet-facing) and the incident function revoke an Identity Center user's request by invoking the
     * revoke function's live alias, as they do for a request in a target account; so with Identity Center and no
     * target account at all they hold exactly that InvokeFunction, JITA_REVOKE_FUNCTION and JITA_HOME_ACCOUNT, and
     * nothing of Identity Center: no variable, no sts:AssumeRole, no GetRole on the SSO roles.
     */
    @Test
    void intakeAndIncident_withIdentityCenterAndNoTargetAccount_shouldInvokeTheRevokeAlias_andNeverAssumeTheRole() {
        JitaStack alone = Synth.stack(Synth.app(dir.resolve("no-targets")),
                Synth.everything(dir).targetAccounts(List.of()).identityCenter(SETTINGS).build());
        Template single = Template.fromStack(alone);
        Object revokeAlias = Map.of("Ref", logicalId(alone, alone.jita().aliases().get("revoke")));
        for (String id : List.of("intake", "incident")) {
            Map<String, Object> env = environmentOf(alone, single, alone.jita().functions().get(id));
            assertEquals(revokeAlias, env.get("JITA_REVOKE_FUNCTION"), id);
            assertEquals(Synth.ACCOUNT, env.get("JITA_HOME_ACCOUNT"), id);
            assertTrue(env.keySet().stream().noneMatch(k -> k.startsWith("JITA_IDENTITY")
                    || k.startsWith("JITA_TARGET")), id + " " + env.keySet());
            List<JsonNode> statements = statementsOf(alone, single, alone.jita().roles().get(id));
            assertEquals(List.of(json(Map.of("Effect", "Allow", "Action", "lambda:InvokeFunction",
                            "Resource", revokeAlias))),
                    statements.stream().filter(s -> s.get("Action").toString().contains("lambda:")).toList(), id);
            assertTrue(statements.stream().noneMatch(s -> s.toString().matches(
                    "(?s).*(sts:|iam:GetRole|aws-reserved|jita-identity-center|\"sso:|\"identitystore:).*")),
                    id + " " + statements);
        }
        // The revoke function itself uses Identity Center: the one that holds the role.
        assertEquals(SETTINGS.roleArn(), environmentOf(alone, single, alone.jita().functions().get("revoke"))
                .get("JITA_IDENTITY_CENTER_ROLE_ARN"));
        assertEquals(List.of(), Annotations.fromStack(alone).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(m -> String.valueOf(m.getEntry().getData())).toList());
    }

    /** The same with target accounts (the stack of this class): intake and incident invoke the alias, nothing more. */
    @Test
    void intakeAndIncident_shouldHoldNoIdentityCenterVariableOrPermission_andInvokeTheRevokeAlias() {
        Object revokeAlias = Map.of("Ref", logicalId(stack.jita().aliases().get("revoke")));
        for (String id : List.of("intake", "incident")) {
            Map<String, Object> env = environmentOf(stack.jita().functions().get(id));
            assertEquals(revokeAlias, env.get("JITA_REVOKE_FUNCTION"), id);
            assertTrue(env.keySet().stream().noneMatch(k -> k.startsWith("JITA_IDENTITY")), id);
            List<JsonNode> statements = statementsOf(stack.jita().roles().get(id));
            assertTrue(statements.contains(json(Map.of("Effect", "Allow", "Action", "lambda:InvokeFunction",
                    "Resource", revokeAlias))), id + " " + statements);
            assertTrue(statements.stream().noneMatch(s -> s.toString().matches(
                    "(?s).*(sts:|iam:GetRole|aws-reserved|jita-identity-center).*")), id + " " + statements);
        }
    }

    /**
     * The grant function tells an Identity Center user their access is active: with Identity Center configured (and
     * only then, JitaApprovalTest) it may send e-mail from the configured sender, and nothing more.
     */
    @Test
    void grant_shouldMaySendEmailFromTheSender_toTellIdentityCenterUsers() {
        List<JsonNode> ses = statementsOf(stack.jita().roles().get("grant")).stream()
                .filter(s -> s.get("Action").toString().contains("ses:")).toList();
        assertEquals(1, ses.size(), ses.toString());
        assertEquals("\"ses:SendEmail\"", ses.get(0).get("Action").toString());
        assertTrue(environmentOf(stack.jita().functions().get("grant")).containsKey("JITA_SES_SENDER"));
    }

    /**
     * The Identity Center stack takes the grant, revoke and sweeper roles' names, the outputs the JitaTarget stack
     * takes too; no intake or incident role name is output, as nothing trusts those roles.
     */
    @Test
    void outputs_shouldNameTheGrantRevokeAndSweeperRoles_andNoOtherFunctionRole() {
        for (String id : USERS) {
            template.hasOutput(Functions.capitalized(id) + "FunctionRoleName", Match.objectLike(Map.of("Value",
                    Map.of("Ref", logicalId(stack.jita().roles().get(id))))));
        }
        assertEquals(Set.of("GrantFunctionRoleName", "RevokeFunctionRoleName", "SweeperFunctionRoleName"),
                template.findOutputs("*").keySet().stream().filter(k -> k.endsWith("RoleName"))
                        .collect(java.util.stream.Collectors.toSet()));
    }

    @Test
    void cdkNag_shouldReportNoUnsuppressedError() {
        assertEquals(List.of(), Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(m -> String.valueOf(m.getEntry().getData())).toList());
    }

    // ------------------------------------------------------------------ validation at synth

    /** The message is the functions' own (variable, value, shape) and says where the right values come from. */
    @Test
    void settings_shouldRefuseAMalformedInstanceArnStoreIdRegionOrRoleArn_sayingWhatTheyLookLike() {
        for (String[] bad : List.of(
                new String[] {"ssoins-0123456789abcdef", "d-1234567890", "us-east-1", SETTINGS.roleArn(),
                        "JITA_IDENTITY_CENTER_INSTANCE_ARN", "instance/ssoins-"},
                new String[] {SETTINGS.instanceArn(), "1234567890", "us-east-1", SETTINGS.roleArn(),
                        "JITA_IDENTITY_STORE_ID", "d-1234567890"},
                new String[] {SETTINGS.instanceArn(), "d-1234567890", "us east", SETTINGS.roleArn(),
                        "JITA_IDENTITY_CENTER_REGION", "eu-west-1"},
                new String[] {SETTINGS.instanceArn(), "d-1234567890", "", SETTINGS.roleArn(),
                        "JITA_IDENTITY_CENTER_REGION", "eu-west-1"},
                new String[] {SETTINGS.instanceArn(), "d-1234567890", "us-east-1", "jita-identity-center",
                        "JITA_IDENTITY_CENTER_ROLE_ARN", "role/jita-system/jita-identity-center"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new IdentityCenterSettings(bad[0], bad[1], bad[2], bad[3]), String.join(" ", bad));
            String value = List.of(bad).subList(0, 4).stream().filter(v -> !List.of(SETTINGS.instanceArn(),
                    "d-1234567890", "us-east-1", SETTINGS.roleArn()).contains(v)).findFirst().orElseThrow();
            assertTrue(e.getMessage().contains(bad[4] + " is '" + value + "'") && e.getMessage().contains(bad[5]),
                    e.getMessage());
        }
    }

    /**
     * Synth refuses exactly what the functions refuse at start: shapes close to right that
     * IdentityCenterConfig.fromEnvironment turns down (an instance id without "sso", upper-case hex, a character
     * that is not hex) stop synth too, and the Identity Center stack's parameters allow the same shapes.
     */
    @Test
    void settingsAndParameters_shouldAcceptExactlyWhatTheFunctionsAccept() {
        List<String> instances = List.of(SETTINGS.instanceArn(),
                "arn:aws-us-gov:sso:::instance/ssoins-0123456789abcdef",
                "arn:aws:sso:::instance/ins-0123456789abcdef", "arn:aws:sso:::instance/ssoins-0123456789ABCDEF",
                "arn:aws:sso:::instance/ssoins-0123456789abc.ef", "arn:aws:sso:::instance/ssoins-0123456789abcde",
                "arn:aws:sso:::instance/ssoins-0123456789abcdef0", "ssoins-0123456789abcdef");
        List<String> stores = List.of("d-1234567890", "d-90670ca891", "0123abcd-0123-4567-89ab-0123456789ab",
                "d-123456789A", "d-123456789", "1234567890", "0123ABCD-0123-4567-89AB-0123456789AB",
                "arn:aws:identitystore::111122223333:identitystore/d-1234567890");
        for (String instance : instances) {
            boolean functions = functionsAccept(Map.of("JITA_IDENTITY_CENTER_INSTANCE_ARN", instance,
                    "JITA_IDENTITY_STORE_ID", "d-1234567890"));
            assertEquals(functions, synthAccepts(instance, "d-1234567890"), instance);
            assertEquals(functions, instance.matches("^" + IdentityCenterSettings.INSTANCE_ARN + "$"), instance);
        }
        for (String store : stores) {
            boolean functions = functionsAccept(Map.of("JITA_IDENTITY_CENTER_INSTANCE_ARN", SETTINGS.instanceArn(),
                    "JITA_IDENTITY_STORE_ID", store));
            assertEquals(functions, synthAccepts(SETTINGS.instanceArn(), store), store);
            assertEquals(functions, store.matches("^(" + IdentityCenterSettings.IDENTITY_STORE_ID + ")$"), store);
        }
        // What the stack puts in the environment reads back as the same values.
        assertEquals(java.util.Optional.of(new IdentityCenterConfig(SETTINGS.instanceArn(), SETTINGS.identityStoreId(),
                java.util.Optional.of(SETTINGS.region()), java.util.Optional.of(SETTINGS.roleArn()))),
                IdentityCenterConfig.fromEnvironment(SETTINGS.environment()));
    }

    private static boolean functionsAccept(Map<String, String> env) {
        try {
            return IdentityCenterConfig.fromEnvironment(env).isPresent();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean synthAccepts(String instance, String store) {
        try {
            new IdentityCenterSettings(instance, store, SETTINGS.region(), SETTINGS.roleArn());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void app_shouldRefuseSomeIdentityCenterKeysWithoutTheRest_namingTheMissingOnes() {
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out.partial").toString()).context(Map.of(
                "jita:identityCenterInstanceArn", SETTINGS.instanceArn(), "jita:identityStoreId", "d-1234567890"))
                .build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JitaApp.build(app));
        assertTrue(e.getMessage().contains("missing [jita:identityCenterRegion, jita:identityCenterRoleArn]"),
                e.getMessage());
    }

    @Test
    void app_shouldTurnTheFourKeysIntoTheSettings() {
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out.keys").toString()).build());
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("jita:identityCenterInstanceArn", SETTINGS.instanceArn());
        keys.put("jita:identityStoreId", SETTINGS.identityStoreId());
        keys.put("jita:identityCenterRegion", SETTINGS.region());
        keys.put("jita:identityCenterRoleArn", " " + SETTINGS.roleArn());
        keys.forEach(app.getNode()::setContext);
        assertEquals(java.util.Optional.of(SETTINGS), JitaApp.identityCenterFrom(app));
        assertEquals(java.util.Optional.empty(), JitaApp.identityCenterFrom(new App()));
    }

    @Test
    void props_shouldRefuseAnIdentityCenterRoleUnderTheEligiblePath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JitaApprovalProps.builder()
                .identityCenter(new IdentityCenterSettings(SETTINGS.instanceArn(), "d-1234567890", "us-east-1",
                        "arn:aws:iam::999988887777:role/jita/jita-identity-center")).build());
        assertTrue(e.getMessage().contains("overlap"), e.getMessage());
    }

    // ------------------------------------------------------------------ helpers

    private static List<JsonNode> statementsOf(IConstruct role) {
        return statementsOf(stack, template, role);
    }

    private static List<JsonNode> statementsOf(JitaStack stack, Template template, IConstruct role) {
        List<JsonNode> all = new ArrayList<>();
        template.findResources("AWS::IAM::Policy", Match.objectLike(Map.of("Properties", Match.objectLike(Map.of(
                        "Roles", List.of(Map.of("Ref", logicalId(stack, role))))))))
                .values().forEach(policy -> JSON.valueToTree(policy).at("/Properties/PolicyDocument/Statement")
                        .forEach(all::add));
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environmentOf(IConstruct function) {
        return environmentOf(stack, template, function);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environmentOf(JitaStack stack, Template template, IConstruct function) {
        Map<String, Object> fn = template.findResources("AWS::Lambda::Function").get(logicalId(stack, function));
        Map<String, Object> props = (Map<String, Object>) fn.get("Properties");
        return (Map<String, Object>) ((Map<String, Object>) props.get("Environment")).get("Variables");
    }

    private static String logicalId(IConstruct construct) {
        return logicalId(stack, construct);
    }

    private static String logicalId(JitaStack stack, IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return stack.getLogicalId((CfnElement) element);
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }
}
