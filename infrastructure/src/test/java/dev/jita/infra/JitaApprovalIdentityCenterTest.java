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
 * settings): which functions learn where Identity Center is (grant, revoke, sweeper, and intake and incident, which
 * revoke in-process), and that the one thing they gain is sts:AssumeRole on jita's Identity Center role (and the
 * grant and revoke roles iam:GetRole on the SSO roles). JitaApprovalTest holds the same stack without it, where none
 * of this exists.
 */
class JitaApprovalIdentityCenterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final IdentityCenterSettings SETTINGS = new IdentityCenterSettings(
            "arn:aws:sso:::instance/ssoins-0123456789abcdef", "d-1234567890", "us-east-1",
            "arn:aws:iam::999988887777:role/jita-system/jita-identity-center");
    private static final List<String> USERS = List.of("grant", "revoke", "sweeper", "intake", "incident");

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
    void environment_shouldTellGrantRevokeSweeperIntakeAndIncidentWhereIdentityCenterIs_andNoOtherFunction() {
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
    void assumeRole_shouldNameExactlyTheIdentityCenterRole_forGrantRevokeSweeperIntakeAndIncident() {
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
     * The incident function ends an incident's grants in-process (RevokeService): it needs the variables and the
     * role, but it only revokes, so no GetRole on the SSO roles (a grant's check), and nothing else new.
     */
    @Test
    void incident_shouldAssumeTheIdentityCenterRole_withTheVariables_butNotReadSsoRoles() {
        Map<String, Object> variables = new HashMap<>(environmentOf(stack.jita().functions().get("incident")));
        variables.keySet().retainAll(SETTINGS.environment().keySet());
        assertEquals(SETTINGS.environment(), variables);
        List<JsonNode> statements = statementsOf(stack.jita().roles().get("incident"));
        assertTrue(statements.contains(json(Map.of("Effect", "Allow", "Action", "sts:AssumeRole",
                "Resource", SETTINGS.roleArn()))), statements.toString());
        assertTrue(statements.stream().noneMatch(s -> s.toString().contains("iam:GetRole")
                || s.toString().contains("aws-reserved")), statements.toString());
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

    @Test
    void outputs_shouldNameTheIntakeAndIncidentRoles_forTheIdentityCenterStack() {
        template.hasOutput(JitaIdentityCenterStack.INTAKE_ROLE, Match.objectLike(Map.of("Value",
                Map.of("Ref", logicalId(stack.jita().roles().get("intake"))))));
        template.hasOutput(JitaIdentityCenterStack.INCIDENT_ROLE, Match.objectLike(Map.of("Value",
                Map.of("Ref", logicalId(stack.jita().roles().get("incident"))))));
    }

    /** Without incident handling there is no incident function, so nothing for the Identity Center stack to trust. */
    @Test
    void outputs_shouldNameNoIncidentRole_withoutIncidentHandling() {
        JitaStack withoutIncidents = Synth.stack(Synth.app(dir.resolve("no-incidents")),
                Synth.everything(dir).incidents(Incidents.none()).identityCenter(SETTINGS).build());
        Template noIncidents = Template.fromStack(withoutIncidents);
        assertTrue(!withoutIncidents.jita().roles().containsKey("incident"));
        noIncidents.hasOutput(JitaIdentityCenterStack.INTAKE_ROLE, Match.anyValue());
        assertTrue(!noIncidents.findOutputs(JitaIdentityCenterStack.INCIDENT_ROLE).containsKey(
                JitaIdentityCenterStack.INCIDENT_ROLE), noIncidents.findOutputs("*").keySet().toString());
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
        List<JsonNode> all = new ArrayList<>();
        template.findResources("AWS::IAM::Policy", Match.objectLike(Map.of("Properties", Match.objectLike(Map.of(
                        "Roles", List.of(Map.of("Ref", logicalId(role))))))))
                .values().forEach(policy -> JSON.valueToTree(policy).at("/Properties/PolicyDocument/Statement")
                        .forEach(all::add));
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environmentOf(IConstruct function) {
        Map<String, Object> fn = template.findResources("AWS::Lambda::Function").get(logicalId(function));
        Map<String, Object> props = (Map<String, Object>) fn.get("Properties");
        return (Map<String, Object>) ((Map<String, Object>) props.get("Environment")).get("Variables");
    }

    private static String logicalId(IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return stack.getLogicalId((CfnElement) element);
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }
}
