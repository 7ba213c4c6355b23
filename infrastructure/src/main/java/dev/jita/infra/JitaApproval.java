package dev.jita.infra;

import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Names;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.SecretValue;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.UniqueResourceNameOptions;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Resource;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.BillingMode;
import software.amazon.awscdk.services.dynamodb.GlobalSecondaryIndexProps;
import software.amazon.awscdk.services.dynamodb.PointInTimeRecoverySpecification;
import software.amazon.awscdk.services.dynamodb.ProjectionType;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.dynamodb.TableEncryption;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.IEventBus;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.kms.KeySpec;
import software.amazon.awscdk.services.kms.KeyUsage;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.logs.MetricFilterOptions;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.stepfunctions.DefinitionBody;
import software.amazon.awscdk.services.stepfunctions.LogLevel;
import software.amazon.awscdk.services.stepfunctions.LogOptions;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.amazon.awscdk.services.stepfunctions.StateMachineType;
import software.constructs.Construct;

/**
 * jita in one construct: the REST API, one Lambda function per {@link FunctionSpec} (SnapStart on the alias
 * {@value #ALIAS}), the approval workflow from approval.asl.json, the DynamoDB tables of {@link Tables}, the KMS
 * key that signs links, incident rules, the sweeper schedule and the alarms.
 *
 * <p>The circular dependency between the workflow (it invokes the function aliases) and the functions that start
 * or answer it (they need its ARN) is broken by naming the state machine up front: the functions get an ARN
 * built from that fixed name, so nothing in their definition refers to the state machine resource.
 */
public final class JitaApproval extends Construct {
    /** The alias API Gateway and the workflow invoke; SnapStart snapshots the version behind it. */
    public static final String ALIAS = "live";
    /** CloudWatch namespace of jita's business metrics (PowertoolsMetrics.NAMESPACE). */
    public static final String METRICS_NAMESPACE = "jita";
    /** Metric of ERROR lines in the sweeper's log, from a metric filter (the function emits no metric for them). */
    public static final String SWEEPER_FAILURES_METRIC = "SweeperFailures";

    private final JitaApprovalProps props;
    private final Stack stack;
    private final Table requests;
    private final Table audit;
    private final Table idempotency;
    private final Optional<Table> incidents;
    private final Key linkKey;
    private final Optional<ISecret> slackWebhooks;
    private final RestApi api;
    private final String stateMachineName;
    private final String stateMachineArn;
    private final String publicBaseUrl;
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, Queue> deadLetterQueues = new LinkedHashMap<>();
    private final Map<String, LogGroup> functionLogs = new LinkedHashMap<>();
    private final StateMachine stateMachine;
    private final ITopic alarmTopic;
    private final List<Alarm> alarms = new ArrayList<>();

    public JitaApproval(Construct scope, String id, JitaApprovalProps props) {
        super(scope, id);
        this.props = props;
        this.stack = Stack.of(this);

        // Inputs first: a bad rules file or a missing jar stops synth before anything is declared.
        Path rulesFolder = SynthInputs.validatedRulesFolder(props.rulesFile());
        List<String> missing = SynthInputs.missingHandlers(props.functionsJar(), props.functions());
        for (String handler : missing) {
            Annotations.of(this).addWarningV2("jita:missingHandler", "The functions jar has no " + handler
                    + "; deploying now would fail when Lambda publishes that function's SnapStart version.");
        }
        Map<String, String> substitutions = Map.of(
                "NotifyFunctionArn", "notify", "GrantFunctionArn", "grant", "RevokeFunctionArn", "revoke");
        SynthInputs.requireSubstitutions(props.workflowDefinition(), substitutions.keySet());

        requests = table(Tables.requests("Requests"));
        audit = table(Tables.audit("Audit"));
        idempotency = table(Tables.idempotency("Idempotency"));
        incidents = props.incidents().enabled() ? Optional.of(table(Tables.incidents("Incidents"))) : Optional.empty();

        linkKey = Key.Builder.create(this, "LinkKey")
                .description("jita: signs and verifies approval links (HMAC-SHA256; the key never leaves KMS)")
                .keySpec(KeySpec.HMAC_256)
                .keyUsage(KeyUsage.GENERATE_VERIFY_MAC)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();

        slackWebhooks = slackSecret(props.notifications().slackWebhooks());

        stateMachineName = props.stateMachineName().orElseGet(() -> Names.uniqueResourceName(this,
                UniqueResourceNameOptions.builder().maxLength(70).build()) + "-approval");
        stateMachineArn = stack.formatArn(ArnComponents.builder()
                .service("states").resource("stateMachine").resourceName(stateMachineName)
                .arnFormat(ArnFormat.COLON_RESOURCE_NAME).build());

        api = restApi();
        // From the API's id and the stage's name, not api.getUrl(): the URL refers to the stage, whose deployment
        // depends on the methods, which depend on the functions: a cycle.
        publicBaseUrl = props.publicBaseUrl().orElseGet(() -> Fn.join("", List.of("https://", api.getRestApiId(),
                ".execute-api.", stack.getRegion(), ".", stack.getUrlSuffix(), "/", props.stageName())));

        LayerVersion rules = LayerVersion.Builder.create(this, "RulesLayer")
                .description("jita rules file, validated at synth; read from " + SynthInputs.RULES_IN_LAMBDA)
                .code(Code.fromAsset(rulesFolder.toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .build();
        Code code = Code.fromAsset(props.functionsJar().toString());
        for (FunctionSpec spec : props.functions()) {
            function(spec, code, rules);
        }

        LogGroup workflowLogs = logGroup("WorkflowLogs");
        Map<String, String> arns = new LinkedHashMap<>();
        substitutions.forEach((placeholder, function) -> arns.put(placeholder, aliases.get(function).getFunctionArn()));
        stateMachine = StateMachine.Builder.create(this, "Workflow")
                .stateMachineName(stateMachineName)
                .stateMachineType(StateMachineType.STANDARD)
                .definitionBody(DefinitionBody.fromFile(props.workflowDefinition().toString()))
                .definitionSubstitutions(arns)
                // Execution data stays out of the logs: AwaitApproval's input carries the task token.
                .logs(LogOptions.builder().destination(workflowLogs).level(LogLevel.ALL)
                        .includeExecutionData(false).build())
                .tracingEnabled(true)
                .build();
        substitutions.values().forEach(function -> aliases.get(function).grantInvoke(stateMachine));

        routes();
        if (props.incidents().enabled()) {
            incidentRules();
        }
        props.sweeper().ifPresent(this::sweeperSchedule);

        alarmTopic = props.alarmTopic().orElseGet(this::createAlarmTopic);
        declareAlarms();
        suppressions();
    }

    // ---------------------------------------------------------------- tables

    private Table table(TableDef def) {
        Table.Builder table = Table.Builder.create(this, def.name() + "Table")
                .partitionKey(attribute(def.partitionKey()))
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .pointInTimeRecoverySpecification(PointInTimeRecoverySpecification.builder()
                        .pointInTimeRecoveryEnabled(true).build())
                .deletionProtection(true)
                .encryption(TableEncryption.AWS_MANAGED)
                .removalPolicy(RemovalPolicy.RETAIN);
        def.sortKeyIfAny().ifPresent(k -> table.sortKey(attribute(k)));
        def.timeToLiveIfAny().ifPresent(table::timeToLiveAttribute);
        Table built = table.build();
        for (TableDef.Index index : def.indexes()) {
            GlobalSecondaryIndexProps.Builder gsi = GlobalSecondaryIndexProps.builder()
                    .indexName(index.name())
                    .partitionKey(attribute(index.partitionKey()))
                    .projectionType(ProjectionType.ALL);
            if (index.sortKey() != null) {
                gsi.sortKey(attribute(index.sortKey()));
            }
            built.addGlobalSecondaryIndex(gsi.build());
        }
        return built;
    }

    private static Attribute attribute(TableDef.Key key) {
        AttributeType type = switch (key.type()) {
            case STRING -> AttributeType.STRING;
            case NUMBER -> AttributeType.NUMBER;
            case BINARY -> AttributeType.BINARY;
        };
        return Attribute.builder().name(key.name()).type(type).build();
    }

    // ---------------------------------------------------------------- functions

    private void function(FunctionSpec spec, Code code, LayerVersion rules) {
        String name = capitalized(spec.id());
        LogGroup logs = logGroup(name + "Logs");
        // A role of its own with no managed policy: only what the spec's capabilities add below.
        Role role = Role.Builder.create(this, name + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("jita " + spec.id() + " function")
                .build();
        logs.grantWrite(role);
        Function.Builder fn = Function.Builder.create(this, name + "Function")
                .description("jita " + spec.id() + " (" + spec.handlerClass() + ")")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handlerClass())
                .code(code)
                .layers(List.of(rules))
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeout().toSeconds()))
                .role(role)
                .logGroup(logs)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment(spec));
        if (spec.async()) {
            Queue dlq = Queue.Builder.create(this, name + "DeadLetters")
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true)
                    .retentionPeriod(Duration.days(14))
                    .build();
            deadLetterQueues.put(spec.id(), dlq);
            fn.deadLetterQueue(dlq);
        }
        Function function = fn.build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: API Gateway and the workflow call the alias '" + ALIAS + "' on the current version.");
        for (PolicyStatement statement : statements(spec)) {
            role.addToPolicy(statement);
        }
        Alias.Builder alias = Alias.Builder.create(this, name + "Live")
                .aliasName(ALIAS)
                .version(function.getCurrentVersion());
        if (spec.async()) {
            // On the alias, which EventBridge invokes: Lambda's own retries of a failed invocation.
            AsyncRetries retries = asyncRetries(spec);
            alias.retryAttempts(retries.attempts()).maxEventAge(retries.maxEventAge());
        }
        functions.put(spec.id(), function);
        functionLogs.put(spec.id(), logs);
        roles.put(spec.id(), role);
        aliases.put(spec.id(), alias.build());
    }

    private record AsyncRetries(int attempts, Duration maxEventAge) {
    }

    /**
     * Incident events: Lambda's two retries (a request whose workflow is not waiting yet succeeds a minute later),
     * no longer than the function would accept the event anyway. The sweeper: none, its next run is the retry.
     */
    private AsyncRetries asyncRetries(FunctionSpec spec) {
        if (spec.id().equals(FunctionSpec.SWEEPER.id())) {
            return new AsyncRetries(0, clamp(props.sweeper().orElseThrow().interval(), java.time.Duration.ofHours(6)));
        }
        return new AsyncRetries(2, clamp(props.incidents().effectiveMaxEventAge(), java.time.Duration.ofHours(6)));
    }

    /** Between one minute and {@code max}: the range Lambda and EventBridge accept for a maximum event age. */
    private static Duration clamp(java.time.Duration age, java.time.Duration max) {
        long seconds = Math.max(60, Math.min(age.toSeconds(), max.toSeconds()));
        return Duration.seconds(seconds);
    }

    private Map<String, String> environment(FunctionSpec spec) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JITA_REQUESTS_TABLE", requests.getTableName());
        env.put("JITA_AUDIT_TABLE", audit.getTableName());
        env.put("JITA_IDEMPOTENCY_TABLE", idempotency.getTableName());
        env.put("JITA_RULES_FILE", SynthInputs.RULES_IN_LAMBDA);
        env.put("JITA_ELIGIBLE_ROLE_PATH", props.eligibleRolePath());
        env.put("JITA_PUBLIC_BASE_URL", publicBaseUrl);
        env.put("JITA_MAX_PENDING", Integer.toString(props.maxPendingPerRequester()));
        env.put("JITA_MAX_GRANTS", Integer.toString(props.maxGrantsPerRole()));
        if (spec.capabilities().contains(Capability.START_WORKFLOW)
                || spec.capabilities().contains(Capability.ANSWER_WORKFLOW_TASKS)
                || spec.capabilities().contains(Capability.APPROVE_WORKFLOW_TASKS)
                || spec.capabilities().contains(Capability.CANCEL_WORKFLOW_TASKS)) {
            env.put("JITA_STATE_MACHINE_ARN", stateMachineArn);
        }
        if (spec.capabilities().contains(Capability.SIGN_LINKS) || spec.capabilities().contains(Capability.VERIFY_LINKS)) {
            env.put("JITA_LINK_KEY_ID", linkKey.getKeyArn());
        }
        if (spec.capabilities().contains(Capability.VERIFY_LINKS)) {
            props.previousLinkKeyArn().ifPresent(k -> env.put("JITA_PREVIOUS_LINK_KEY_ID", k));
        }
        if (spec.capabilities().contains(Capability.SEND_EMAIL)) {
            props.notifications().sesSender().ifPresent(s -> env.put("JITA_SES_SENDER", s));
            props.notifications().sesConfigurationSet().ifPresent(s -> env.put("JITA_SES_CONFIGURATION_SET", s));
        }
        if (spec.capabilities().contains(Capability.READ_SLACK_WEBHOOKS)) {
            slackWebhooks.ifPresent(s -> env.put("JITA_SLACK_WEBHOOK_SECRET", s.getSecretArn()));
        }
        if (spec.capabilities().contains(Capability.RECORD_INCIDENTS)) {
            env.put("JITA_INCIDENTS_TABLE", incidents.orElseThrow().getTableName());
            // Always set: the function's age limit and the retry windows below then agree by construction.
            env.put("JITA_INCIDENT_MAX_AGE", props.incidents().effectiveMaxEventAge().toString());
            if (!props.incidents().responderAliases().isEmpty()) {
                env.put("JITA_RESPONDER_ALIASES", props.incidents().responderAliasesVariable());
            }
        }
        if (spec.capabilities().contains(Capability.SWEEP_ROLE_POLICIES)) {
            props.sweeper().flatMap(SweeperSchedule::workflowGrace)
                    .ifPresent(grace -> env.put("JITA_SWEEPER_GRACE", grace.toString()));
        }
        env.put("POWERTOOLS_SERVICE_NAME", spec.id());
        env.put("POWERTOOLS_METRICS_NAMESPACE", METRICS_NAMESPACE);
        env.put("POWERTOOLS_LOG_LEVEL", "INFO");
        return env;
    }

    /** Named actions on this construct's resources: one statement per capability. */
    private List<PolicyStatement> statements(FunctionSpec spec) {
        List<PolicyStatement> out = new ArrayList<>();
        String roles = stack.formatArn(ArnComponents.builder().service("iam").region("").resource("role")
                .resourceName(props.eligibleRolePath().substring(1) + "*")
                .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        for (Capability capability : Capability.values()) {
            if (!spec.capabilities().contains(capability)) {
                continue;
            }
            switch (capability) {
                case READ_REQUESTS -> out.add(allow(List.of("dynamodb:GetItem", "dynamodb:Query"),
                        List.of(requests.getTableArn(), requests.getTableArn() + "/index/*")));
                case WRITE_REQUESTS -> out.add(allow(
                        List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:ConditionCheckItem"),
                        List.of(requests.getTableArn())));
                case READ_AUDIT -> out.add(allow(List.of("dynamodb:GetItem", "dynamodb:Query"),
                        List.of(audit.getTableArn(), audit.getTableArn() + "/index/*")));
                case APPEND_AUDIT -> out.add(allow(List.of("dynamodb:PutItem"), List.of(audit.getTableArn())));
                case CLAIM_IDEMPOTENCY_KEYS -> out.add(allow(List.of("dynamodb:PutItem"),
                        List.of(idempotency.getTableArn())));
                case START_WORKFLOW -> out.add(allow(List.of("states:StartExecution"), List.of(stateMachineArn)));
                case ANSWER_WORKFLOW_TASKS -> out.add(allow(List.of("states:SendTaskSuccess", "states:SendTaskFailure"),
                        List.of(stateMachineArn)));
                case CANCEL_WORKFLOW_TASKS -> out.add(allow(List.of("states:SendTaskFailure"), List.of(stateMachineArn)));
                case APPROVE_WORKFLOW_TASKS -> out.add(allow(List.of("states:SendTaskSuccess"), List.of(stateMachineArn)));
                case SIGN_LINKS -> out.add(allow(List.of("kms:GenerateMac"), List.of(linkKey.getKeyArn())));
                case VERIFY_LINKS -> {
                    // GenerateMac too: the confirm page's CSRF token is a MAC under the link key (CsrfTokens).
                    out.add(allow(List.of("kms:GenerateMac", "kms:VerifyMac"), List.of(linkKey.getKeyArn())));
                    props.previousLinkKeyArn().ifPresent(previous ->
                            out.add(allow(List.of("kms:VerifyMac"), List.of(previous))));
                }
                case GRANT_ROLE_POLICIES -> out.add(allow(List.of("iam:PutRolePolicy", "iam:GetRolePolicy",
                        "iam:DeleteRolePolicy", "iam:ListRolePolicies", "iam:GetRole"), List.of(roles)));
                case REVOKE_ROLE_POLICIES -> out.add(allow(List.of("iam:DeleteRolePolicy"), List.of(roles)));
                case SWEEP_ROLE_POLICIES -> {
                    // ListRoles has no resource-level permission: IAM evaluates it against Resource * only, so a
                    // role ARN here would deny every sweep. The function passes the eligible path as PathPrefix.
                    out.add(allow(List.of("iam:ListRoles"), List.of("*")));
                    out.add(allow(List.of("iam:ListRolePolicies", "iam:DeleteRolePolicy"), List.of(roles)));
                }
                case RECORD_INCIDENTS -> out.add(allow(List.of("dynamodb:GetItem", "dynamodb:UpdateItem"),
                        List.of(incidents.orElseThrow().getTableArn())));
                case SEND_EMAIL -> sendEmail().ifPresent(out::add);
                case READ_SLACK_WEBHOOKS -> slackWebhooks.ifPresent(secret ->
                        out.add(allow(List.of("secretsmanager:GetSecretValue"), List.of(secret.getSecretArn()))));
            }
        }
        return out;
    }

    private Optional<PolicyStatement> sendEmail() {
        return props.notifications().senderAddress().map(address -> {
            String domain = address.substring(address.indexOf('@') + 1);
            List<String> resources = new ArrayList<>();
            resources.add(stack.formatArn(ArnComponents.builder().service("ses").resource("identity")
                    .resourceName(address).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()));
            resources.add(stack.formatArn(ArnComponents.builder().service("ses").resource("identity")
                    .resourceName(domain).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build()));
            props.notifications().sesConfigurationSet().ifPresent(set -> resources.add(stack.formatArn(
                    ArnComponents.builder().service("ses").resource("configuration-set").resourceName(set)
                            .arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build())));
            return PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(List.of("ses:SendEmail"))
                    .resources(resources)
                    .conditions(Map.of("StringEquals", Map.of("ses:FromAddress", address)))
                    .build();
        });
    }

    private static PolicyStatement allow(List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().effect(Effect.ALLOW).actions(actions).resources(resources).build();
    }

    private Optional<ISecret> slackSecret(Notifications.SlackWebhooks slack) {
        if (slack instanceof Notifications.SlackWebhooks.Existing existing) {
            return Optional.of(Secret.fromSecretCompleteArn(this, "SlackWebhooks", existing.secretArn()));
        }
        if (slack instanceof Notifications.SlackWebhooks.Create) {
            // An empty map, not a generated password: the notify function must be able to parse it before you fill it.
            return Optional.of(Secret.Builder.create(this, "SlackWebhooks")
                    .description("jita: Slack webhook URLs as a JSON object, approver id (or Slack name) to URL")
                    .secretStringValue(SecretValue.unsafePlainText("{}"))
                    .removalPolicy(RemovalPolicy.RETAIN)
                    .build());
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- API

    private RestApi restApi() {
        LogGroup accessLogs = logGroup("ApiAccessLogs");
        return RestApi.Builder.create(this, "Api")
                .description("jita: just-in-time access requests (IAM auth) and approval links")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // An account-wide API Gateway logging role is the account owner's business, not this construct's.
                .cloudWatchRole(false)
                .deployOptions(StageOptions.builder()
                        .stageName(props.stageName())
                        .throttlingRateLimit(props.throttlingRateLimit())
                        .throttlingBurstLimit(props.throttlingBurstLimit())
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        // resourcePath is the template (/approvals/{token}), never the token itself.
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields(JsonWithStandardFieldProps.builder()
                                .caller(true).httpMethod(true).ip(true).protocol(true).requestTime(true)
                                .resourcePath(true).responseLength(true).status(true).user(true).build()))
                        .metricsEnabled(true)
                        // No X-Ray on the stage: its segments record the full URL, and a link's token is a credential.
                        .tracingEnabled(false)
                        .build())
                .build();
    }

    private void routes() {
        LambdaIntegration intake = LambdaIntegration.Builder.create(aliases.get("intake")).allowTestInvoke(false).build();
        LambdaIntegration approval = LambdaIntegration.Builder.create(aliases.get("approval")).allowTestInvoke(false).build();
        MethodOptions iam = MethodOptions.builder().authorizationType(AuthorizationType.IAM).build();
        // The token in the path is the approver's credential (signed, single use, bound to one request).
        MethodOptions open = MethodOptions.builder().authorizationType(AuthorizationType.NONE).build();

        Resource requestsRoute = api.getRoot().addResource("requests");
        requestsRoute.addMethod("POST", intake, iam);
        requestsRoute.addMethod("GET", intake, iam);
        Resource one = requestsRoute.addResource("{id}");
        one.addMethod("GET", intake, iam);
        one.addResource("revoke").addMethod("POST", intake, iam);
        one.addResource("cancel").addMethod("POST", intake, iam);
        Resource auditRoute = api.getRoot().addResource("audit");
        auditRoute.addMethod("GET", intake, iam);
        auditRoute.addResource("verify").addMethod("GET", intake, iam);

        Resource link = api.getRoot().addResource("approvals").addResource("{token}");
        for (String method : List.of("GET", "HEAD", "POST")) {
            link.addMethod(method, approval, open);
        }
    }

    // ---------------------------------------------------------------- events

    private void incidentRules() {
        Alias incident = aliases.get(FunctionSpec.INCIDENT.id());
        Queue dlq = deadLetterQueues.get(FunctionSpec.INCIDENT.id());
        for (IncidentSource source : props.incidents().sources()) {
            IEventBus bus = source.eventBusName()
                    .map(name -> EventBus.fromEventBusName(this, source.name() + "Bus", name))
                    .orElse(null);
            Rule.Builder.create(this, source.name() + "IncidentRule")
                    .description("jita: " + source.name() + " incident events to the incident function")
                    .eventBus(bus)
                    .eventPattern(EventPattern.builder().source(source.sourcePattern()).build())
                    // EventBridge's own retries cover failures to invoke; past the function's age limit an event
                    // would only be refused, so it goes to the dead-letter queue (and its alarm) instead.
                    .targets(List.of(LambdaFunction.Builder.create(incident)
                            .deadLetterQueue(dlq)
                            .maxEventAge(clamp(props.incidents().effectiveMaxEventAge(), java.time.Duration.ofHours(24)))
                            .retryAttempts(185)
                            .build()))
                    .build();
        }
    }

    private void sweeperSchedule(SweeperSchedule schedule) {
        Rule.Builder.create(this, "SweeperSchedule")
                .description("jita: the sweeper retries failed revokes and removes orphaned jita-* policies")
                .schedule(Schedule.rate(Duration.minutes(schedule.interval().toMinutes())))
                // A run delivered later than the next one is pointless: the next one does the same work.
                .targets(List.of(LambdaFunction.Builder.create(aliases.get(FunctionSpec.SWEEPER.id()))
                        .deadLetterQueue(deadLetterQueues.get(FunctionSpec.SWEEPER.id()))
                        .maxEventAge(clamp(schedule.interval(), java.time.Duration.ofHours(24)))
                        .retryAttempts(2)
                        .build()))
                .build();
    }

    // ---------------------------------------------------------------- alarms

    private ITopic createAlarmTopic() {
        // CloudWatch cannot publish to a topic under the AWS-managed SNS key, so the topic gets a key of its own.
        Key key = Key.Builder.create(this, "AlarmTopicKey")
                .description("jita: encrypts the alarm topic")
                .enableKeyRotation(true)
                .build();
        key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        return Topic.Builder.create(this, "AlarmTopic")
                .displayName("jita alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
    }

    private void declareAlarms() {
        MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        // Only the workflow's revoke records REVOKE_FAILED (RevokeService.close); the sweeper retries those and
        // never counts RevokeFailed itself, so its failures are watched through its log below.
        alarm("RevokeRevokeFailedAlarm", Metric.Builder.create()
                        .namespace(METRICS_NAMESPACE).metricName("RevokeFailed")
                        .dimensionsMap(Map.of("Service", FunctionSpec.REVOKE.id()))
                        .period(Duration.minutes(5)).statistic("Sum").build(),
                "A grant could not be revoked (REVOKE_FAILED): its policy's time condition has ended it; remove"
                        + " the jita-* inline policy by hand if the sweeper does not.");
        if (functionLogs.containsKey(FunctionSpec.SWEEPER.id())) {
            // The sweeper reports what it could not do (IAM denied or throttled, a revoke that failed again) as
            // ERROR lines and returns normally, so Lambda's Errors metric never sees it.
            MetricFilter failures = functionLogs.get(FunctionSpec.SWEEPER.id()).addMetricFilter("SweeperFailures",
                    MetricFilterOptions.builder()
                            .filterPattern(FilterPattern.stringValue("$.level", "=", "ERROR"))
                            .metricNamespace(METRICS_NAMESPACE)
                            .metricName(SWEEPER_FAILURES_METRIC)
                            .metricValue("1")
                            .defaultValue(0)
                            .build());
            alarm("SweeperFailuresAlarm", failures.metric(fiveMinutes),
                    "The sweeper could not finish part of its work (its log says what, e.g. IAM access denied or a"
                            + " revoke that failed again); fix the cause, the next run tries again.");
        }
        alarm("WorkflowFailedAlarm", stateMachine.metricFailed(fiveMinutes),
                "An approval workflow failed (grant failed, notify failed or revoke failed): read its execution history.");
        functions.forEach((id, fn) -> alarm(capitalized(id) + "ErrorsAlarm", fn.metricErrors(fiveMinutes),
                "The jita " + id + " function failed: read its log group."));
        deadLetterQueues.forEach((id, queue) -> alarm(capitalized(id) + "DeadLettersAlarm",
                queue.metricApproximateNumberOfMessagesVisible(MetricOptions.builder()
                        .period(Duration.minutes(5)).statistic("Maximum").build()),
                "Events for the jita " + id + " function were given up on: read the messages in its dead-letter queue."));
    }

    private void alarm(String id, IMetric metric, String description) {
        Alarm alarm = Alarm.Builder.create(this, id)
                .metric(metric)
                .threshold(1)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .alarmDescription(description)
                .build();
        alarm.addAlarmAction(new SnsAction(alarmTopic));
        alarms.add(alarm);
    }

    // ---------------------------------------------------------------- helpers

    private LogGroup logGroup(String id) {
        return LogGroup.Builder.create(this, id)
                .retention(props.logRetention())
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    private static String capitalized(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** cdk-nag findings this design accepts, each with its reason. */
    private void suppressions() {
        roles.forEach((id, role) -> {
            List<NagPackSuppression> reasons = new ArrayList<>();
            String star = "X-Ray's PutTraceSegments and PutTelemetryRecords have no resource-level permissions, so"
                    + " active tracing needs Resource *.";
            if (FunctionSpec.SWEEPER.id().equals(id)) {
                star += " So has iam:ListRoles (read-only; the sweeper lists only the eligible path's roles through"
                        + " PathPrefix, and may change policies only under that path).";
            }
            reasons.add(suppress("AwsSolutions-IAM5", star, "Resource::*"));
            reasons.add(suppressRegex("AwsSolutions-IAM5", "Queries on a table's global secondary indexes name them"
                    + " as table/index/*; the actions are read-only GetItem/Query.", "/^Resource::.*\\/index\\/\\*$/"));
            reasons.add(suppressRegex("AwsSolutions-IAM5", "Grants go to roles under the eligible IAM path, whose"
                    + " names are not known in advance; the path is the boundary (design.md, The grant).",
                    "/^Resource::arn:.*:iam::.*:role\\/.*\\*$/"));
            NagSuppressions.addResourceSuppressions(role, reasons, true);
        });
        NagSuppressions.addResourceSuppressions(stateMachine, List.of(
                suppress("AwsSolutions-IAM5", "CloudWatch Logs' vended log delivery and X-Ray accept only Resource *"
                        + " for the actions Step Functions needs to log and trace.", "Resource::*")), true);
        functions.values().forEach(fn -> NagSuppressions.addResourceSuppressions(fn, List.of(
                new NagPackSuppression.Builder().id("AwsSolutions-L1").reason("java21 is the runtime the functions"
                        + " are built and tested for (design.md); a newer one is a deliberate upgrade.").build())));
        deadLetterQueues.values().forEach(q -> suppressDeadLetterQueue(q));
        NagSuppressions.addResourceSuppressions(api, List.of(
                new NagPackSuppression.Builder().id("AwsSolutions-APIG2").reason("The functions validate every body"
                        + " strictly themselves (unknown fields rejected, sizes bounded): one validator, not two.").build(),
                new NagPackSuppression.Builder().id("AwsSolutions-APIG3").reason("A WAF web ACL is the account owner's"
                        + " choice and cost; stage throttling and the per-requester pending cap bound abuse.").build(),
                new NagPackSuppression.Builder().id("AwsSolutions-APIG6").reason("Execution logging needs the"
                        + " account-wide API Gateway CloudWatch role, which a reusable construct must not own; access"
                        + " logs record every request.").build(),
                new NagPackSuppression.Builder().id("AwsSolutions-APIG4").reason("Only /approvals/{token} is open:"
                        + " the signed single-use token in the path is the approver's credential (design.md).").build(),
                new NagPackSuppression.Builder().id("AwsSolutions-COG4").reason("Engineers authenticate with IAM"
                        + " (AWS_IAM authorization); approvers with the signed link. There are no Cognito users.").build()),
                true);
        slackWebhooks.filter(s -> s instanceof Secret).ifPresent(s -> NagSuppressions.addResourceSuppressions(s,
                List.of(new NagPackSuppression.Builder().id("AwsSolutions-SMG4").reason("Slack issues webhook URLs;"
                        + " they are replaced in Slack and pasted here, not rotated by a Lambda.").build())));
    }

    private static void suppressDeadLetterQueue(Queue queue) {
        NagSuppressions.addResourceSuppressions(queue, List.of(new NagPackSuppression.Builder()
                .id("AwsSolutions-SQS3").reason("This queue is itself a dead-letter queue (of a Lambda function and"
                        + " its EventBridge target).").build()));
    }

    private static NagPackSuppression suppress(String id, String reason, String appliesTo) {
        return new NagPackSuppression.Builder().id(id).reason(reason).appliesTo(List.of(appliesTo)).build();
    }

    private static NagPackSuppression suppressRegex(String id, String reason, String regex) {
        return new NagPackSuppression.Builder().id(id).reason(reason)
                .appliesTo(List.of(RegexAppliesTo.builder().regex(regex).build())).build();
    }

    // ---------------------------------------------------------------- accessors

    public RestApi api() {
        return api;
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    /** The state machine's ARN as the functions know it (built from its fixed name). */
    public String stateMachineArn() {
        return stateMachineArn;
    }

    public String stateMachineName() {
        return stateMachineName;
    }

    public Table requestsTable() {
        return requests;
    }

    public Table auditTable() {
        return audit;
    }

    public Table idempotencyTable() {
        return idempotency;
    }

    /** The incidents table, when incident handling is on. */
    public Optional<Table> incidentsTable() {
        return incidents;
    }

    public Key linkKey() {
        return linkKey;
    }

    public Optional<ISecret> slackWebhookSecret() {
        return slackWebhooks;
    }

    public ITopic alarmTopic() {
        return alarmTopic;
    }

    /** The {@value #ALIAS} alias of each function, by {@link FunctionSpec#id()}. */
    public Map<String, Alias> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    public Map<String, Function> functions() {
        return Collections.unmodifiableMap(functions);
    }

    public Map<String, Role> roles() {
        return Collections.unmodifiableMap(roles);
    }

    public String publicBaseUrl() {
        return publicBaseUrl;
    }

    public List<Alarm> alarms() {
        return Collections.unmodifiableList(alarms);
    }
}
