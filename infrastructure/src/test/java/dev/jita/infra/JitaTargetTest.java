package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.grants.IdentityCenterGrants;
import dev.jita.iam.EligibleRoles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
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
import software.amazon.awscdk.assertions.Matcher;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.CloudAssembly;

/**
 * The target stack as the StackSet template has it (every value a CloudFormation parameter, no context), synthesized
 * once through {@link JitaApp#buildTarget} with cdk-nag applied: who may assume the role, what it may do, where it
 * lies, and that the template deploys without CDK bootstrapping.
 */
class JitaTargetTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static JitaTargetStack stack;
    static Template template;
    static CloudAssembly assembly;

    @BeforeAll
    static void synth() {
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out").toString())
                .context(Map.of("jita:targetStack", "true")).build());
        stack = JitaApp.buildTarget(app);
        template = Template.fromStack(stack);
        assembly = app.synth();
    }

    // ------------------------------------------------------------------ trust

    @Test
    void trust_shouldAdmitExactlyJitasGrantRevokeAndSweeperRoles_inTheJitaAccount() {
        Object account = Map.of("Ref", JitaTargetStack.JITA_ACCOUNT);
        List<Object> functionRoles = Stream.of(JitaTargetStack.GRANT_ROLE, JitaTargetStack.REVOKE_ROLE,
                        JitaTargetStack.SWEEPER_ROLE)
                .<Object>map(parameter -> Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                        ":iam::", account, ":role/", Map.of("Ref", parameter)))))
                .toList();
        // One statement: the jita account, narrowed by aws:PrincipalArn to the three roles; no other principal,
        // action or condition.
        assertEquals(json(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                        "Effect", "Allow",
                        "Action", "sts:AssumeRole",
                        "Principal", Map.of("AWS", Map.of("Fn::Join", List.of("", List.of("arn:",
                                Map.of("Ref", "AWS::Partition"), ":iam::", account, ":root")))),
                        "Condition", Map.of("ArnEquals", Map.of("aws:PrincipalArn", functionRoles)))))),
                targetRole().at("/Properties/AssumeRolePolicyDocument"));
    }

    // ------------------------------------------------------------------ permissions

    @Test
    void permissions_shouldBeLimitedToRolePoliciesUnderTheEligiblePath_readingSsoRoles_andListRoles() {
        Object eligibleRoles = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":iam::", Map.of("Ref", "AWS::AccountId"), ":role/jita/*")));
        assertEquals(json(List.of(Map.of("PolicyName", JitaTarget.POLICY_NAME, "PolicyDocument", Map.of(
                        "Version", "2012-10-17", "Statement", List.of(
                                Map.of("Effect", "Allow", "Resource", eligibleRoles, "Action", List.of("iam:GetRole",
                                        "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:PutRolePolicy",
                                        "iam:DeleteRolePolicy")),
                                // Identity Center's roles of this account: read only (the grant checks a
                                // requester's SSO role), never changed.
                                Map.of("Effect", "Allow", "Action", "iam:GetRole", "Resource", Map.of("Fn::Join",
                                        List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":iam::",
                                                Map.of("Ref", "AWS::AccountId"),
                                                ":role/aws-reserved/sso.amazonaws.com/*")))),
                                // IAM authorizes ListRoles on Resource * only; it lists and changes nothing.
                                Map.of("Effect", "Allow", "Resource", "*", "Action", "iam:ListRoles")))))),
                targetRole().at("/Properties/Policies"));
        // No managed policy, no boundary-free extras, no other policy resource attached to the role: the one policy
        // resource is EventBridge's role's, which may only put events on the jita account's bus.
        assertTrue(targetRole().at("/Properties/ManagedPolicyArns").isMissingNode());
        template.resourceCountIs("AWS::IAM::Policy", 1);
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of("PolicyDocument", Map.of(
                "Version", "2012-10-17", "Statement", List.of(Map.of("Effect", "Allow", "Action", "events:PutEvents",
                        "Resource", Match.anyValue()))))));
        assertTrue(!JSON.valueToTree(template.findResources("AWS::IAM::Policy")).toString().contains("jita-target"));
        template.resourceCountIs("AWS::IAM::ManagedPolicy", 0);
    }

    @Test
    void targetRole_shouldLieOutsideTheEligiblePath_underTheNameJitasFunctionsAssume() {
        JsonNode role = targetRole().at("/Properties");
        assertEquals("jita-target", role.get("RoleName").asText());
        assertEquals("/jita-system/", role.get("Path").asText());
        assertTrue(!role.get("Path").asText().startsWith("/jita/"), "a grant could land on jita's target role");
        // StackSets deploy nothing else into every account: the role, and the activity forwarding rule with its
        // dead-letter queue (and the queue's TLS-only policy) and EventBridge's role to put events on jita's bus.
        assertEquals(List.of("AWS::Events::Rule", "AWS::IAM::Policy", "AWS::IAM::Role", "AWS::IAM::Role",
                "AWS::SQS::Queue", "AWS::SQS::QueuePolicy"), JSON.valueToTree(template.toJSON()).get("Resources")
                .findValuesAsText("Type").stream().sorted().toList());
    }

    @Test
    void construct_shouldRefuseATargetPathInsideTheEligiblePath_andTheOtherWayRound() {
        for (String[] paths : List.of(new String[] {"/jita/", "/jita/system/"}, new String[] {"/jita/", "/jita/"},
                new String[] {"/jita-system/jita/", "/jita-system/"}, new String[] {"/jita/", "/"})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new JitaTarget(
                    new Stack(new App(), "T"), "Target", props().eligibleRolePath(paths[0])
                    .targetRole(new TargetRole("jita-target", paths[1])).build()), String.join(" ", paths));
            assertTrue(e.getMessage().contains("overlap") && e.getMessage().contains(paths[1]), e.getMessage());
        }
        // The home stack refuses the same, so its functions never assume a role a grant could reach.
        assertThrows(IllegalArgumentException.class, () -> JitaApprovalProps.builder()
                .targetRole(new TargetRole("jita-target", "/jita/system/")).build());
        assertThrows(IllegalArgumentException.class, () -> JitaApprovalProps.builder().eligibleRolePath("/jita-system/x/")
                .build());
    }

    @Test
    void props_shouldRefuseAnAccountThatIsNotTwelveDigits_andARoleArnWhereANameBelongs() {
        IllegalArgumentException account = assertThrows(IllegalArgumentException.class,
                () -> props().jitaAccount("1111-2222-3333").build());
        assertTrue(account.getMessage().contains("12-digit"), account.getMessage());
        IllegalArgumentException arn = assertThrows(IllegalArgumentException.class,
                () -> props().grantRoleName("arn:aws:iam::111122223333:role/Jita-GrantRole").build());
        assertTrue(arn.getMessage().contains("not its ARN"), arn.getMessage());
    }

    @Test
    void construct_withPlainValues_shouldTrustTheRolesByTheirArns() {
        Stack plain = new Stack(new App(), "Plain", StackProps.builder().env(Environment.builder()
                .account("444455556666").region(Synth.REGION).build()).build());
        new JitaTarget(plain, "Target", props().build());
        Template.fromStack(plain).hasResourceProperties("AWS::IAM::Role", Match.objectLike(Map.of(
                "AssumeRolePolicyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Match.objectLike(Map.of(
                        "Condition", Map.of("ArnEquals", Map.of("aws:PrincipalArn", List.of(
                                partitionArn(":iam::111122223333:role/Jita-GrantRole"),
                                partitionArn(":iam::111122223333:role/Jita-RevokeRole"),
                                partitionArn(":iam::111122223333:role/Jita-SweeperRole")))))))))));
    }

    // ------------------------------------------------------------------ the StackSet template

    @Test
    void stackSetTemplate_shouldTakeEveryJitaValueAsAParameter_withoutDefaults() {
        JsonNode parameters = JSON.valueToTree(template.toJSON()).get("Parameters");
        assertEquals(List.of(JitaTargetStack.JITA_ACCOUNT, JitaTargetStack.GRANT_ROLE, JitaTargetStack.REVOKE_ROLE,
                JitaTargetStack.SWEEPER_ROLE), iterable(parameters.fieldNames()));
        parameters.forEach(p -> {
            assertEquals("String", p.get("Type").asText());
            assertTrue(p.has("AllowedPattern") && p.has("Description"), p.toString());
            assertTrue(!p.has("Default"), "one template for every account: nothing baked in " + p);
        });
        assertEquals("^[0-9]{12}$", parameters.at("/JitaAccountId/AllowedPattern").asText());
    }

    @Test
    void stackSetTemplate_shouldNeedNoBootstrap_noAssetsNoVersionRuleNoMetadata() throws IOException {
        JsonNode json = JSON.valueToTree(template.toJSON());
        assertTrue(!json.has("Rules"), "no CheckBootstrapVersion rule: " + json.get("Rules"));
        assertTrue(!json.get("Parameters").has("BootstrapVersion"));
        assertTrue(!json.has("Conditions") && !json.get("Resources").has("CDKMetadata"));
        assertEquals(List.of(), assembly.getStackByName(stack.getStackName()).getAssets());
        try (Stream<Path> files = Files.list(dir.resolve("cdk.out"))) {
            List<String> names = files.map(f -> f.getFileName().toString()).toList();
            assertTrue(names.contains("JitaTarget.template.json"), names.toString());
            assertTrue(names.stream().noneMatch(n -> n.endsWith(".assets.json") || n.startsWith("asset.")),
                    names.toString());
        }
    }

    @Test
    void app_shouldTurnContextIntoParameterDefaults_andShareTheEligiblePathAndTargetRole() {
        App app = new App(AppProps.builder().outdir(dir.resolve("cdk.out.defaults").toString()).context(Map.of(
                "jita:targetStack", "true", "jita:jitaAccount", "111122223333",
                "jita:grantFunctionRoleName", "Jita-GrantRole", "jita:revokeFunctionRoleName", "Jita-RevokeRole",
                "jita:sweeperFunctionRoleName", "Jita-SweeperRole", "jita:eligibleRolePath", "/granted/",
                "jita:targetRoleName", "jita-ops", "jita:targetRolePath", "/ops/")).build());
        JsonNode json = JSON.valueToTree(Template.fromStack(JitaApp.buildTarget(app)).toJSON());
        assertEquals("111122223333", json.at("/Parameters/JitaAccountId/Default").asText());
        assertEquals("Jita-SweeperRole", json.at("/Parameters/SweeperFunctionRoleName/Default").asText());
        JsonNode role = json.get("Resources").elements().next().get("Properties");
        assertEquals("jita-ops", role.get("RoleName").asText());
        assertEquals("/ops/", role.get("Path").asText());
        assertTrue(role.at("/Policies/0/PolicyDocument/Statement/0/Resource").toString().contains(":role/granted/*"));
    }

    // ------------------------------------------------------------------ cdk-nag

    @Test
    void cdkNag_shouldReportNoUnsuppressedError_orWarning() {
        assertEquals(List.of(), Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(Object::toString).toList());
        assertEquals(List.of(), Annotations.fromStack(stack).findWarning("*",
                Match.stringLikeRegexp("AwsSolutions-.*")).stream().map(Object::toString).toList());
    }

    @Test
    void cdkNag_suppressions_shouldEachCarryAWrittenReason() {
        Matcher reasoned = Match.objectLike(Map.of("id", "AwsSolutions-IAM5",
                "reason", Match.stringLikeRegexp("^\\S.{30,}$")));
        template.hasResource("AWS::IAM::Role", Match.objectLike(Map.of("Metadata", Map.of("cdk_nag",
                Map.of("rules_to_suppress", List.of(reasoned, reasoned, reasoned))))));
    }

    /**
     * What the grant was used for: the CloudTrail calls of sessions of roles under the eligible path, and nothing
     * else, go to the jita account's default bus in this region; what cannot be delivered waits in a queue here.
     */
    @Test
    void activityForwarding_shouldSendTheEligibleRolesCloudTrailCalls_toTheJitaAccountsDefaultBus() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "EventPattern", Map.of(
                        "source", List.of(Map.of("prefix", "aws.")),
                        "detail-type", List.of("AWS API Call via CloudTrail"),
                        "detail", Map.of("userIdentity", Map.of("type", List.of("AssumedRole"),
                                "sessionContext", Map.of("sessionIssuer", Map.of("$or", List.of(
                                        Map.of("arn", List.of(Map.of("prefix", roleArns("/jita/")))),
                                        IDENTITY_CENTER_ALTERNATIVE)))))),
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                                ":events:", Map.of("Ref", "AWS::Region"), ":", Match.anyValue(),
                                ":event-bus/default"))),
                        "DeadLetterConfig", Match.objectLike(Map.of("Arn", Match.anyValue()))))))));
        template.resourceCountIs("AWS::SQS::Queue", 1);
    }

    /**
     * Identity Center grants are used through the role Identity Center provisions for jita's permission set: its
     * sessions' calls are forwarded too, and only theirs (the role's path and its name's prefix together), never
     * every Identity Center session of the account. The prefix is the one the functions name permission sets with.
     */
    @Test
    void activityForwarding_shouldAlsoSendTheCallsOfJitasPermissionSetRoles_andNoOtherIdentityCenterSession() {
        Map<String, Map<String, Object>> rules = template.findResources("AWS::Events::Rule");
        assertEquals(1, rules.size());
        JsonNode pattern = json(rules.values().iterator().next()).path("Properties").path("EventPattern");
        assertEquals(Set.of("source", "detail-type", "detail"), fieldNames(pattern));
        JsonNode identity = pattern.path("detail").path("userIdentity");
        assertEquals(Set.of("type", "sessionContext"), fieldNames(identity));
        assertEquals(Set.of("sessionIssuer"), fieldNames(identity.path("sessionContext")));
        JsonNode issuer = identity.path("sessionContext").path("sessionIssuer");
        assertEquals(Set.of("$or"), fieldNames(issuer));
        assertEquals(json(List.of(Map.of("arn", List.of(Map.of("prefix", roleArns("/jita/")))),
                IDENTITY_CENTER_ALTERNATIVE)), issuer.path("$or"));
        assertEquals("AWSReservedSSO_" + IdentityCenterGrants.NAME_PREFIX, JitaTarget.JITA_PERMISSION_SET_ROLE_PREFIX);
        assertEquals(EligibleRoles.IDENTITY_CENTER_PATH, JitaTarget.IDENTITY_CENTER_ROLE_PATH);
    }

    // ------------------------------------------------------------------ helpers

    /** Sessions of the roles Identity Center provisions for jita's permission sets, under its path. */
    private static final Map<String, Object> IDENTITY_CENTER_ALTERNATIVE = Map.of(
            "arn", List.of(Map.of("prefix", roleArns("/aws-reserved/sso.amazonaws.com/"))),
            "userName", List.of(Map.of("prefix", "AWSReservedSSO_jita-")));

    /** {@code arn:<partition>:iam::<this account>:role<path>}, as the stack spells it. */
    private static Object roleArns(String path) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), ":iam::",
                Map.of("Ref", "AWS::AccountId"), ":role" + path)));
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JitaTargetProps.Builder props() {
        return JitaTargetProps.builder().jitaAccount("111122223333").grantRoleName("Jita-GrantRole")
                .revokeRoleName("Jita-RevokeRole").sweeperRoleName("Jita-SweeperRole");
    }

    private static JsonNode targetRole() {
        // The target role is the one with a name; the other is EventBridge's, for the forwarding rule's PutEvents.
        Map<String, Map<String, Object>> roles = template.findResources("AWS::IAM::Role", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("RoleName", Match.anyValue())))));
        assertEquals(1, roles.size());
        return JSON.valueToTree(roles.values().iterator().next());
    }

    private static Object partitionArn(String afterPartition) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), afterPartition)));
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
