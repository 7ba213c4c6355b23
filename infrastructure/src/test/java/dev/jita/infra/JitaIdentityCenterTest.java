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

    /**
     * The role can create and assign permission sets: only the functions that grant, revoke and sweep may assume it.
     * Intake faces the internet and the incident function only revokes; both hand an Identity Center user's revoke to
     * the revoke function (JitaApprovalIdentityCenterTest).
     */
    @Test
    void trust_shouldAdmitExactlyJitasGrantRevokeAndSweeperRoles() throws Exception {
        String arn = """
                {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::", {"Ref": "JitaAccountId"}, ":role/",
                  {"Ref": "%s"}]]}""";
        assertEquals(JSON.readTree("""
                {"Version": "2012-10-17", "Statement": [{
                  "Effect": "Allow", "Action": "sts:AssumeRole",
                  "Principal": {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":iam::",
                    {"Ref": "JitaAccountId"}, ":root"]]}},
                  "Condition": {"ArnEquals": {"aws:PrincipalArn": [%s, %s, %s]}}}]}""".formatted(
                        arn.formatted("GrantFunctionRoleName"), arn.formatted("RevokeFunctionRoleName"),
                        arn.formatted("SweeperFunctionRoleName"))),
                role().at("/Properties/AssumeRolePolicyDocument"));
        // No condition left that could add a principal at deploy time.
        assertTrue(!JSON.valueToTree(template.toJSON()).has("Conditions"));
    }

    @Test
    void construct_withPlainValues_shouldTrustExactlyTheGrantRevokeAndSweeperRoles() {
        List<String> trusted = new ArrayList<>();
        plainRole(props()).at("/Properties/AssumeRolePolicyDocument/Statement/0/Condition/ArnEquals/aws:PrincipalArn")
                .forEach(arn -> trusted.add(arn.toString()));
        assertEquals(List.of("Jita-GrantRole", "Jita-RevokeRole", "Jita-SweeperRole"), trusted.stream()
                .map(arn -> arn.replaceAll("^.*:iam::111122223333:role/([\\w-]+).*$", "$1")).toList(),
                trusted.toString());
        assertEquals(List.of("grantRoleName", "revokeRoleName", "sweeperRoleName"), java.util.Arrays.stream(
                JitaIdentityCenterProps.class.getRecordComponents()).map(c -> c.getName())
                .filter(name -> name.endsWith("RoleName")).toList());
    }

    // ------------------------------------------------------------------ permissions

    /** The whole policy, statement by statement: any added action, resource or loosened condition fails here. */
    @Test
    void permissions_shouldBeExactlyJitasTagScopedStatements() throws Exception {
        String permissionSets = """
                {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":sso:::permissionSet/",
                  {"Fn::Select": [1, {"Fn::Split": ["/", {"Ref": "IdentityCenterInstanceArn"}]}]}, "/*"]]}""";
        String permissionSetActions = """
                ["sso:PutInlinePolicyToPermissionSet", "sso:GetInlinePolicyForPermissionSet",
                 "sso:DescribePermissionSet", "sso:DeletePermissionSet", "sso:CreateAccountAssignment",
                 "sso:DeleteAccountAssignment", "sso:ListAccountsForProvisionedPermissionSet",
                 "sso:ListAccountAssignments", "sso:ListTagsForResource", "sso:ProvisionPermissionSet"]""";
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
                     "sso:DeleteAccountAssignment", "sso:ListAccountAssignments", "sso:ProvisionPermissionSet"],
                   "Resource": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":sso:::account/*"]]}},
                  {"Sid": "ReadTheInstance", "Effect": "Allow", "Action": ["sso:ListPermissionSets",
                     "sso:DescribeAccountAssignmentCreationStatus"],
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
     * Least privilege: every action the role allows, in any statement, is a call the functions make through
     * AwsIdentityCenter (read from its source, so that a call added there without its permission, or a permission
     * kept after its call is gone, fails here), and every such call is allowed. No other class of the functions
     * holds an Identity Center client.
     */
    @Test
    void allowedActions_shouldBeExactlyTheCallsAwsIdentityCenterMakes() throws Exception {
        List<String> allowed = statements(role()).stream().filter(s -> s.get("Effect").asText().equals("Allow"))
                .flatMap(s -> strings(s.get("Action")).stream()).distinct().sorted().toList();
        List<String> calls = IdentityCenterCalls.read();
        assertEquals(calls, allowed);
        assertEquals(List.of("identitystore:DescribeUser", "identitystore:GetUserId",
                "sso:CreateAccountAssignment", "sso:CreatePermissionSet", "sso:DeleteAccountAssignment",
                "sso:DeletePermissionSet", "sso:DescribeAccountAssignmentCreationStatus",
                "sso:DescribePermissionSet",
                "sso:GetInlinePolicyForPermissionSet", "sso:ListAccountAssignments",
                "sso:ListAccountsForProvisionedPermissionSet", "sso:ListPermissionSets", "sso:ListTagsForResource",
                "sso:ProvisionPermissionSet", "sso:PutInlinePolicyToPermissionSet"), allowed);
        assertTrue(allowed.stream().noneMatch(a -> a.equals("sso:DeleteInlinePolicyFromPermissionSet")),
                allowed.toString());
        assertEquals(List.of(IdentityCenterCalls.CLIENTS, IdentityCenterCalls.ADAPTER),
                IdentityCenterCalls.classesUsingTheClients());
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
                .contains(":iam::111122223333:role/Jita-GrantRole"));
    }

    @Test
    void props_shouldRefuseAMalformedInstanceArnStoreIdOrAccount_andARoleArnWhereANameBelongs_namingTheValue() {
        Map<String, UnaryOperator<JitaIdentityCenterProps.Builder>> bad = new LinkedHashMap<>();
        bad.put("ssoins-0123456789abcdef", b -> b.instanceArn("ssoins-0123456789abcdef"));
        bad.put("arn:aws:identitystore::1:x", b -> b.identityStoreId("arn:aws:identitystore::1:x"));
        bad.put("arn:aws:iam::111122223333:role/Jita-GrantRole",
                b -> b.grantRoleName("arn:aws:iam::111122223333:role/Jita-GrantRole"));
        bad.put("arn:aws:iam::111122223333:role/Jita-SweeperRole",
                b -> b.sweeperRoleName("arn:aws:iam::111122223333:role/Jita-SweeperRole"));
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
        // The three function roles the role trusts, no intake or incident role.
        assertEquals(List.of("JitaAccountId", "GrantFunctionRoleName", "RevokeFunctionRoleName",
                "SweeperFunctionRoleName", "IdentityCenterInstanceArn", "IdentityStoreId"), names);
        // Every value must be given, in its shape.
        json.get("Parameters").fields().forEachRemaining(p -> assertTrue(p.getValue().has("AllowedPattern")
                && !p.getValue().has("Default"), p.toString()));
        String rolePattern = json.at("/Parameters/GrantFunctionRoleName/AllowedPattern").asText();
        assertTrue("Jita-GrantRole".matches(rolePattern) && !"".matches(rolePattern)
                && !"arn:aws:iam::111122223333:role/Jita-GrantRole".matches(rolePattern), rolePattern);
        assertTrue(INSTANCE.matches(json.at("/Parameters/IdentityCenterInstanceArn/AllowedPattern").asText()));
        assertTrue("d-1234567890".matches(json.at("/Parameters/IdentityStoreId/AllowedPattern").asText()));
        assertTrue(!json.has("Rules") && !json.get("Resources").has("CDKMetadata"));
        template.hasOutput("RoleArn", Match.objectLike(Map.of("Value", Map.of("Fn::GetAtt",
                List.of(stack.getLogicalId((software.amazon.awscdk.CfnElement) stack.access().role().getNode()
                        .getDefaultChild()), "Arn")))));
    }

    /** The intake and incident keys of an older setup are ignored: nothing takes them any more. */
    @Test
    void app_shouldTurnContextIntoParameterDefaults_andLimitTheAccounts() {
        Map<String, Object> context = new LinkedHashMap<>(Map.of(
                "jita:identityCenterStack", "true", "jita:jitaAccount", "111122223333",
                "jita:grantFunctionRoleName", "Jita-GrantRole", "jita:revokeFunctionRoleName", "Jita-RevokeRole",
                "jita:sweeperFunctionRoleName", "Jita-SweeperRole",
                "jita:identityCenterInstanceArn", INSTANCE, "jita:identityStoreId", "d-1234567890",
                "jita:identityCenterAccounts", "444455556666"));
        context.put("jita:intakeFunctionRoleName", "Jita-IntakeRole");
        context.put("jita:incidentFunctionRoleName", "Jita-IncidentRole");
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out.defaults").toString()).context(context)
                .build());
        JsonNode json = JSON.valueToTree(Template.fromStack(JitaApp.buildIdentityCenter(app)).toJSON());
        assertEquals("Jita-GrantRole", json.at("/Parameters/GrantFunctionRoleName/Default").asText());
        assertEquals("Jita-RevokeRole", json.at("/Parameters/RevokeFunctionRoleName/Default").asText());
        assertEquals("Jita-SweeperRole", json.at("/Parameters/SweeperFunctionRoleName/Default").asText());
        assertTrue(!json.toString().contains("Intake") && !json.toString().contains("Incident"), json.toString());
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

    static List<String> strings(JsonNode node) {
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
                .instanceArn(INSTANCE).identityStoreId("d-1234567890");
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
