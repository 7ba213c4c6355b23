package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Capture;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Matcher;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The whole construct, every function enabled, synthesized once in-process (cdk-nag applied) against a stand-in
 * functions jar: what it creates, and above all what each function may do.
 */
class JitaApprovalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_FUNCTIONS =
            List.of("intake", "notify", "approval", "grant", "revoke", "incident", "sweeper");

    @TempDir
    static Path dir;
    static JitaStack stack;
    static JitaApproval jita;
    static Template template;

    @BeforeAll
    static void synth() {
        App app = Synth.app(dir);
        stack = Synth.stack(app, Synth.everything(dir).build());
        jita = stack.jita();
        template = Template.fromStack(stack);
    }

    // ------------------------------------------------------------------ what exists

    @Test
    void template_shouldHoldOneOfEachPerFunction_whenIncidentsAndSweeperAreEnabled() {
        int functions = ALL_FUNCTIONS.size();
        template.resourceCountIs("AWS::Lambda::Function", functions);
        template.resourceCountIs("AWS::Lambda::Version", functions);
        template.resourceCountIs("AWS::Lambda::Alias", functions);
        template.resourceCountIs("AWS::IAM::Role", functions + 1); // + the state machine's
        template.resourceCountIs("AWS::Logs::LogGroup", functions + 2); // + workflow, API access logs
        template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        template.resourceCountIs("AWS::DynamoDB::Table", 3);
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        template.resourceCountIs("AWS::ApiGateway::RestApi", 1);
        template.resourceCountIs("AWS::ApiGateway::Stage", 1);
        template.resourceCountIs("AWS::ApiGateway::Method", 10);
        template.resourceCountIs("AWS::KMS::Key", 2); // links, alarm topic
        template.resourceCountIs("AWS::SecretsManager::Secret", 1);
        template.resourceCountIs("AWS::Events::Rule", 3); // generic, PagerDuty, sweeper schedule
        template.resourceCountIs("AWS::SQS::Queue", 2); // incident and sweeper dead letters
        template.resourceCountIs("AWS::SNS::Topic", 1);
        // RevokeFailed of revoke and of sweeper, failed executions, one per function's Errors, one per queue.
        template.resourceCountIs("AWS::CloudWatch::Alarm", 2 + 1 + functions + 2);
    }

    @Test
    void functions_shouldRunJava21OnArm64WithSnapStartAndTracing() {
        template.allResourcesProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Runtime", "java21",
                "Architectures", List.of("arm64"),
                "SnapStart", Map.of("ApplyOn", "PublishedVersions"),
                "TracingConfig", Map.of("Mode", "Active"),
                "Layers", List.of(Map.of("Ref", logicalId(jita.getNode().findChild("RulesLayer")))),
                "LoggingConfig", Match.objectLike(Map.of("LogGroup", Match.anyValue())),
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "POWERTOOLS_METRICS_NAMESPACE", "jita",
                        "POWERTOOLS_LOG_LEVEL", "INFO",
                        "JITA_RULES_FILE", "/opt/rules.yaml",
                        "JITA_ELIGIBLE_ROLE_PATH", "/jita/",
                        "JITA_REQUESTS_TABLE", ref(jita.requestsTable()),
                        "JITA_AUDIT_TABLE", ref(jita.auditTable()),
                        "JITA_IDEMPOTENCY_TABLE", ref(jita.idempotencyTable())))))));
        for (String id : ALL_FUNCTIONS) {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "Handler", "dev.jita.handlers." + Character.toUpperCase(id.charAt(0)) + id.substring(1) + "Function",
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("POWERTOOLS_SERVICE_NAME", id))))));
            // The alias points at the function's published (snapshotted) version; CDK suffixes its id with a hash.
            template.hasResourceProperties("AWS::Lambda::Alias", Map.of(
                    "Name", "live",
                    "FunctionName", ref(jita.functions().get(id)),
                    "FunctionVersion", Map.of("Fn::GetAtt", List.of(Match.stringLikeRegexp(
                            "^" + logicalId(jita.functions().get(id).getCurrentVersion()) + "[0-9a-f]*$"), "Version"))));
        }
    }

    @Test
    void functionsThatUseTheWorkflow_shouldKnowItsArn_builtFromTheFixedName() {
        Capture name = new Capture();
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                "StateMachineName", name)));
        Map<String, Object> arn = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":states:" + Synth.REGION + ":" + Synth.ACCOUNT + ":stateMachine:" + name.asString())));
        for (String id : List.of("intake", "notify", "approval", "incident")) {
            template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                    "Handler", jitaHandler(id),
                    "Environment", Map.of("Variables", Match.objectLike(Map.of("JITA_STATE_MACHINE_ARN", arn))))));
        }
    }

    @Test
    void api_shouldUseIamOnEngineerRoutes_andNoAuthOnlyOnApprovalLinks_throughTheAliases() {
        template.resourcePropertiesCountIs("AWS::ApiGateway::Method",
                Match.objectLike(Map.of("AuthorizationType", "AWS_IAM")), 7);
        template.resourcePropertiesCountIs("AWS::ApiGateway::Method",
                Match.objectLike(Map.of("AuthorizationType", "NONE")), 3);
        Map<String, Object> token = Map.of("Ref", logicalId(jita.api().getRoot().getResource("approvals")
                .getResource("{token}")));
        for (String method : List.of("GET", "HEAD", "POST")) {
            template.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                    "HttpMethod", method, "AuthorizationType", "NONE", "ResourceId", token,
                    "Integration", invokes("approval"))));
        }
        template.resourcePropertiesCountIs("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                "AuthorizationType", "AWS_IAM", "Integration", invokes("intake"))), 7);
        template.hasResourceProperties("AWS::ApiGateway::Stage", Match.objectLike(Map.of(
                "StageName", "prod",
                "AccessLogSetting", Match.objectLike(Map.of("DestinationArn", Match.anyValue())),
                "MethodSettings", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "ThrottlingRateLimit", 20, "ThrottlingBurstLimit", 40)))))));
    }

    @Test
    void stateMachine_shouldBeStandard_logAllWithoutExecutionData_andTrace() {
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                "StateMachineType", "STANDARD",
                "TracingConfiguration", Map.of("Enabled", true),
                // Execution data would put AwaitApproval's task token into the logs.
                "LoggingConfiguration", Match.objectLike(Map.of("Level", "ALL", "IncludeExecutionData", false)))));
    }

    @Test
    void deployedDefinition_shouldEqualApprovalAsl_afterSubstitution() throws Exception {
        Capture key = new Capture();
        Capture substitutions = new Capture();
        template.hasResourceProperties("AWS::StepFunctions::StateMachine", Match.objectLike(Map.of(
                "DefinitionS3Location", Match.objectLike(Map.of("Key", key)),
                "DefinitionSubstitutions", substitutions)));
        // What CloudFormation will read: the staged asset, with DefinitionSubstitutions applied to it.
        Path asset = dir.resolve("cdk.out").resolve("asset." + key.asString());
        String deployed = substitute(Files.readString(asset), substitutions.asObject());

        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("NotifyFunctionArn", Map.of("Ref", logicalId(jita.aliases().get("notify"))));
        expected.put("GrantFunctionArn", Map.of("Ref", logicalId(jita.aliases().get("grant"))));
        expected.put("RevokeFunctionArn", Map.of("Ref", logicalId(jita.aliases().get("revoke"))));
        String fromFile = substitute(Files.readString(Synth.WORKFLOW), expected);

        JsonNode deployedJson = JSON.readTree(deployed);
        assertEquals(JSON.readTree(fromFile), deployedJson);
        assertEquals("{\"Ref\":\"" + logicalId(jita.aliases().get("notify")) + "\"}",
                deployedJson.at("/States/AwaitApproval/Parameters/FunctionName").asText());
    }

    @Test
    void tables_shouldBeDeclaredFromTables_onDemand_withPitrDeletionProtectionAndEncryption() {
        template.allResourcesProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "BillingMode", "PAY_PER_REQUEST",
                "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                "DeletionProtectionEnabled", true,
                "SSESpecification", Map.of("SSEEnabled", true))));
        template.allResources("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain")));
        for (TableDef def : List.of(Tables.requests("x"), Tables.audit("x"), Tables.idempotency("x"))) {
            List<Object> keys = new ArrayList<>();
            keys.add(Map.of("AttributeName", def.partitionKey().name(), "KeyType", "HASH"));
            def.sortKeyIfAny().ifPresent(k -> keys.add(Map.of("AttributeName", k.name(), "KeyType", "RANGE")));
            Map<String, Object> props = new LinkedHashMap<>();
            props.put("KeySchema", keys);
            props.put("AttributeDefinitions", Match.arrayEquals(def.keyAttributes().stream()
                    .map(k -> (Object) Map.of("AttributeName", k.name(), "AttributeType", k.type().code())).toList()));
            if (!def.indexes().isEmpty()) {
                props.put("GlobalSecondaryIndexes", def.indexes().stream().map(i -> (Object) Match.objectLike(Map.of(
                        "IndexName", i.name(), "Projection", Map.of("ProjectionType", "ALL")))).toList());
            }
            def.timeToLiveIfAny().ifPresent(ttl -> props.put("TimeToLiveSpecification",
                    Map.of("AttributeName", ttl, "Enabled", true)));
            template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(props));
        }
    }

    @Test
    void linkKey_shouldBeAnHmac256KeyForGenerateAndVerifyMac() {
        template.hasResource("AWS::KMS::Key", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of("KeySpec", "HMAC_256", "KeyUsage", "GENERATE_VERIFY_MAC")),
                "DeletionPolicy", "Retain")));
    }

    @Test
    void alarms_shouldWatchRevokeFailedFailedExecutionsErrorsAndDeadLetters_andNotifyTheTopic() {
        Map<String, Object> toTopic = Map.of("AlarmActions", List.of(Map.of("Ref", logicalId(
                jita.getNode().findChild("AlarmTopic")))));
        template.allResourcesProperties("AWS::CloudWatch::Alarm", Match.objectLike(toTopic));
        for (String service : List.of("revoke", "sweeper")) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "Namespace", "jita", "MetricName", "RevokeFailed",
                    "Dimensions", List.of(Map.of("Name", "Service", "Value", service)),
                    "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold")));
        }
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/States", "MetricName", "ExecutionsFailed")));
        for (String id : ALL_FUNCTIONS) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "Namespace", "AWS/Lambda", "MetricName", "Errors",
                    "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(jita.functions().get(id)))))));
        }
        template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible")), 2);
    }

    // ------------------------------------------------------------------ least privilege

    @Test
    void grantAndRevoke_shouldTouchOnlyRolePoliciesOfRolesUnderTheEligiblePath() {
        Object roles = Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":iam::" + Synth.ACCOUNT + ":role/jita/*")));
        hasStatement("grant", Map.of("Effect", "Allow", "Resource", roles, "Action", List.of("iam:PutRolePolicy",
                "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies", "iam:GetRole")));
        hasStatement("revoke", Map.of("Effect", "Allow", "Resource", roles, "Action", "iam:DeleteRolePolicy"));
        // Intake's early revoke and the incident function's revoke-on-resolve run the same RevokeService.
        hasStatement("intake", Map.of("Effect", "Allow", "Resource", roles, "Action", "iam:DeleteRolePolicy"));
        hasStatement("incident", Map.of("Effect", "Allow", "Resource", roles, "Action", "iam:DeleteRolePolicy"));
        hasStatement("sweeper", Map.of("Effect", "Allow", "Resource", roles, "Action", List.of("iam:ListRoles",
                "iam:ListRolePolicies", "iam:GetRolePolicy", "iam:DeleteRolePolicy")));
        for (String id : ALL_FUNCTIONS) {
            // No IAM action on anything but the eligible path, in any function's policy.
            assertNoStatement(id, Map.of("Action", anyAction("iam:.*"), "Resource", Match.not(roles)));
        }
        for (String id : List.of("notify", "approval")) {
            assertNoStatement(id, Map.of("Action", anyAction("iam:.*")));
        }
        for (String id : ALL_FUNCTIONS) {
            if (!id.equals("grant")) {
                assertNoStatement(id, Map.of("Action", anyAction("iam:(PutRolePolicy|GetRole)")));
            }
        }
    }

    @Test
    void auditTable_shouldBeAppendOnly_forEveryFunction() {
        Map<String, Object> auditArn = Map.of("Fn::GetAtt", List.of(logicalId(jita.auditTable()), "Arn"));
        for (String id : ALL_FUNCTIONS) {
            hasStatement(id, Map.of("Effect", "Allow", "Action", "dynamodb:PutItem", "Resource", auditArn));
            for (Object resource : List.of(auditArn, Match.arrayWith(List.of(auditArn)))) {
                assertNoStatement(id, Map.of("Action", anyAction(
                        "dynamodb:(UpdateItem|DeleteItem|BatchWriteItem|PartiQL.*|\\*)"), "Resource", resource));
            }
        }
        // The requests table does take the store's transactional updates.
        hasStatement("grant", Map.of("Effect", "Allow", "Action", List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
                "dynamodb:ConditionCheckItem"), "Resource", Map.of("Fn::GetAtt",
                List.of(logicalId(jita.requestsTable()), "Arn"))));
    }

    @Test
    void taskAnswers_shouldComeOnlyFromTheFunctionsThatDecideOrCancel_onThisStateMachineOnly() {
        Object arn = stateMachineArn();
        // Approve or deny: the approval function (and the incident function's auto-approval).
        Set<String> answer = Set.of("approval", "incident");
        // Cancel only (SendTaskFailure(Cancelled)): intake's cancel route, notify when it finds the request cancelled.
        Set<String> cancel = Set.of("intake", "notify");
        for (String id : ALL_FUNCTIONS) {
            if (answer.contains(id)) {
                hasStatement(id, Map.of("Effect", "Allow", "Resource", arn,
                        "Action", List.of("states:SendTaskSuccess", "states:SendTaskFailure")));
            } else {
                assertNoStatement(id, Map.of("Action", anyAction("states:SendTaskSuccess")));
            }
            if (cancel.contains(id)) {
                hasStatement(id, Map.of("Effect", "Allow", "Resource", arn, "Action", "states:SendTaskFailure"));
            }
            if (!answer.contains(id) && !cancel.contains(id)) {
                assertNoStatement(id, Map.of("Action", anyAction("states:SendTask.*")));
            }
            assertNoStatement(id, Map.of("Action", anyAction("states:.*"), "Resource", Match.not(arn)));
        }
        hasStatement("intake", Map.of("Effect", "Allow", "Resource", arn, "Action", "states:StartExecution"));
        for (String id : ALL_FUNCTIONS) {
            if (!id.equals("intake")) {
                assertNoStatement(id, Map.of("Action", anyAction("states:StartExecution")));
            }
        }
    }

    @Test
    void macs_shouldBeGeneratedOnlyByNotifyAndApproval_andVerifiedOnlyByApproval() {
        Map<String, Object> key = Map.of("Fn::GetAtt", List.of(logicalId(jita.linkKey()), "Arn"));
        hasStatement("notify", Map.of("Effect", "Allow", "Action", "kms:GenerateMac", "Resource", key));
        // Approval also generates: the confirm page's CSRF token is a MAC under the link key (CsrfTokens).
        hasStatement("approval", Map.of("Effect", "Allow", "Action", List.of("kms:GenerateMac", "kms:VerifyMac"),
                "Resource", key));
        for (String id : ALL_FUNCTIONS) {
            if (!id.equals("notify") && !id.equals("approval")) {
                assertNoStatement(id, Map.of("Action", anyAction("kms:GenerateMac")));
            }
            if (!id.equals("approval")) {
                assertNoStatement(id, Map.of("Action", anyAction("kms:VerifyMac")));
            }
            assertNoStatement(id, Map.of("Action", anyAction("kms:(?!GenerateMac|VerifyMac).*")));
        }
    }

    @Test
    void functionPolicies_shouldNameEveryAction_neverAWildcard() {
        for (String id : ALL_FUNCTIONS) {
            assertNoStatement(id, Map.of("Action", anyAction(".*\\*.*")));
            assertNoStatement(id, Map.of("NotAction", Match.anyValue()));
            assertNoStatement(id, Map.of("Effect", "Allow", "Action", anyAction("(sts|organizations):.*")));
        }
        // The matcher can fail: the state machine's own policy does hold Resource * (X-Ray, log delivery).
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Roles", List.of(ref(jita.stateMachine().getRole())),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Resource", "*", "Action",
                                Match.arrayWith(List.of("xray:PutTraceSegments")))))))))));
    }

    @Test
    void notify_shouldSendMailOnlyFromTheSender_andReadOnlyItsWebhookSecret() {
        hasStatement("notify", Map.of("Effect", "Allow", "Action", "ses:SendEmail",
                "Condition", Map.of("StringEquals", Map.of("ses:FromAddress", "jita@example.com")),
                "Resource", Match.anyValue()));
        hasStatement("notify", Map.of("Effect", "Allow", "Action", "secretsmanager:GetSecretValue",
                "Resource", Map.of("Ref", logicalId(jita.getNode().findChild("SlackWebhooks")))));
        for (String id : ALL_FUNCTIONS) {
            if (!id.equals("notify")) {
                assertNoStatement(id, Map.of("Action", anyAction("(ses|secretsmanager):.*")));
            }
        }
    }

    // ------------------------------------------------------------------ cdk-nag

    @Test
    void cdkNag_shouldReportNoUnsuppressedError() {
        List<?> errors = Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertEquals(List.of(), errors.stream().map(Object::toString).toList());
    }

    @Test
    void cdkNag_suppressions_shouldEachCarryAWrittenReason() {
        Matcher reasoned = Match.objectLike(Map.of("id", Match.stringLikeRegexp("AwsSolutions-.*"),
                "reason", Match.stringLikeRegexp("^\\S.{30,}$")));
        template.hasResource("AWS::IAM::Policy", Match.objectLike(Map.of("Metadata", Map.of("cdk_nag",
                Map.of("rules_to_suppress", Match.arrayWith(List.of(reasoned)))))));
        // Every resource that suppresses anything gives a reason of a sentence for each rule it suppresses.
        for (String type : List.of("AWS::IAM::Policy", "AWS::Lambda::Function", "AWS::ApiGateway::Method",
                "AWS::ApiGateway::RestApi", "AWS::SQS::Queue", "AWS::SecretsManager::Secret")) {
            template.allResources(type, Match.objectLike(Map.of("Metadata", Map.of("cdk_nag", Map.of(
                    "rules_to_suppress", Match.not(Match.arrayWith(List.of(Match.objectLike(Map.of(
                            "reason", Match.stringLikeRegexp("^.{0,30}$")))))))))));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Object stateMachineArn() {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":states:" + Synth.REGION + ":" + Synth.ACCOUNT + ":stateMachine:" + jita.stateMachineName())));
    }

    private static String jitaHandler(String id) {
        return "dev.jita.handlers." + Character.toUpperCase(id.charAt(0)) + id.substring(1) + "Function";
    }

    private static Matcher invokes(String function) {
        // Uri = arn:...:apigateway:REGION:lambda:path/2015-03-31/functions/<alias ARN>/invocations
        return Match.objectLike(Map.of("Type", "AWS_PROXY", "Uri", Match.objectLike(Map.of("Fn::Join",
                Match.arrayWith(List.of(Match.arrayWith(List.of(Map.of("Ref",
                        logicalId(jita.aliases().get(function)))))))))));
    }

    /** A statement's Action, whether CloudFormation holds it as one string or as a list. */
    private static OneOf anyAction(String regex) {
        return new OneOf(Match.stringLikeRegexp("^" + regex + "$"),
                Match.arrayWith(List.of(Match.stringLikeRegexp("^" + regex + "$"))));
    }

    private static void hasStatement(String function, Map<String, Object> statement) {
        template.hasResourceProperties("AWS::IAM::Policy", policyOf(function, Match.objectEquals(statement)));
    }

    private static void assertNoStatement(String function, Map<String, Object> statement) {
        Map<String, Object> plain = new LinkedHashMap<>(statement);
        List<Map<String, Object>> variants = new ArrayList<>();
        variants.add(plain);
        if (plain.get("Action") instanceof OneOf oneOf) {
            for (Matcher m : oneOf.matchers) {
                Map<String, Object> v = new LinkedHashMap<>(plain);
                v.put("Action", m);
                variants.add(v);
            }
            variants.remove(0);
        }
        for (Map<String, Object> v : variants) {
            template.resourcePropertiesCountIs("AWS::IAM::Policy", policyOf(function, Match.objectLike(v)), 0);
        }
    }

    private static Matcher policyOf(String function, Matcher statement) {
        return Match.objectLike(Map.of(
                "Roles", List.of(ref(jita.roles().get(function))),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(statement))))));
    }

    /** Two matchers for one place (an Action is a string or a list); assertNoStatement checks each alone. */
    private record OneOf(List<Matcher> matchers) {
        OneOf(Matcher a, Matcher b) {
            this(List.of(a, b));
        }
    }

    private static Map<String, Object> ref(IConstruct construct) {
        return Map.of("Ref", logicalId(construct));
    }

    static String logicalId(IConstruct construct) {
        IConstruct element = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        return stack.getLogicalId((CfnElement) element);
    }

    /** ${Name} replaced by the JSON text of its value: what CloudFormation's DefinitionSubstitutions do. */
    private static String substitute(String text, Map<String, Object> values) throws Exception {
        String out = text;
        for (Map.Entry<String, Object> e : values.entrySet()) {
            out = out.replace("${" + e.getKey() + "}", JSON.writeValueAsString(e.getValue()).replace("\"", "\\\""));
        }
        assertTrue(!out.contains("${"), "a placeholder was left unsubstituted");
        return out;
    }
}
