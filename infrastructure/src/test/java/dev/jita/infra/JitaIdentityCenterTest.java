package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The Identity Center stack as it deploys into the account that administers IAM Identity Center (every value a
 * CloudFormation parameter), synthesized once through {@link JitaApp#buildIdentityCenter} with cdk-nag applied: who
 * may assume the role, and that it can touch no permission set but jita's own.
 */
class JitaIdentityCenterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INSTANCE = "arn:aws:sso:::instance/ssoins-0123456789abcdef";

    @TempDir
    static Path dir;
    static JitaIdentityCenterStack stack;
    static Template template;

    @BeforeAll
    static void synth() {
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out").toString())
                .context(Map.of("jita:identityCenterStack", "true")).build());
        stack = JitaApp.buildIdentityCenter(app);
        template = Template.fromStack(stack);
    }

    // ------------------------------------------------------------------ trust

    /** The incident function's role only when the parameter names one: the jita stack has it with incident handling. */
    @Test
    void trust_shouldAdmitExactlyJitasGrantRevokeSweeperAndIntakeRoles_andTheIncidentRoleWhenGiven() throws Exception {
        String arn = """
                {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "JitaAccountId"}, ":role/",
                  {"Ref": "%s"}]]}""";
        String condition = incidentCondition();
        assertEquals(JSON.readTree("""
                {"Version": "2012-10-17", "Statement": [{
                  "Effect": "Allow", "Action": "sts:AssumeRole",
                  "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::",
                    {"Ref": "JitaAccountId"}, ":root"]]}},
                  "Condition": {"ArnEquals": {"aws:PrincipalArn": [%s, %s, %s, %s,
                    {"Fn::If": ["%s", %s, {"Ref": "AWS::NoValue"}]}]}}}]}""".formatted(
                        arn.formatted("GrantFunctionRoleName"), arn.formatted("RevokeFunctionRoleName"),
                        arn.formatted("SweeperFunctionRoleName"), arn.formatted("IntakeFunctionRoleName"),
                        condition, arn.formatted("IncidentFunctionRoleName"))),
                role().at("/Properties/AssumeRolePolicyDocument"));
        assertEquals(JSON.readTree("""
                {"Fn::Not": [{"Fn::Equals": [{"Ref": "IncidentFunctionRoleName"}, ""]}]}"""),
                JSON.valueToTree(template.toJSON()).at("/Conditions/" + condition));
    }

    @Test
    void construct_withPlainValues_shouldTrustTheIncidentRole_onlyWhenGiven() {
        JsonNode without = plainRole(props());
        JsonNode with = plainRole(props().incidentRoleName("Jita-IncidentRole"));
        assertTrue(!without.toString().contains("Incident"), without.toString());
        List<String> trusted = new ArrayList<>();
        with.at("/Properties/AssumeRolePolicyDocument/Statement/0/Condition/ArnEquals/aws:PrincipalArn")
                .forEach(arn -> trusted.add(arn.toString()));
        assertEquals(5, trusted.size(), trusted.toString());
        assertTrue(trusted.get(4).contains(":iam::111122223333:role/Jita-IncidentRole"), trusted.toString());
        // An empty name is no incident function, as the parameter's empty default is.
        assertEquals(without.at("/Properties/AssumeRolePolicyDocument"),
                plainRole(props().incidentRoleName("")).at("/Properties/AssumeRolePolicyDocument"));
    }

    // ------------------------------------------------------------------ permissions

    /** The whole policy, statement by statement: any added action, resource or loosened condition fails here. */
    @Test
    void permissions_shouldBeExactlyJitasTagScopedStatements() throws Exception {
        String permissionSets = """
                {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":sso:::permissionSet/",
                  {"Fn::Select": [1, {"Fn::Split": ["/", {"Ref": "IdentityCenterInstanceArn"}]}]}, "/*"]]}""";
        String permissionSetActions = """
                ["sso:PutInlinePolicyToPermissionSet", "sso:DeleteInlinePolicyFromPermissionSet",
                 "sso:GetInlinePolicyForPermissionSet", "sso:DescribePermissionSet", "sso:DeletePermissionSet",
                 "sso:ProvisionPermissionSet", "sso:CreateAccountAssignment", "sso:DeleteAccountAssignment",
                 "sso:ListAccountsForProvisionedPermissionSet", "sso:ListAccountAssignments", "sso:ListTagsForResource"]""";
        assertEquals(JSON.readTree("""
                [{"PolicyName": "jita-identity-center", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                  {"Sid": "CreateJitaPermissionSets", "Effect": "Allow", "Action": "sso:CreatePermissionSet",
                   "Resource": [{"Ref": "IdentityCenterInstanceArn"}, %1$s],
                   "Condition": {"StringEquals": {"aws:RequestTag/jita:managed": "true"},
                                 "Null": {"aws:RequestTag/jita:request-id": "false"},
                                 "ForAllValues:StringEquals": {"aws:TagKeys": ["jita:managed", "jita:request-id"]}}},
                  {"Sid": "OnlyJitasPermissionSets", "Effect": "Allow", "Action": %2$s, "Resource": %1$s,
                   "Condition": {"StringEquals": {"aws:ResourceTag/jita:managed": "true"}}},
                  {"Sid": "TheInstanceOfJitasPermissionSets", "Effect": "Allow", "Action": %2$s,
                   "Resource": {"Ref": "IdentityCenterInstanceArn"}},
                  {"Sid": "AssignInAccounts", "Effect": "Allow", "Action": ["sso:CreateAccountAssignment",
                     "sso:DeleteAccountAssignment", "sso:ProvisionPermissionSet", "sso:ListAccountAssignments"],
                   "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":sso:::account/*"]]}},
                  {"Sid": "ReadTheInstance", "Effect": "Allow", "Action": ["sso:ListPermissionSets",
                     "sso:DescribeAccountAssignmentCreationStatus", "sso:DescribeAccountAssignmentDeletionStatus"],
                   "Resource": {"Ref": "IdentityCenterInstanceArn"}},
                  {"Sid": "ReadIdentityStoreUsers", "Effect": "Allow",
                   "Action": ["identitystore:GetUserId", "identitystore:DescribeUser"],
                   "Resource": [{"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":identitystore::*:identitystore/",
                                  {"Ref": "IdentityStoreId"}]]},
                                {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":identitystore:::user/*"]]}]},
                  {"Sid": "NeverRetag", "Effect": "Deny", "Action": ["sso:TagResource", "sso:UntagResource"],
                   "Resource": "*"}]}}]""".formatted(permissionSets, permissionSetActions)),
                role().at("/Properties/Policies"));
        assertTrue(role().at("/Properties/ManagedPolicyArns").isMissingNode());
        template.resourceCountIs("AWS::IAM::Policy", 0);
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
    }

    /**
     * The rule behind the list above: an allowed sso: action that names a permission set is always conditioned on
     * jita's tag (on the resource, or for CreatePermissionSet in the request); the statements without a condition
     * name the instance and the accounts alone, never a permission set. And nothing may tag or untag.
     */
    @Test
    void noStatement_shouldAllowAnSsoActionOnAPermissionSet_withoutJitasTag() {
        assertTagScoped(statements(role()));
    }

    @Test
    void role_shouldBeJitaIdentityCenterAtJitaSystem_forAnHourAtMost() {
        JsonNode role = role().at("/Properties");
        assertEquals("jita-identity-center", role.get("RoleName").asText());
        assertEquals("/jita-system/", role.get("Path").asText());
        assertEquals(3600, role.get("MaxSessionDuration").asInt());
        // Nothing else in the admin account: the role alone.
        assertEquals(List.of("AWS::IAM::Role"), JSON.valueToTree(template.toJSON()).get("Resources")
                .findValuesAsText("Type"));
    }

    @Test
    void construct_withPlainValues_shouldNameTheInstancesPermissionSets_andOnlyTheGivenAccounts() {
        Stack plain = new Stack(new App(), "Plain", StackProps.builder().env(Environment.builder()
                .account("999988887777").region(Synth.REGION).build()).build());
        new JitaIdentityCenterAccess(plain, "IdentityCenter", props()
                .accounts(List.of("111122223333", "444455556666")).build());
        JsonNode role = JSON.valueToTree(Template.fromStack(plain).findResources("AWS::IAM::Role").values()
                .iterator().next());
        List<JsonNode> statements = statements(role);
        assertTagScoped(statements);
        JsonNode byTag = statements.stream().filter(s -> s.get("Sid").asText().equals("OnlyJitasPermissionSets"))
                .findFirst().orElseThrow();
        assertEquals(json(partitionArn(":sso:::permissionSet/ssoins-0123456789abcdef/*")), byTag.get("Resource"));
        JsonNode accounts = statements.stream().filter(s -> s.get("Sid").asText().equals("AssignInAccounts"))
                .findFirst().orElseThrow();
        assertEquals(json(List.of(partitionArn(":sso:::account/111122223333"),
                partitionArn(":sso:::account/444455556666"))), accounts.get("Resource"));
        assertTrue(role.at("/Properties/AssumeRolePolicyDocument").toString()
                .contains(":iam::111122223333:role/Jita-IntakeRole"));
    }

    @Test
    void props_shouldRefuseAMalformedInstanceArnStoreIdOrAccount_andARoleArnWhereANameBelongs_namingTheValue() {
        Map<String, UnaryOperator<JitaIdentityCenterProps.Builder>> bad = new LinkedHashMap<>();
        bad.put("ssoins-0123456789abcdef", b -> b.instanceArn("ssoins-0123456789abcdef"));
        bad.put("arn:aws:identitystore::1:x", b -> b.identityStoreId("arn:aws:identitystore::1:x"));
        bad.put("arn:aws:iam::111122223333:role/Jita-IntakeRole",
                b -> b.intakeRoleName("arn:aws:iam::111122223333:role/Jita-IntakeRole"));
        bad.put("arn:aws:iam::111122223333:role/Jita-IncidentRole",
                b -> b.incidentRoleName("arn:aws:iam::111122223333:role/Jita-IncidentRole"));
        // Shapes the functions' own parser (IdentityCenterConfig) refuses, though they look close.
        bad.put("arn:aws:sso:::instance/ins-0123456789abcdef",
                b -> b.instanceArn("arn:aws:sso:::instance/ins-0123456789abcdef"));
        bad.put("arn:aws:sso:::instance/ssoins-0123456789ABCDEF",
                b -> b.instanceArn("arn:aws:sso:::instance/ssoins-0123456789ABCDEF"));
        bad.put("1111-2222-3333", b -> b.accounts(List.of("1111-2222-3333")));
        bad.put("jita", b -> b.jitaAccount("jita"));
        bad.forEach((value, change) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> change.apply(props()).build(), value);
            assertTrue(e.getMessage().contains("'" + value + "'"), e.getMessage());
        });
    }

    // ------------------------------------------------------------------ the template

    @Test
    void template_shouldTakeEveryJitaValueAsAParameter_andNeedNoBootstrap() {
        JsonNode json = JSON.valueToTree(template.toJSON());
        List<String> names = new ArrayList<>();
        json.get("Parameters").fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("JitaAccountId", "GrantFunctionRoleName", "RevokeFunctionRoleName",
                "SweeperFunctionRoleName", "IntakeFunctionRoleName", "IncidentFunctionRoleName",
                "IdentityCenterInstanceArn", "IdentityStoreId"), names);
        // Every value must be given, but the incident role: empty by default (no incident handling), so that a
        // deployment made without it keeps working.
        json.get("Parameters").fields().forEachRemaining(p -> assertTrue(p.getValue().has("AllowedPattern")
                && p.getValue().has("Default") == p.getKey().equals("IncidentFunctionRoleName"), p.toString()));
        assertEquals("", json.at("/Parameters/IncidentFunctionRoleName/Default").asText("absent"));
        String incidentPattern = json.at("/Parameters/IncidentFunctionRoleName/AllowedPattern").asText();
        assertTrue("".matches(incidentPattern) && "Jita-IncidentRole".matches(incidentPattern)
                && !"arn:aws:iam::111122223333:role/Jita-IncidentRole".matches(incidentPattern), incidentPattern);
        assertTrue(INSTANCE.matches(json.at("/Parameters/IdentityCenterInstanceArn/AllowedPattern").asText()));
        assertTrue("d-1234567890".matches(json.at("/Parameters/IdentityStoreId/AllowedPattern").asText()));
        assertTrue(!json.has("Rules") && !json.get("Resources").has("CDKMetadata"));
        template.hasOutput("RoleArn", Match.objectLike(Map.of("Value", Map.of("Fn::GetAtt",
                List.of(stack.getLogicalId((software.amazon.awscdk.CfnElement) stack.access().role().getNode()
                        .getDefaultChild()), "Arn")))));
    }

    @Test
    void app_shouldTurnContextIntoParameterDefaults_andLimitTheAccounts() {
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out.defaults").toString()).context(Map.of(
                "jita:identityCenterStack", "true", "jita:jitaAccount", "111122223333",
                "jita:intakeFunctionRoleName", "Jita-IntakeRole", "jita:incidentFunctionRoleName", "Jita-IncidentRole",
                "jita:identityCenterInstanceArn", INSTANCE, "jita:identityStoreId", "d-1234567890",
                "jita:identityCenterAccounts", "444455556666")).build());
        JsonNode json = JSON.valueToTree(Template.fromStack(JitaApp.buildIdentityCenter(app)).toJSON());
        assertEquals("Jita-IntakeRole", json.at("/Parameters/IntakeFunctionRoleName/Default").asText());
        assertEquals("Jita-IncidentRole", json.at("/Parameters/IncidentFunctionRoleName/Default").asText());
        assertEquals(INSTANCE, json.at("/Parameters/IdentityCenterInstanceArn/Default").asText());
        assertEquals("d-1234567890", json.at("/Parameters/IdentityStoreId/Default").asText());
        assertTrue(json.toString().contains(":sso:::account/444455556666\"") && !json.toString().contains("account/*"));
    }

    // ------------------------------------------------------------------ cdk-nag

    @Test
    void cdkNag_shouldReportNoUnsuppressedError_orWarning_andGiveEachSuppressionAReason() {
        assertEquals(List.of(), Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(m -> String.valueOf(m.getEntry().getData())).toList());
        assertEquals(List.of(), Annotations.fromStack(stack).findWarning("*",
                Match.stringLikeRegexp("AwsSolutions-.*")).stream().map(m -> String.valueOf(m.getEntry().getData()))
                .toList());
        JsonNode suppressions = role().at("/Metadata/cdk_nag/rules_to_suppress");
        assertEquals(3, suppressions.size());
        suppressions.forEach(s -> assertTrue(s.get("reason").asText().matches("^\\S.{30,}$"), s.toString()));
    }

    // ------------------------------------------------------------------ helpers

    /** Every allowed sso: statement naming a permission set carries jita's tag condition; none tags or untags. */
    static void assertTagScoped(List<JsonNode> statements) {
        boolean denied = false;
        for (JsonNode statement : statements) {
            List<String> actions = strings(statement.get("Action"));
            if (statement.get("Effect").asText().equals("Deny")) {
                denied |= actions.containsAll(List.of("sso:TagResource", "sso:UntagResource"))
                        && statement.get("Resource").asText().equals("*") && !statement.has("Condition");
                continue;
            }
            assertTrue(actions.stream().noneMatch(a -> a.contains("*")), statement.toString());
            assertTrue(actions.stream().noneMatch(a -> a.matches("sso:(Tag|Untag|Attach|Detach|Update|"
                    + "PutPermissionsBoundary|DeletePermissionsBoundary|PutApplication|Create(?!PermissionSet$|"
                    + "AccountAssignment$)).*")), statement.toString());
            boolean namesPermissionSets = statement.get("Resource").toString().contains("permissionSet/");
            if (actions.stream().anyMatch(a -> a.startsWith("sso:")) && namesPermissionSets) {
                JsonNode condition = statement.get("Condition");
                String tag = actions.equals(List.of("sso:CreatePermissionSet"))
                        ? "/StringEquals/aws:RequestTag~1jita:managed" : "/StringEquals/aws:ResourceTag~1jita:managed";
                assertTrue(condition != null && condition.at(tag).asText().equals("true"), statement.toString());
            }
            if (statement.get("Condition") == null) {
                assertTrue(!namesPermissionSets, "a permission set without jita's tag: " + statement);
            }
        }
        assertTrue(denied, "no Deny of sso:TagResource and sso:UntagResource");
    }

    private static List<JsonNode> statements(JsonNode role) {
        List<JsonNode> out = new ArrayList<>();
        role.at("/Properties/Policies").forEach(p -> p.at("/PolicyDocument/Statement").forEach(out::add));
        return out;
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> out.add(n.asText()));
        } else {
            out.add(node.asText());
        }
        return out;
    }

    private static JitaIdentityCenterProps.Builder props() {
        return JitaIdentityCenterProps.builder().jitaAccount("111122223333").grantRoleName("Jita-GrantRole")
                .revokeRoleName("Jita-RevokeRole").sweeperRoleName("Jita-SweeperRole")
                .intakeRoleName("Jita-IntakeRole").instanceArn(INSTANCE).identityStoreId("d-1234567890");
    }

    /** The role of a JitaIdentityCenterAccess with plain values in a stack of its own. */
    private static JsonNode plainRole(JitaIdentityCenterProps.Builder props) {
        Stack plain = new Stack(new App(), "Plain", StackProps.builder().env(Environment.builder()
                .account("999988887777").region(Synth.REGION).build()).build());
        new JitaIdentityCenterAccess(plain, "IdentityCenter", props.build());
        Template plainTemplate = Template.fromStack(plain);
        assertTrue(!JSON.valueToTree(plainTemplate.toJSON()).has("Conditions"));
        return JSON.valueToTree(plainTemplate.findResources("AWS::IAM::Role").values().iterator().next());
    }

    /** The logical id of the template's one condition: is an incident role given? */
    private static String incidentCondition() {
        JsonNode conditions = JSON.valueToTree(template.toJSON()).get("Conditions");
        assertEquals(1, conditions.size(), conditions.toString());
        return conditions.fieldNames().next();
    }

    private static JsonNode role() {
        Map<String, Map<String, Object>> roles = template.findResources("AWS::IAM::Role");
        assertEquals(1, roles.size());
        return JSON.valueToTree(roles.values().iterator().next());
    }

    private static Object partitionArn(String afterPartition) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), afterPartition)));
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }
}
