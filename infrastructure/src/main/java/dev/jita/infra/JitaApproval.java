package dev.jita.infra;

import dev.jita.store.Tables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Lazy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * jita in one construct: the REST API, one Lambda function per {@link FunctionSpec} (SnapStart on the alias
 * {@value #ALIAS}), the approval workflow from approval.asl.json, the DynamoDB tables of {@link Tables}, the KMS
 * key that signs links, incident rules, the sweeper schedule, the alarms, and the audit export bucket the audit
 * table's stream reaches through the export function.
 *
 * <p>Composed from parts, in the order they depend on each other: {@link Storage} (tables, link key, Slack secret),
 * {@link Workflow} (its fixed name and ARN first, the state machine once the functions exist), {@link JitaApi},
 * {@link Functions} with their {@link FunctionEnvironment} and least-privilege {@link FunctionPolicies},
 * {@link EventRules}, {@link Alarms} and the cdk-nag {@link Suppressions}. The parts are plain classes that declare
 * their resources in this construct's own scope, not child constructs: a resource's logical ID is derived from its
 * construct path, so a new level in the path would give every table, key and function a new logical ID, and
 * CloudFormation would replace them in deployed stacks (new, empty tables; a new link key that no sent link verifies
 * under). The tests find resources as direct children of this construct for the same reason.
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

    private final Storage storage;
    private final Workflow workflow;
    private final JitaApi api;
    private final Functions functions;
    private final StateMachine stateMachine;
    private final Alarms alarms;

    public JitaApproval(Construct scope, String id, JitaApprovalProps props) {
        super(scope, id);

        // Inputs first: a bad rules file or a missing jar stops synth before anything is declared.
        Path rulesFolder = SynthInputs.validatedRulesFolder(props.rulesFile());
        List<String> missing = SynthInputs.missingHandlers(props.functionsJar(), props.functions());
        for (String handler : missing) {
            Annotations.of(this).addWarningV2("jita:missingHandler", "The functions jar has no " + handler
                    + "; deploying now would fail when Lambda publishes that function's SnapStart version.");
        }
        SynthInputs.requireSubstitutions(props.workflowDefinition(), Workflow.SUBSTITUTIONS.keySet());

        requireHomeAccountNotListed(props);
        storage = Storage.declare(this, props);
        workflow = new Workflow(this, props);
        api = new JitaApi(this, props);
        // Intake and the incident function invoke the revoke function's alias, declared with (after) them: its ARN
        // reaches their environment and policy as a token that resolves once every function exists.
        AtomicReference<Functions> declared = new AtomicReference<>();
        String revokeFunctionArn = Lazy.string(() -> declared.get().alias(FunctionSpec.REVOKE).getFunctionArn());
        functions = new Functions(this, props, rulesFolder,
                new FunctionEnvironment(props, storage, workflow.arn(), api.publicBaseUrl(),
                        Stack.of(this).getAccount(), revokeFunctionArn),
                new FunctionPolicies(Stack.of(this), props, storage, workflow.arn(), workflow.name(),
                        revokeFunctionArn));
        declared.set(functions);
        stateMachine = workflow.declare(functions.aliases());
        api.route(functions.alias(FunctionSpec.INTAKE), functions.alias(FunctionSpec.APPROVAL));
        EventRules.declare(this, props, functions);
        alarms = new Alarms(this, props, functions, stateMachine);
        Suppressions.add(functions, stateMachine, api.restApi(), storage.slackWebhooks());
        Suppressions.auditExport(storage.auditExport());
    }

    /** The jita account is swept and granted in with the functions' own credentials; as a target it would be twice. */
    private void requireHomeAccountNotListed(JitaApprovalProps props) {
        String account = Stack.of(this).getAccount();
        if (!Token.isUnresolved(account) && props.targetAccounts().contains(account)) {
            throw new IllegalArgumentException("target account " + account + " is the jita account itself, which"
                    + " jita always serves with its own credentials; leave it out of the target accounts");
        }
    }

    public RestApi api() {
        return api.restApi();
    }

    public StateMachine stateMachine() {
        return stateMachine;
    }

    /** The state machine's ARN as the functions know it (built from its fixed name). */
    public String stateMachineArn() {
        return workflow.arn();
    }

    public String stateMachineName() {
        return workflow.name();
    }

    public Table requestsTable() {
        return storage.requests();
    }

    public Table auditTable() {
        return storage.audit();
    }

    public Table idempotencyTable() {
        return storage.idempotency();
    }

    /** The incidents table, when incident handling is on. */
    public Optional<Table> incidentsTable() {
        return storage.incidents();
    }

    public Key linkKey() {
        return storage.linkKey();
    }

    /** The KMS HMAC key whose MAC every audit entry carries; for audit alone. */
    public Key auditKey() {
        return storage.auditKey();
    }

    /** The bucket (Object Lock, compliance mode) the audit table's stream is exported to. */
    public Bucket auditExportBucket() {
        return storage.auditExport();
    }

    public Optional<ISecret> slackWebhookSecret() {
        return storage.slackWebhooks();
    }

    public ITopic alarmTopic() {
        return alarms.topic();
    }

    /** The {@value #ALIAS} alias of each function, by {@link FunctionSpec#id()}. */
    public Map<String, Alias> aliases() {
        return functions.aliases();
    }

    public Map<String, Function> functions() {
        return functions.functions();
    }

    public Map<String, Role> roles() {
        return functions.roles();
    }

    public String publicBaseUrl() {
        return api.publicBaseUrl();
    }

    public List<Alarm> alarms() {
        return alarms.alarms();
    }
}
