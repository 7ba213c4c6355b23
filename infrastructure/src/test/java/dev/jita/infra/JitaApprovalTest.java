package dev.jita.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.JitaConfig;
import dev.jita.approvals.ApprovalsConfig;
import dev.jita.handlers.ApiRoutes;
import dev.jita.http.RouteTemplate;
import dev.jita.iam.TargetConfig;
import dev.jita.incidents.IncidentConfig;
import dev.jita.incidents.IncidentEvents;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import dev.jita.sweeper.SweeperConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import software.amazon.awscdk.services.apigateway.IResource;
import software.constructs.IConstruct;

/**
 * The whole construct, every function enabled, synthesized once in-process (cdk-nag applied) against a stand-in
 * functions jar: what it creates, and above all what each function may do.
 */
class JitaApprovalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_FUNCTIONS =
            List.of("intake", "notify", "approval", "grant", "revoke", "incident", "sweeper", "activity");

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
        int functions = ALL_FUNCTIONS.size() + 1; // + export
        template.resourceCountIs("AWS::Lambda::Function", functions);
        template.resourceCountIs("AWS::Lambda::Version", functions);
        template.resourceCountIs("AWS::Lambda::Alias", functions);
        template.resourceCountIs("AWS::IAM::Role", functions + 1); // + the state machine's
        template.resourceCountIs("AWS::Logs::LogGroup", functions + 2); // + workflow, API access logs
        template.resourceCountIs("AWS::Lambda::LayerVersion", 1);
        template.resourceCountIs("AWS::DynamoDB::Table", 4); // requests, audit, idempotency, incidents
        template.resourceCountIs("AWS::StepFunctions::StateMachine", 1);
        template.resourceCountIs("AWS::ApiGateway::RestApi", 1);
        template.resourceCountIs("AWS::ApiGateway::Stage", 1);
        template.resourceCountIs("AWS::ApiGateway::Method", 10);
        template.resourceCountIs("AWS::KMS::Key", 3); // links, audit MACs, alarm topic
        template.resourceCountIs("AWS::SecretsManager::Secret", 1);
        // one per incident source, the sweeper schedule, the target accounts' CloudTrail calls
        template.resourceCountIs("AWS::Events::Rule", 4 + 1 + 1);
        template.resourceCountIs("AWS::SQS::Queue", 4); // incident, sweeper, activity and export dead letters
        template.resourceCountIs("AWS::S3::Bucket", 1); // the audit export
        template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1); // the audit stream into the export
        template.resourceCountIs("AWS::Lambda::EventInvokeConfig", 3); // incident, sweeper, activity, on their aliases
        template.resourceCountIs("AWS::Logs::MetricFilter", 1); // the sweeper's ERROR lines
        template.resourceCountIs("AWS::SNS::Topic", 1);
        // RevokeFailed, failed executions, one per function's Errors, one per queue, the sweeper's failures, the
        // export's lag.
        template.resourceCountIs("AWS::CloudWatch::Alarm", 1 + 1 + functions + 4 + 1 + 1);
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
        for (String id : List.of("intake", "notify", "approval", "incident", "sweeper")) {
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

    /** The functions' declaration of the API (which the functions' own ApiRoutesTest holds them to), method by method. */
    @Test
    void api_shouldHaveExactlyTheMethodsOfApiRoutes_withTheirAuthAndFunction() {
        template.resourceCountIs("AWS::ApiGateway::Method", ApiRoutes.ALL.size());
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            IResource resource = jita.api().getRoot();
            for (String part : RouteTemplate.segments(route.template())) {
                resource = resource.getResource(part);
                assertNotNull(resource, "no API resource " + route.template());
            }
            template.hasResourceProperties("AWS::ApiGateway::Method", Match.objectLike(Map.of(
                    "HttpMethod", route.method(),
                    "AuthorizationType", route.auth() == ApiRoutes.Auth.IAM ? "AWS_IAM" : "NONE",
                    "ResourceId", Map.of("Ref", logicalId(resource)),
                    "Integration", invokes(route.function()))));
        }
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
        for (TableDef def : List.of(Tables.requests("x"), Tables.audit("x"), Tables.idempotency("x"),
                Tables.incidents("x"))) {
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
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "jita", "MetricName", "RevokeFailed",
                "Dimensions", List.of(Map.of("Name", "Service", "Value", "revoke")),
                "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold")));
        // The sweeper never counts RevokeFailed (it retries failed revokes): an alarm on it could never fire.
        template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "MetricName", "RevokeFailed", "Dimensions", List.of(Map.of("Name", "Service", "Value", "sweeper")))), 0);
        // Instead: the ERROR lines the sweeper writes for what it could not do, counted by a metric filter.
        template.hasResourceProperties("AWS::Logs::MetricFilter", Map.of(
                "LogGroupName", ref(jita.getNode().findChild("SweeperLogs")),
                "FilterPattern", "{ $.level = \"ERROR\" }",
                "MetricTransformations", List.of(Map.of("MetricNamespace", "jita", "MetricName", "SweeperFailures",
                        "MetricValue", "1", "DefaultValue", 0))));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "jita", "MetricName", "SweeperFailures", "Statistic", "Sum",
                "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold")));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/States", "MetricName", "ExecutionsFailed")));
        for (String id : ALL_FUNCTIONS) {
            template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                    "Namespace", "AWS/Lambda", "MetricName", "Errors",
                    "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(jita.functions().get(id)))))));
        }
        template.resourcePropertiesCountIs("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible")), 4);
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
        hasStatement("sweeper", Map.of("Effect", "Allow", "Resource", roles, "Action", List.of(
                "iam:ListRolePolicies", "iam:DeleteRolePolicy")));
        // IAM authorizes ListRoles only on Resource *; it lists, it changes nothing, and only the sweeper has it.
        hasStatement("sweeper", Map.of("Effect", "Allow", "Resource", "*", "Action", "iam:ListRoles"));
        for (String id : ALL_FUNCTIONS) {
            // No other IAM action on anything but the eligible path, in any function's policy.
            assertNoStatement(id, Map.of("Action", anyAction("iam:(?!ListRoles$).*"), "Resource", Match.not(roles)));
            if (!id.equals("sweeper")) {
                assertNoStatement(id, Map.of("Action", anyAction("iam:ListRoles")));
            }
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
        // Approve or deny: the approval function alone.
        Set<String> answer = Set.of("approval");
        // Approve only: the incident function's auto-approval.
        hasStatement("incident", Map.of("Effect", "Allow", "Resource", arn, "Action", "states:SendTaskSuccess"));
        assertNoStatement("incident", Map.of("Action", anyAction("states:SendTaskFailure")));
        // Cancel only (SendTaskFailure(Cancelled)): intake's cancel route, notify when it finds the request cancelled.
        Set<String> cancel = Set.of("intake", "notify");
        for (String id : ALL_FUNCTIONS) {
            if (answer.contains(id)) {
                hasStatement(id, Map.of("Effect", "Allow", "Resource", arn,
                        "Action", List.of("states:SendTaskSuccess", "states:SendTaskFailure")));
            } else if (!id.equals("incident")) {
                assertNoStatement(id, Map.of("Action", anyAction("states:SendTaskSuccess")));
            }
            if (cancel.contains(id)) {
                hasStatement(id, Map.of("Effect", "Allow", "Resource", arn, "Action", "states:SendTaskFailure"));
            }
            if (!answer.contains(id) && !cancel.contains(id) && !id.equals("incident")) {
                assertNoStatement(id, Map.of("Action", anyAction("states:SendTask.*")));
            }
            // Off the state machine's own ARN: only the sweeper's DescribeExecution, on its executions alone.
            String offMachine = id.equals("sweeper") ? "states:(?!DescribeExecution$).*" : "states:.*";
            assertNoStatement(id, Map.of("Action", anyAction(offMachine), "Resource", Match.not(arn)));
            if (!id.equals("sweeper")) {
                assertNoStatement(id, Map.of("Action", anyAction("states:DescribeExecution")));
            }
        }
        hasStatement("sweeper", Map.of("Effect", "Allow", "Resource", executionsArn(),
                "Action", "states:DescribeExecution"));
        // Starting: intake, and the sweeper restarting a request whose workflow was lost.
        hasStatement("intake", Map.of("Effect", "Allow", "Resource", arn, "Action", "states:StartExecution"));
        hasStatement("sweeper", Map.of("Effect", "Allow", "Resource", arn, "Action", "states:StartExecution"));
        for (String id : ALL_FUNCTIONS) {
            if (!id.equals("intake") && !id.equals("sweeper")) {
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
                assertNoStatement(id, Map.of("Action", anyAction("kms:GenerateMac"), "Resource", key));
            }
            if (!id.equals("approval")) {
                assertNoStatement(id, Map.of("Action", anyAction("kms:VerifyMac"), "Resource", key));
            }
            assertNoStatement(id, Map.of("Action", anyAction("kms:(?!GenerateMac|VerifyMac).*")));
        }
    }

    @Test
    void auditKey_shouldBeAnHmac256KeyOfItsOwn_generatingForEveryWriter_verifyingForIntakeOnly() {
        Object auditKey = getAtt(jita.auditKey());
        assertNotEquals(getAtt(jita.linkKey()), auditKey);
        template.resourcePropertiesCountIs("AWS::KMS::Key", Match.objectLike(Map.of(
                "KeySpec", "HMAC_256", "KeyUsage", "GENERATE_VERIFY_MAC")), 2);
        template.hasResource("AWS::KMS::Key", Match.objectLike(Map.of("DeletionPolicy", "Retain",
                "Properties", Match.objectLike(Map.of("Description", Match.stringLikeRegexp("audit"))))));
        for (String id : ALL_FUNCTIONS) {
            // Every function appends audit entries, so every one signs them: GenerateMac alone on the audit key.
            hasStatement(id, Map.of("Effect", "Allow", "Action", "kms:GenerateMac", "Resource", auditKey));
            assertEquals(auditKey, environmentOf(id).get("JITA_AUDIT_KEY_ID"), id);
            // Only the function serving GET /audit/verify may VerifyMac with it.
            if (id.equals("intake")) {
                hasStatement(id, Map.of("Effect", "Allow", "Action", "kms:VerifyMac", "Resource", auditKey));
            } else {
                assertNoStatement(id, Map.of("Action", anyAction("kms:VerifyMac"), "Resource", auditKey));
            }
        }
    }

    @Test
    void functionPolicies_shouldNameEveryAction_neverAWildcard() {
        for (String id : ALL_FUNCTIONS) {
            assertNoStatement(id, Map.of("Action", anyAction(".*\\*.*")));
            assertNoStatement(id, Map.of("NotAction", Match.anyValue()));
            assertNoStatement(id, Map.of("Effect", "Allow", "Action", anyAction("organizations:.*")));
            // STS only to assume jita's own target role (assumeRole_shouldName...).
            assertNoStatement(id, Map.of("Effect", "Allow", "Action", anyAction("sts:.*"),
                    "Resource", Match.not(targetRoles())));
        }
        // The matcher can fail: the state machine's own policy does hold Resource * (X-Ray, log delivery).
        template.hasResourceProperties("AWS::IAM::Policy", Match.objectLike(Map.of(
                "Roles", List.of(ref(jita.stateMachine().getRole())),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(
                        Match.objectLike(Map.of("Resource", "*", "Action",
                                Match.arrayWith(List.of("xray:PutTraceSegments")))))))))));
    }

    @Test
    void notifiers_shouldSendMailOnlyFromTheSender_andReadOnlyTheWebhookSecret() {
        // Notify sends the links; the incident function tells a break-glass rule's approvers, the activity function
        // those who opted in of a grant's first use (no links).
        List<String> senders = List.of("notify", "incident", "activity");
        for (String id : senders) {
            hasStatement(id, Map.of("Effect", "Allow", "Action", "ses:SendEmail",
                    "Condition", Map.of("StringEquals", Map.of("ses:FromAddress", "jita@example.com")),
                    "Resource", Match.anyValue()));
            hasStatement(id, Map.of("Effect", "Allow", "Action", "secretsmanager:GetSecretValue",
                    "Resource", Map.of("Ref", logicalId(jita.getNode().findChild("SlackWebhooks")))));
        }
        for (String id : ALL_FUNCTIONS) {
            if (!senders.contains(id)) {
                assertNoStatement(id, Map.of("Action", anyAction("(ses|secretsmanager):.*")));
            }
        }
    }

    // ------------------------------------------------------------------ incidents and sweeper

    @Test
    void incidentFunction_shouldHoldExactlyTheStatementsItsCodeUses() {
        // IncidentRecords: GetItem, UpdateItem; RequestStore: GetItem, Query byRequester, transactions; WorkflowHandoff:
        // SendTaskSuccess; RevokeService: DeleteRolePolicy in the jita account; LambdaRevoker: Invoke of the revoke
        // function for any other; Notifiers.forAws: SES and the webhook secret.
        assertEquals(Set.copyOf(List.of(
                        json(Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", getAtt(jita.getNode().findChild("IncidentLogs")))),
                        json(Map.of("Effect", "Allow", "Action", "sqs:SendMessage",
                                "Resource", getAtt(jita.getNode().findChild("IncidentDeadLetters")))),
                        json(Map.of("Effect", "Allow", "Action", List.of("xray:PutTraceSegments",
                                "xray:PutTelemetryRecords"), "Resource", "*")),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:Query"),
                                "Resource", List.of(getAtt(jita.requestsTable()), indexes(jita.requestsTable())))),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
                                "dynamodb:ConditionCheckItem"), "Resource", getAtt(jita.requestsTable()))),
                        json(Map.of("Effect", "Allow", "Action", "dynamodb:PutItem",
                                "Resource", getAtt(jita.auditTable()))),
                        json(Map.of("Effect", "Allow", "Action", "kms:GenerateMac",
                                "Resource", getAtt(jita.auditKey()))),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                                "Resource", getAtt(jita.incidentsTable().orElseThrow()))),
                        json(Map.of("Effect", "Allow", "Action", "states:SendTaskSuccess",
                                "Resource", stateMachineArn())),
                        json(Map.of("Effect", "Allow", "Action", "iam:DeleteRolePolicy", "Resource", eligibleRoles())),
                        json(Map.of("Effect", "Allow", "Action", "lambda:InvokeFunction",
                                "Resource", ref(jita.aliases().get("revoke")))),
                        json(Map.of("Effect", "Allow", "Action", "ses:SendEmail",
                                "Condition", Map.of("StringEquals", Map.of("ses:FromAddress", "jita@example.com")),
                                "Resource", List.of(partitionArn(":ses:" + Synth.REGION + ":" + Synth.ACCOUNT
                                                + ":identity/jita@example.com"),
                                        partitionArn(":ses:" + Synth.REGION + ":" + Synth.ACCOUNT
                                                + ":identity/example.com")))),
                        json(Map.of("Effect", "Allow", "Action", "secretsmanager:GetSecretValue",
                                "Resource", ref(jita.getNode().findChild("SlackWebhooks")))))),
                statementsOf("incident"));
    }

    @Test
    void sweeper_shouldHoldExactlyTheStatementsItsCodeUses() {
        // Sweeper: windowEndedBefore and createdBefore (Query byStatusNotAfter, byStatusCreatedAt), find and
        // workflowRestarts (GetItem), appendEvent, recordRestart and RevokeService (transactions: requests
        // Update/ConditionCheck, audit Put), DescribeExecution and StartExecution to restart a lost workflow,
        // ListRoles, ListRolePolicies, DeleteRolePolicy.
        assertEquals(Set.copyOf(List.of(
                        json(Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", getAtt(jita.getNode().findChild("SweeperLogs")))),
                        json(Map.of("Effect", "Allow", "Action", "sqs:SendMessage",
                                "Resource", getAtt(jita.getNode().findChild("SweeperDeadLetters")))),
                        json(Map.of("Effect", "Allow", "Action", List.of("xray:PutTraceSegments",
                                "xray:PutTelemetryRecords"), "Resource", "*")),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:Query"),
                                "Resource", List.of(getAtt(jita.requestsTable()), indexes(jita.requestsTable())))),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
                                "dynamodb:ConditionCheckItem"), "Resource", getAtt(jita.requestsTable()))),
                        json(Map.of("Effect", "Allow", "Action", "dynamodb:PutItem",
                                "Resource", getAtt(jita.auditTable()))),
                        json(Map.of("Effect", "Allow", "Action", "kms:GenerateMac",
                                "Resource", getAtt(jita.auditKey()))),
                        json(Map.of("Effect", "Allow", "Action", "states:StartExecution",
                                "Resource", stateMachineArn())),
                        json(Map.of("Effect", "Allow", "Action", "states:DescribeExecution",
                                "Resource", executionsArn())),
                        json(Map.of("Effect", "Allow", "Action", "iam:ListRoles", "Resource", "*")),
                        json(Map.of("Effect", "Allow", "Action", List.of("iam:ListRolePolicies",
                                "iam:DeleteRolePolicy"), "Resource", eligibleRoles())),
                        json(Map.of("Effect", "Allow", "Action", "sts:AssumeRole", "Resource", targetRoles())))),
                statementsOf("sweeper"));
    }

    @Test
    void intake_shouldHoldExactlyTheStatementsItsCodeUses() {
        // RequestStore: GetItem, Query (byRequester, byStatus...), transactions; AuditLog: GetItem, Query, PutItem;
        // audit MACs: GenerateMac as entries are appended, VerifyMac for GET /audit/verify;
        // IdempotencyStore: PutItem; SfnWorkflow: StartExecution, SendTaskFailure (cancel); RevokeService:
        // DeleteRolePolicy in the jita account; LambdaRevoker: Invoke of the revoke function for any other;
        // S3ExportStore: ListObjectsV2 and GetObject under audit/.
        assertEquals(Set.copyOf(List.of(
                        json(Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", getAtt(jita.getNode().findChild("IntakeLogs")))),
                        json(Map.of("Effect", "Allow", "Action", List.of("xray:PutTraceSegments",
                                "xray:PutTelemetryRecords"), "Resource", "*")),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:Query"),
                                "Resource", List.of(getAtt(jita.requestsTable()), indexes(jita.requestsTable())))),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
                                "dynamodb:ConditionCheckItem"), "Resource", getAtt(jita.requestsTable()))),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:Query"),
                                "Resource", List.of(getAtt(jita.auditTable()), indexes(jita.auditTable())))),
                        json(Map.of("Effect", "Allow", "Action", "kms:VerifyMac",
                                "Resource", getAtt(jita.auditKey()))),
                        json(Map.of("Effect", "Allow", "Action", "dynamodb:PutItem",
                                "Resource", getAtt(jita.auditTable()))),
                        json(Map.of("Effect", "Allow", "Action", "kms:GenerateMac",
                                "Resource", getAtt(jita.auditKey()))),
                        json(Map.of("Effect", "Allow", "Action", "dynamodb:PutItem",
                                "Resource", getAtt(jita.idempotencyTable()))),
                        json(Map.of("Effect", "Allow", "Action", "states:StartExecution",
                                "Resource", stateMachineArn())),
                        json(Map.of("Effect", "Allow", "Action", "states:SendTaskFailure",
                                "Resource", stateMachineArn())),
                        json(Map.of("Effect", "Allow", "Action", "iam:DeleteRolePolicy", "Resource", eligibleRoles())),
                        json(Map.of("Effect", "Allow", "Action", "lambda:InvokeFunction",
                                "Resource", ref(jita.aliases().get("revoke")))),
                        // GET /audit/verify?source=export: reads the export bucket's audit/ prefix alone.
                        json(Map.of("Effect", "Allow", "Action", "s3:GetObject",
                                "Resource", exportObjects())),
                        json(Map.of("Effect", "Allow", "Action", "s3:ListBucket",
                                "Condition", Map.of("StringLike", Map.of("s3:prefix", "audit/*")),
                                "Resource", getAtt(jita.auditExportBucket()))))),
                statementsOf("intake"));
    }

    @Test
    void grant_shouldHoldExactlyTheStatementsItsCodeUses() {
        // GrantService: GetRole, ListRolePolicies, GetRolePolicy, PutRolePolicy (DeleteRolePolicy undoes a policy
        // over the size limit); RequestStore: GetItem, transactions; AssumeRole into a target account.
        assertEquals(Set.copyOf(List.of(
                        json(Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", getAtt(jita.getNode().findChild("GrantLogs")))),
                        json(Map.of("Effect", "Allow", "Action", List.of("xray:PutTraceSegments",
                                "xray:PutTelemetryRecords"), "Resource", "*")),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:Query"),
                                "Resource", List.of(getAtt(jita.requestsTable()), indexes(jita.requestsTable())))),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
                                "dynamodb:ConditionCheckItem"), "Resource", getAtt(jita.requestsTable()))),
                        json(Map.of("Effect", "Allow", "Action", "dynamodb:PutItem",
                                "Resource", getAtt(jita.auditTable()))),
                        json(Map.of("Effect", "Allow", "Action", "kms:GenerateMac",
                                "Resource", getAtt(jita.auditKey()))),
                        json(Map.of("Effect", "Allow", "Action", List.of("iam:PutRolePolicy", "iam:GetRolePolicy",
                                "iam:DeleteRolePolicy", "iam:ListRolePolicies", "iam:GetRole"),
                                "Resource", eligibleRoles())),
                        json(Map.of("Effect", "Allow", "Action", "sts:AssumeRole", "Resource", targetRoles())))),
                statementsOf("grant"));
    }

    @Test
    void revoke_shouldHoldExactlyTheStatementsItsCodeUses() {
        // RevokeService: DeleteRolePolicy; RequestStore: GetItem, transactions; AssumeRole into a target account.
        assertEquals(Set.copyOf(List.of(
                        json(Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", getAtt(jita.getNode().findChild("RevokeLogs")))),
                        json(Map.of("Effect", "Allow", "Action", List.of("xray:PutTraceSegments",
                                "xray:PutTelemetryRecords"), "Resource", "*")),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:Query"),
                                "Resource", List.of(getAtt(jita.requestsTable()), indexes(jita.requestsTable())))),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:PutItem", "dynamodb:UpdateItem",
                                "dynamodb:ConditionCheckItem"), "Resource", getAtt(jita.requestsTable()))),
                        json(Map.of("Effect", "Allow", "Action", "dynamodb:PutItem",
                                "Resource", getAtt(jita.auditTable()))),
                        json(Map.of("Effect", "Allow", "Action", "kms:GenerateMac",
                                "Resource", getAtt(jita.auditKey()))),
                        json(Map.of("Effect", "Allow", "Action", "iam:DeleteRolePolicy", "Resource", eligibleRoles())),
                        json(Map.of("Effect", "Allow", "Action", "sts:AssumeRole", "Resource", targetRoles())))),
                statementsOf("revoke"));
    }

    // ------------------------------------------------------------------ target accounts

    @Test
    void assumeRole_shouldNameOnlyJitasTargetRole_andOnlyForGrantRevokeAndSweeper() {
        // arn:<partition>:iam::*:role/jita-system/jita-target: any account, but only the role named as jita's target
        // role, never one under the eligible path (JitaTargetTest proves the target role lies outside it).
        for (String id : ALL_FUNCTIONS) {
            if (List.of("grant", "revoke", "sweeper").contains(id)) {
                hasStatement(id, Map.of("Effect", "Allow", "Action", "sts:AssumeRole", "Resource", targetRoles()));
                assertNoStatement(id, Map.of("Action", anyAction("sts:(?!AssumeRole$).*")));
                assertNoStatement(id, Map.of("Action", anyAction("sts:.*"), "Resource", Match.not(targetRoles())));
                assertNoStatement(id, Map.of("Action", anyAction("sts:.*"), "Condition", Match.anyValue()));
            } else {
                assertNoStatement(id, Map.of("Action", anyAction("sts:.*")));
            }
        }
    }

    @Test
    void environment_shouldTellGrantRevokeAndSweeperTheHomeAccountTheTargetsAndTheTargetRole() {
        for (String id : ALL_FUNCTIONS) {
            Map<String, Object> env = environmentOf(id);
            if (List.of("grant", "revoke", "sweeper").contains(id)) {
                assertEquals(Synth.ACCOUNT, env.get("JITA_HOME_ACCOUNT"), id);
                assertEquals(String.join(",", Synth.TARGET_ACCOUNTS), env.get("JITA_TARGET_ACCOUNTS"), id);
                assertEquals("jita-target", env.get("JITA_TARGET_ROLE_NAME"), id);
                assertEquals("/jita-system/", env.get("JITA_TARGET_ROLE_PATH"), id);
            } else {
                for (String absent : List.of("JITA_TARGET_ACCOUNTS", "JITA_TARGET_ROLE_NAME",
                        "JITA_TARGET_ROLE_PATH")) {
                    assertTrue(!env.containsKey(absent), id + " " + absent);
                }
            }
            // The home account tells intake and incident which requests they revoke themselves.
            assertEquals(!List.of("notify", "approval", "activity").contains(id), env.containsKey("JITA_HOME_ACCOUNT"),
                    id);
        }
    }

    @Test
    void revokeFunction_shouldBeInvokedOnlyByIntakeAndIncident_onItsLiveAliasAlone_neverWithAssumeRole() {
        Object revokeAlias = ref(jita.aliases().get("revoke"));
        for (String id : ALL_FUNCTIONS) {
            Map<String, Object> env = environmentOf(id);
            if (List.of("intake", "incident").contains(id)) {
                hasStatement(id, Map.of("Effect", "Allow", "Action", "lambda:InvokeFunction", "Resource", revokeAlias));
                assertEquals(revokeAlias, env.get("JITA_REVOKE_FUNCTION"), id);
                assertEquals(Synth.ACCOUNT, env.get("JITA_HOME_ACCOUNT"), id);
                // Never the target role: it trusts grant, revoke and sweeper alone (assumeRole_shouldName...).
                assertNoStatement(id, Map.of("Action", anyAction("sts:.*")));
            } else {
                assertNoStatement(id, Map.of("Action", anyAction("lambda:.*")));
                assertTrue(!env.containsKey("JITA_REVOKE_FUNCTION"), id);
            }
            // Nothing but InvokeFunction, on nothing but the revoke function's alias.
            assertNoStatement(id, Map.of("Action", anyAction("lambda:(?!InvokeFunction$).*")));
            assertNoStatement(id, Map.of("Action", anyAction("lambda:.*"), "Resource", Match.not(revokeAlias)));
        }
    }

    @Test
    void intakeAndIncidentEnvironments_shouldSatisfyTargetConfig_soThatEarlyRevokeCanStart() {
        for (String id : List.of("intake", "incident")) {
            TargetConfig accounts = TargetConfig.fromEnvironment(resolved(environmentOf(id)), "aws");
            assertEquals(Synth.ACCOUNT, accounts.homeAccount(), id);
            // No target account of its own: anything outside the jita account goes to the revoke function.
            assertEquals(List.of(), accounts.targetAccounts(), id);
        }
    }

    @Test
    void jitasOwnRoles_shouldAllLieOutsideTheEligiblePath() {
        // A grant goes only to roles under the eligible path: none of jita's machinery may be one of them.
        Map<String, Map<String, Object>> roles = template.findResources("AWS::IAM::Role");
        assertEquals(ALL_FUNCTIONS.size() + 1 + 1, roles.size()); // + the state machine's, the export's
        roles.forEach((logicalId, role) -> {
            JsonNode path = JSON.valueToTree(role).at("/Properties/Path");
            assertTrue(path.isMissingNode() || !path.asText().startsWith("/jita/"), logicalId + " at " + path);
        });
    }

    @Test
    void identityCenter_whenNotConfigured_shouldGiveNoFunctionItsVariablesOrAnyPermissionForIt() {
        // JitaApprovalIdentityCenterTest holds the same stack with it configured.
        for (String id : ALL_FUNCTIONS) {
            assertTrue(environmentOf(id).keySet().stream().noneMatch(k -> k.startsWith("JITA_IDENTITY")), id);
            assertNoStatement(id, Map.of("Resource", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                    Match.arrayWith(List.of(Match.stringLikeRegexp(".*aws-reserved.*")))))))));
        }
        // The documents only: the cdk-nag metadata names the SSO path in a suppression's reason.
        template.findResources("AWS::IAM::Policy").forEach((logicalId, policy) -> assertTrue(
                !JSON.valueToTree(policy).at("/Properties/PolicyDocument").toString()
                        .matches("(?s).*(aws-reserved|jita-identity-center|\"sso:|\"identitystore:).*"), logicalId));
    }

    @Test
    void outputs_shouldNameTheFunctionRolesAJitaTargetTrusts_asItsParameters() {
        for (String[] output : List.of(new String[] {JitaTargetStack.GRANT_ROLE, "grant"},
                new String[] {JitaTargetStack.REVOKE_ROLE, "revoke"},
                new String[] {JitaTargetStack.SWEEPER_ROLE, "sweeper"})) {
            template.hasOutput(output[0], Match.objectLike(Map.of("Value", ref(jita.roles().get(output[1])))));
        }
    }

    @Test
    void incidentsTable_shouldBeDeclaredFromTables_withTtlPitrDeletionProtectionAndRetain() {
        TableDef def = Tables.incidents("x");
        template.hasResource("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain",
                "Properties", Match.objectLike(Map.of(
                        "KeySchema", List.of(Map.of("AttributeName", def.partitionKey().name(), "KeyType", "HASH")),
                        "TimeToLiveSpecification", Map.of("AttributeName", def.timeToLiveIfAny().orElseThrow(),
                                "Enabled", true),
                        "BillingMode", "PAY_PER_REQUEST",
                        "PointInTimeRecoverySpecification", Map.of("PointInTimeRecoveryEnabled", true),
                        "DeletionProtectionEnabled", true,
                        "SSESpecification", Map.of("SSEEnabled", true))))));
        assertEquals("incidentKey", def.partitionKey().name()); // the template above follows Tables, not a copy
    }

    @Test
    void incidentRules_shouldRouteEachSourceFromItsBus_toTheIncidentAlias() {
        Map<String, Object> target = Map.of(
                "Arn", ref(jita.aliases().get("incident")),
                "Id", Match.anyValue(),
                "DeadLetterConfig", Map.of("Arn", getAtt(jita.getNode().findChild("IncidentDeadLetters"))),
                // 30 minutes: the incident age limit, past which the function would only refuse the event.
                "RetryPolicy", Map.of("MaximumRetryAttempts", 185, "MaximumEventAgeInSeconds", 1800));
        Map<String, Object> byRule = new LinkedHashMap<>();
        byRule.put("GenericIncidentRule", List.of(Match.absent(), Map.of("source", List.of("jita.incident"))));
        byRule.put("PagerDutyIncidentRule", List.of(Synth.PAGERDUTY_BUS,
                Map.of("source", List.of(Map.of("prefix", "aws.partner/pagerduty.com")))));
        byRule.put("OpsgenieIncidentRule", List.of(Synth.OPSGENIE_BUS,
                Map.of("source", List.of(Map.of("prefix", "aws.partner/opsgenie.com")))));
        byRule.put("IncidentIoIncidentRule", List.of(Match.absent(),
                Map.of("source", List.of("incident.io", Map.of("prefix", "aws.partner/incident.io")))));
        byRule.forEach((id, busAndPattern) -> {
            List<?> expected = (List<?>) busAndPattern;
            Map<String, Map<String, Object>> found = template.findResources("AWS::Events::Rule", Match.objectLike(
                    Map.of("Properties", Match.objectEquals(Map.of(
                            "Description", Match.anyValue(),
                            "EventBusName", expected.get(0),
                            "EventPattern", expected.get(1),
                            "State", "ENABLED",
                            "Targets", List.of(target))))));
            assertEquals(Set.of(logicalId(jita.getNode().findChild(id))), found.keySet(), id);
        });
    }

    @Test
    void incidentRules_shouldEachMatchTheirToolsSampleEvents_andNoOtherTools() throws Exception {
        Map<String, String> ruleOfTool = Map.of("generic", "GenericIncidentRule", "pagerduty", "PagerDutyIncidentRule",
                "opsgenie", "OpsgenieIncidentRule", "incidentio", "IncidentIoIncidentRule");
        Map<String, JsonNode> patterns = new LinkedHashMap<>();
        ruleOfTool.values().forEach(rule -> patterns.put(rule, JSON.valueToTree(template.findResources(
                "AWS::Events::Rule").get(logicalId(jita.getNode().findChild(rule)))).at("/Properties/EventPattern")));
        List<Path> samples;
        try (var files = Files.list(Path.of("../events/incident"))) {
            samples = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(12, samples.size(), "three statuses of four tools in events/incident");
        for (Path sample : samples) {
            String text = Files.readString(sample);
            String tool = sample.getFileName().toString().split("-")[0];
            String source = JSON.readTree(text).path("source").asText();
            List<String> matching = patterns.entrySet().stream()
                    .filter(e -> sourceMatches(e.getValue().path("source"), source)).map(Map.Entry::getKey).toList();
            assertEquals(List.of(ruleOfTool.get(tool)), matching, sample + " (source " + source + ")");
            // And what the rule lets through is an incident the function reads.
            assertTrue(IncidentEvents.parse(text).isPresent(), sample.toString());
        }
    }

    /**
     * What the grant was used for: the default bus admits PutEvents from exactly the target accounts, and one rule
     * sends their assumed-role sessions' CloudTrail calls (sources AWS alone may use) to the activity alias.
     */
    @Test
    void activityRule_shouldRouteTheTargetAccountsCloudTrailCalls_toTheActivityAlias_andTheBusAdmitsOnlyThem() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectEquals(Map.of(
                "Description", Match.anyValue(),
                "EventPattern", Map.of(
                        "source", List.of(Map.of("prefix", "aws.")),
                        "detail-type", List.of("AWS API Call via CloudTrail"),
                        "account", Synth.TARGET_ACCOUNTS,
                        "detail", Map.of("userIdentity", Map.of("type", List.of("AssumedRole")))),
                "State", "ENABLED",
                "Targets", List.of(Map.of(
                        "Arn", ref(jita.aliases().get("activity")),
                        "Id", Match.anyValue(),
                        "DeadLetterConfig", Map.of("Arn", getAtt(jita.getNode().findChild("ActivityDeadLetters"))),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 185, "MaximumEventAgeInSeconds", 86400))))));
        Map<String, Map<String, Object>> policies = template.findResources("AWS::Events::EventBusPolicy");
        assertEquals(Synth.TARGET_ACCOUNTS.size(), policies.size());
        for (String account : Synth.TARGET_ACCOUNTS) {
            template.hasResourceProperties("AWS::Events::EventBusPolicy", Match.objectLike(Map.of(
                    "EventBusName", "default",
                    "StatementId", "jita-activity-" + account,
                    "Statement", Match.objectLike(Map.of("Effect", "Allow", "Action", "events:PutEvents",
                            "Principal", Map.of("AWS", partitionArn(":iam::" + account + ":root")))))));
        }
    }

    /**
     * The activity function reads requests, appends to the chain and sends the first-use message: no IAM, STS,
     * workflow or other KMS action, and of the sending statements exactly the notify function's.
     */
    @Test
    void activityFunction_shouldHaveOnlyTheStoresActions_andTheSendingStatements() {
        List<String> actions = new ArrayList<>();
        Set<JsonNode> sending = new java.util.HashSet<>();
        for (JsonNode st : statementsOf("activity")) {
            List<String> own = new ArrayList<>();
            (st.path("Action").isArray() ? st.path("Action") : JSON.createArrayNode().add(st.path("Action")))
                    .forEach(a -> own.add(a.asText()));
            if (own.stream().anyMatch(a -> a.startsWith("ses:") || a.startsWith("secretsmanager:"))) {
                sending.add(st);
            } else {
                actions.addAll(own);
            }
        }
        assertTrue(!actions.isEmpty());
        for (String action : actions) {
            // kms:GenerateMac: every audit writer signs what it appends with the audit key (checked below).
            assertTrue(action.startsWith("dynamodb:") || action.startsWith("logs:") || action.startsWith("xray:")
                    || action.startsWith("sqs:") || action.equals("kms:GenerateMac"), action);
        }
        assertTrue(!actions.contains("dynamodb:DeleteItem") && !actions.contains("dynamodb:Scan"), actions.toString());
        assertTrue(!actions.contains("kms:VerifyMac"), actions.toString());
        // Notifiers.forAws: SES from the sender only, and the webhook secret; as the notify function has them.
        assertEquals(Set.copyOf(List.of(
                        json(Map.of("Effect", "Allow", "Action", "ses:SendEmail",
                                "Condition", Map.of("StringEquals", Map.of("ses:FromAddress", "jita@example.com")),
                                "Resource", List.of(partitionArn(":ses:" + Synth.REGION + ":" + Synth.ACCOUNT
                                                + ":identity/jita@example.com"),
                                        partitionArn(":ses:" + Synth.REGION + ":" + Synth.ACCOUNT
                                                + ":identity/example.com")))),
                        json(Map.of("Effect", "Allow", "Action", "secretsmanager:GetSecretValue",
                                "Resource", ref(jita.getNode().findChild("SlackWebhooks")))))),
                sending);
        Set<JsonNode> notifySending = new java.util.HashSet<>(statementsOf("notify"));
        notifySending.retainAll(sending);
        assertEquals(sending, notifySending, "the activity function sends as the notify function does");
    }

    @Test
    void sweeperSchedule_shouldRunTheSweeperAlias_andNeverRetryPastTheNextRun() {
        template.hasResourceProperties("AWS::Events::Rule", Match.objectLike(Map.of(
                "ScheduleExpression", "rate(15 minutes)",
                "State", "ENABLED",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", ref(jita.aliases().get("sweeper")),
                        "DeadLetterConfig", Map.of("Arn", getAtt(jita.getNode().findChild("SweeperDeadLetters"))),
                        "RetryPolicy", Map.of("MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 900)))))));
        // Lambda's own retries, on the alias EventBridge invokes: none for the sweeper (its next run is the retry),
        // two for incidents, within the age limit.
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", ref(jita.functions().get("sweeper")), "Qualifier", aliasName("sweeper"),
                "MaximumRetryAttempts", 0, "MaximumEventAgeInSeconds", 900));
        template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", Map.of(
                "FunctionName", ref(jita.functions().get("incident")), "Qualifier", aliasName("incident"),
                "MaximumRetryAttempts", 2, "MaximumEventAgeInSeconds", 1800));
    }

    @Test
    void incidentAndSweeperEnvironments_shouldSatisfyTheFunctionsOwnConfigLoaders() {
        Map<String, Object> incidentRaw = environmentOf("incident");
        assertEquals(ref(jita.incidentsTable().orElseThrow()), incidentRaw.get("JITA_INCIDENTS_TABLE"));
        Map<String, String> incident = resolved(incidentRaw);
        JitaConfig config = JitaConfig.fromEnvironment(incident);
        IncidentConfig incidents = IncidentConfig.fromEnvironment(incident);
        assertEquals(Duration.ofMinutes(30), incidents.maxEventAge());
        assertEquals(Synth.ALIASES, incidents.responderAliases());
        assertTrue(config.stateMachineArn().isPresent(), "SfnWorkflow answers on the state machine");
        ApprovalsConfig channels = ApprovalsConfig.fromEnvironment(config, incident);
        assertEquals(Optional.of("jita <jita@example.com>"), channels.sesSender());
        assertTrue(channels.slackWebhookSecret().isPresent(), "break-glass reaches Slack approvers too");
        assertTrue(!incident.containsKey("JITA_LINK_KEY_ID"), "the incident function signs no links");

        Map<String, String> sweeper = resolved(environmentOf("sweeper"));
        assertTrue(JitaConfig.fromEnvironment(sweeper).stateMachineArn().isPresent(),
                "the sweeper asks after executions and restarts lost ones");
        assertEquals(new SweeperConfig("/jita/", Duration.ofMinutes(20), SweeperConfig.DEFAULT_RESTART_GRACE),
                SweeperConfig.fromEnvironment(sweeper));
        for (String absent : List.of("JITA_INCIDENTS_TABLE", "JITA_SES_SENDER",
                "JITA_SLACK_WEBHOOK_SECRET", "JITA_LINK_KEY_ID")) {
            assertTrue(!sweeper.containsKey(absent), absent);
        }
    }

    // ------------------------------------------------------------------ audit export

    @Test
    void auditExportBucket_shouldLockEveryObjectInComplianceMode_for400DaysByDefault() {
        template.hasResource("AWS::S3::Bucket", Match.objectLike(Map.of(
                "Properties", Match.objectLike(Map.of(
                        "ObjectLockEnabled", true,
                        "ObjectLockConfiguration", Map.of("ObjectLockEnabled", "Enabled",
                                "Rule", Map.of("DefaultRetention", Map.of("Mode", "COMPLIANCE", "Days", 400))),
                        "VersioningConfiguration", Map.of("Status", "Enabled"),
                        "BucketEncryption", Map.of("ServerSideEncryptionConfiguration", List.of(Map.of(
                                "ServerSideEncryptionByDefault", Map.of("SSEAlgorithm", "AES256")))),
                        "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                                "IgnorePublicAcls", true, "RestrictPublicBuckets", true))),
                "DeletionPolicy", "Retain", "UpdateReplacePolicy", "Retain")));
        // TLS only.
        template.hasResourceProperties("AWS::S3::BucketPolicy", Match.objectLike(Map.of(
                "Bucket", ref(jita.auditExportBucket()),
                "PolicyDocument", Match.objectLike(Map.of("Statement", Match.arrayWith(List.of(Match.objectLike(Map.of(
                        "Effect", "Deny", "Action", "s3:*",
                        "Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")))))))))));
    }

    @Test
    void auditTable_shouldStreamTheNewImageOfEachEntry() {
        template.hasResourceProperties("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "TableName", Match.absent(),
                "KeySchema", Match.arrayWith(List.of(Map.of("AttributeName", "seq", "KeyType", "RANGE"))),
                "StreamSpecification", Map.of("StreamViewType", "NEW_IMAGE"))));
        // Only the audit table streams.
        template.resourcePropertiesCountIs("AWS::DynamoDB::Table", Match.objectLike(Map.of(
                "StreamSpecification", Match.anyValue())), 1);
    }

    @Test
    void auditStream_shouldReachTheExportAlias_inBatches_retriedBisected_thenToADeadLetterQueue() {
        template.hasResourceProperties("AWS::Lambda::EventSourceMapping", Map.of(
                "EventSourceArn", Map.of("Fn::GetAtt", List.of(logicalId(jita.auditTable()), "StreamArn")),
                // The alias (SnapStart's published version), not the bare function.
                "FunctionName", Match.objectLike(Map.of("Fn::Join", Match.arrayWith(List.of(
                        Match.arrayWith(List.of(":live")))))),
                "StartingPosition", "TRIM_HORIZON",
                "BatchSize", 100,
                "MaximumBatchingWindowInSeconds", 60,
                "BisectBatchOnFunctionError", true,
                "MaximumRetryAttempts", 10,
                "MaximumRecordAgeInSeconds", 6 * 3600,
                // A failed record is reported (batchItemFailures) and retried from there, never skipped.
                "FunctionResponseTypes", List.of("ReportBatchItemFailures"),
                "DestinationConfig", Map.of("OnFailure", Map.of("Destination",
                        getAtt(jita.getNode().findChild("ExportDeadLetters"))))));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.jita.handlers.ExportFunction",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "JITA_EXPORT_BUCKET", ref(jita.auditExportBucket())))))));
        template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "Handler", "dev.jita.handlers.IntakeFunction",
                "Environment", Map.of("Variables", Match.objectLike(Map.of(
                        "JITA_EXPORT_BUCKET", ref(jita.auditExportBucket())))))));
    }

    @Test
    void exportGivenUp_orBehind_shouldAlarmTheTopic() {
        List<Object> toTopic = List.of(Map.of("Ref", logicalId(jita.getNode().findChild("AlarmTopic"))));
        // Exhausted retries land in the dead-letter queue, which alarms at its first message.
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/SQS", "MetricName", "ApproximateNumberOfMessagesVisible",
                "Dimensions", List.of(Map.of("Name", "QueueName", "Value", Map.of("Fn::GetAtt", List.of(
                        logicalId(jita.getNode().findChild("ExportDeadLetters")), "QueueName")))),
                "Threshold", 1, "ComparisonOperator", "GreaterThanOrEqualToThreshold", "AlarmActions", toTopic)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/Lambda", "MetricName", "Errors",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(jita.functions().get("export")))),
                "AlarmActions", toTopic)));
        template.hasResourceProperties("AWS::CloudWatch::Alarm", Match.objectLike(Map.of(
                "Namespace", "AWS/Lambda", "MetricName", "IteratorAge", "Statistic", "Maximum",
                "Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref(jita.functions().get("export")))),
                "Threshold", 15 * 60 * 1000, "AlarmActions", toTopic)));
    }

    @Test
    void export_shouldHoldExactlyTheStatementsItsCodeUses() {
        // Lambda's event source mapping reads the stream with the function's role and sends failed ranges to the
        // queue; ExportFunction: PutObject under audit/. No table access, no read of the bucket, no delete.
        assertEquals(Set.copyOf(List.of(
                        json(Map.of("Effect", "Allow", "Action", List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                                "Resource", getAtt(jita.getNode().findChild("ExportLogs")))),
                        json(Map.of("Effect", "Allow", "Action", List.of("xray:PutTraceSegments",
                                "xray:PutTelemetryRecords"), "Resource", "*")),
                        json(Map.of("Effect", "Allow", "Action", List.of("dynamodb:DescribeStream",
                                "dynamodb:GetRecords", "dynamodb:GetShardIterator"),
                                "Resource", Map.of("Fn::GetAtt", List.of(logicalId(jita.auditTable()), "StreamArn")))),
                        json(Map.of("Effect", "Allow", "Action", "dynamodb:ListStreams", "Resource", "*")),
                        json(Map.of("Effect", "Allow", "Action", "s3:PutObject", "Resource", exportObjects())),
                        json(Map.of("Effect", "Allow", "Action", List.of("sqs:SendMessage", "sqs:GetQueueAttributes",
                                "sqs:GetQueueUrl"), "Resource", getAtt(jita.getNode().findChild("ExportDeadLetters")))))),
                statementsOf("export"));
        // Nobody else writes the export; nobody at all may delete from it or change its lock.
        for (String id : ALL_FUNCTIONS) {
            assertNoStatement(id, Map.of("Action", anyAction("s3:(PutObject.*|Delete.*|PutBucket.*|BypassGovernance.*)")));
        }
        assertNoStatement("export", Map.of("Action", anyAction("s3:(?!PutObject$).*")));
    }

    // ------------------------------------------------------------------ cdk-nag

    @Test
    void cdkNag_shouldReportNoUnsuppressedError() {
        List<software.amazon.awscdk.cxapi.SynthesisMessage> errors = Annotations.fromStack(stack)
                .findError("*", Match.stringLikeRegexp("AwsSolutions-.*"));
        assertEquals(List.of(), errors.stream().map(e -> e.getId() + ": " + e.getEntry().getData()).toList());
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

    /** Every execution of the construct's state machine, and nothing else's. */
    private static Object executionsArn() {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":states:" + Synth.REGION + ":" + Synth.ACCOUNT + ":execution:" + jita.stateMachineName() + ":*")));
    }

    private static Object targetRoles() {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":iam::*:role/jita-system/jita-target")));
    }

    private static Object eligibleRoles() {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"),
                ":iam::" + Synth.ACCOUNT + ":role/jita/*")));
    }

    private static Object partitionArn(String afterPartition) {
        return Map.of("Fn::Join", List.of("", List.of("arn:", Map.of("Ref", "AWS::Partition"), afterPartition)));
    }

    private static Object getAtt(IConstruct construct) {
        return Map.of("Fn::GetAtt", List.of(logicalId(construct), "Arn"));
    }

    /** Every object under the export bucket's audit/ prefix. */
    private static Object exportObjects() {
        return Map.of("Fn::Join", List.of("", List.of(getAtt(jita.auditExportBucket()), "/audit/*")));
    }

    private static Object indexes(IConstruct table) {
        return Map.of("Fn::Join", List.of("", List.of(getAtt(table), "/index/*")));
    }

    /** The alias's name as CDK writes it: the last part of the alias ARN (live). */
    private static Object aliasName(String function) {
        return Map.of("Fn::Select", List.of(7, Map.of("Fn::Split", List.of(":",
                ref(jita.aliases().get(function))))));
    }

    private static JsonNode json(Object value) {
        return JSON.valueToTree(value);
    }

    /** Every statement of the function's role, from all its policies; duplicates would fail the size check. */
    private static Set<JsonNode> statementsOf(String function) {
        List<JsonNode> all = new ArrayList<>();
        template.findResources("AWS::IAM::Policy", Match.objectLike(Map.of("Properties", Match.objectLike(Map.of(
                        "Roles", List.of(ref(jita.roles().get(function))))))))
                .values().forEach(policy -> JSON.valueToTree(policy).at("/Properties/PolicyDocument/Statement")
                        .forEach(all::add));
        assertEquals(all.size(), Set.copyOf(all).size(), "a statement repeated in " + function + "'s policy");
        return Set.copyOf(all);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> environmentOf(String function) {
        Map<String, Object> fn = template.findResources("AWS::Lambda::Function").get(
                logicalId(jita.functions().get(function)));
        Map<String, Object> props = (Map<String, Object>) fn.get("Properties");
        return (Map<String, Object>) ((Map<String, Object>) props.get("Environment")).get("Variables");
    }

    /** CloudFormation's values (Ref, Fn::Join) stand in as plain strings, as Lambda would see them resolved. */
    private static Map<String, String> resolved(Map<String, Object> raw) {
        Map<String, String> env = new LinkedHashMap<>();
        raw.forEach((k, v) -> env.put(k, v instanceof String str ? str
                : k.equals("JITA_PUBLIC_BASE_URL") ? "https://abc123.execute-api.eu-west-1.amazonaws.com/prod"
                : "resolved-" + k));
        return env;
    }

    /** EventBridge's matching of one {@code source} value: exact strings and {@code {"prefix": ...}}. */
    private static boolean sourceMatches(JsonNode pattern, String source) {
        assertTrue(pattern.isArray() && pattern.size() > 0, "a source pattern is a non-empty list: " + pattern);
        for (JsonNode m : pattern) {
            if (m.isTextual() && m.asText().equals(source)) {
                return true;
            }
            if (m.isObject()) {
                assertEquals(List.of("prefix"), iterable(m.fieldNames()), "only prefix matchers are expected: " + m);
                if (source.startsWith(m.get("prefix").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
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
