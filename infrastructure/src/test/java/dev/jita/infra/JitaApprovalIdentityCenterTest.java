package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * settings): which functions learn where Identity Center is, and that the one thing they gain is sts:AssumeRole on
 * jita's Identity Center role (and the grant and revoke roles iam:GetRole on the SSO roles). JitaApprovalTest holds
 * the same stack without it, where none of this exists.
 */
class JitaApprovalIdentityCenterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final IdentityCenterSettings SETTINGS = new IdentityCenterSettings(
            "arn:aws:sso:::instance/ssoins-0123456789abcdef", "d-1234567890", "us-east-1",
            "arn:aws:iam::999988887777:role/jita-system/jita-identity-center");
    private static final List<String> USERS = List.of("grant", "revoke", "sweeper", "intake");

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
    void environment_shouldTellGrantRevokeSweeperAndIntakeWhereIdentityCenterIs_andNoOtherFunction() {
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
    void assumeRole_shouldNameExactlyTheIdentityCenterRole_forGrantRevokeSweeperAndIntake() {
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

    @Test
    void outputs_shouldNameTheIntakeRole_forTheIdentityCenterStack() {
        template.hasOutput(JitaIdentityCenterStack.INTAKE_ROLE, Match.objectLike(Map.of("Value",
                Map.of("Ref", logicalId(stack.jita().roles().get("intake"))))));
    }

    @Test
    void cdkNag_shouldReportNoUnsuppressedError() {
        assertEquals(List.of(), Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(m -> String.valueOf(m.getEntry().getData())).toList());
    }

    // ------------------------------------------------------------------ validation at synth

    @Test
    void settings_shouldRefuseAMalformedInstanceArnStoreIdRegionOrRoleArn_sayingWhatTheyLookLike() {
        for (String[] bad : List.of(
                new String[] {"ssoins-0123456789abcdef", "d-1234567890", "us-east-1", SETTINGS.roleArn(), "instance/ssoins-"},
                new String[] {SETTINGS.instanceArn(), "1234567890", "us-east-1", SETTINGS.roleArn(), "d-1234567890"},
                new String[] {SETTINGS.instanceArn(), "d-1234567890", "us east", SETTINGS.roleArn(), "eu-west-1"},
                new String[] {SETTINGS.instanceArn(), "d-1234567890", "us-east-1", "jita-identity-center",
                        "arn:aws:iam::111122223333:role/jita-system/jita-identity-center"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new IdentityCenterSettings(bad[0], bad[1], bad[2], bad[3]), String.join(" ", bad));
            assertTrue(e.getMessage().contains(bad[4]) && e.getMessage().contains("got '"), e.getMessage());
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
