package dev.jita.infra;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.EventSourceMappingOptions;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.StartingPosition;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.lambda.eventsources.SqsDlq;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * One Lambda function per {@link FunctionSpec} from the one shaded jar, the rules file in a layer: each with a log
 * group and a role of its own (no managed policy, only {@link FunctionPolicies}' statements), its
 * {@link FunctionEnvironment}, SnapStart on the version behind the alias {@value JitaApproval#ALIAS}, and for the
 * asynchronously invoked ones a dead-letter queue and Lambda's retry settings on the alias; the export function
 * reads the audit table's stream through an event source mapping on its alias, with a dead-letter queue too.
 */
final class Functions {
    private final Map<String, Function> functions = new LinkedHashMap<>();
    private final Map<String, Role> roles = new LinkedHashMap<>();
    private final Map<String, Alias> aliases = new LinkedHashMap<>();
    private final Map<String, Queue> deadLetterQueues = new LinkedHashMap<>();
    private final Map<String, LogGroup> logs = new LinkedHashMap<>();

    /** Declares every function of {@code props} in {@code scope}, the rules layer from {@code rulesFolder}. */
    Functions(Construct scope, JitaApprovalProps props, Path rulesFolder, FunctionEnvironment environment,
              FunctionPolicies policies) {
        LayerVersion rules = LayerVersion.Builder.create(scope, "RulesLayer")
                .description("jita rules file, validated at synth; read from " + SynthInputs.RULES_IN_LAMBDA)
                .code(Code.fromAsset(rulesFolder.toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                .build();
        Code code = Code.fromAsset(props.functionsJar().toString());
        for (FunctionSpec spec : props.functions()) {
            declare(scope, props, spec, code, rules, environment, policies);
        }
    }

    private void declare(Construct scope, JitaApprovalProps props, FunctionSpec spec, Code code, LayerVersion rules,
                         FunctionEnvironment environment, FunctionPolicies policies) {
        String name = capitalized(spec.id());
        LogGroup log = LogGroups.retained(scope, name + "Logs", props.logRetention());
        // A role of its own with no managed policy: only what the spec's capabilities add below.
        Role role = Role.Builder.create(scope, name + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("jita " + spec.id() + " function")
                .build();
        log.grantWrite(role);
        Function.Builder fn = Function.Builder.create(scope, name + "Function")
                .description("jita " + spec.id() + " (" + spec.handlerClass() + ")")
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(spec.handlerClass())
                .code(code)
                .layers(List.of(rules))
                .memorySize(spec.memoryMb())
                .timeout(Duration.seconds(spec.timeout().toSeconds()))
                .role(role)
                .logGroup(log)
                .tracing(Tracing.ACTIVE)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .environment(environment.of(spec));
        if (spec.async()) {
            Queue dlq = Queue.Builder.create(scope, name + "DeadLetters")
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true)
                    .retentionPeriod(Duration.days(14))
                    .build();
            deadLetterQueues.put(spec.id(), dlq);
            fn.deadLetterQueue(dlq);
        }
        Function function = fn.build();
        Annotations.of(function).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                "Published: API Gateway and the workflow call the alias '" + JitaApproval.ALIAS
                        + "' on the current version.");
        for (PolicyStatement statement : policies.of(spec)) {
            role.addToPolicy(statement);
        }
        Alias.Builder alias = Alias.Builder.create(scope, name + "Live")
                .aliasName(JitaApproval.ALIAS)
                .version(function.getCurrentVersion());
        if (spec.async()) {
            // On the alias, which EventBridge invokes: Lambda's own retries of a failed invocation.
            AsyncRetries retries = asyncRetries(props, spec);
            alias.retryAttempts(retries.attempts()).maxEventAge(retries.maxEventAge());
        }
        Alias built = alias.build();
        if (spec.capabilities().contains(Capability.READ_AUDIT_STREAM)) {
            deadLetterQueues.put(spec.id(), readAuditStream(scope, name, built, policies.storage()));
        }
        functions.put(spec.id(), function);
        logs.put(spec.id(), log);
        roles.put(spec.id(), role);
        aliases.put(spec.id(), built);
    }

    /**
     * The audit table's stream into {@code alias}: a batch of up to 100 entries or a minute's worth, whichever comes
     * first (entries reach the bucket within minutes). A failed record is retried from it on (the handler reports
     * batchItemFailures), a failing batch is halved to isolate the record, and after {@value #STREAM_RETRIES}
     * retries or {@value #STREAM_MAX_RECORD_AGE_HOURS} hours the failed range goes to a dead-letter queue (which
     * alarms) instead of blocking the shard; the entries are still in the table, so they can be exported again.
     */
    private static Queue readAuditStream(Construct scope, String name, Alias alias, Storage storage) {
        Queue dlq = Queue.Builder.create(scope, name + "DeadLetters")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        alias.addEventSourceMapping("AuditStream", EventSourceMappingOptions.builder()
                .eventSourceArn(storage.audit().getTableStreamArn())
                .startingPosition(StartingPosition.TRIM_HORIZON)
                .batchSize(100)
                .maxBatchingWindow(Duration.minutes(1))
                .bisectBatchOnError(true)
                .retryAttempts(STREAM_RETRIES)
                .maxRecordAge(Duration.hours(STREAM_MAX_RECORD_AGE_HOURS))
                .reportBatchItemFailures(true)
                .onFailure(new SqsDlq(dlq))
                .build());
        return dlq;
    }

    static final int STREAM_RETRIES = 10;
    static final int STREAM_MAX_RECORD_AGE_HOURS = 6;

    private record AsyncRetries(int attempts, Duration maxEventAge) {
    }

    /**
     * Incident events: Lambda's two retries (a request whose workflow is not waiting yet succeeds a minute later),
     * no longer than the function would accept the event anyway. The sweeper: none, its next run is the retry.
     */
    private static AsyncRetries asyncRetries(JitaApprovalProps props, FunctionSpec spec) {
        if (spec.id().equals(FunctionSpec.ACTIVITY.id())) {
            // A CloudTrail call recorded late is still worth recording; the marker item makes a retry change nothing.
            return new AsyncRetries(2, clamp(java.time.Duration.ofHours(6), java.time.Duration.ofHours(6)));
        }
        if (spec.id().equals(FunctionSpec.SWEEPER.id())) {
            return new AsyncRetries(0, clamp(props.sweeper().orElseThrow().interval(), java.time.Duration.ofHours(6)));
        }
        return new AsyncRetries(2, clamp(props.incidents().effectiveMaxEventAge(), java.time.Duration.ofHours(6)));
    }

    /** Between one minute and {@code max}: the range Lambda and EventBridge accept for a maximum event age. */
    static Duration clamp(java.time.Duration age, java.time.Duration max) {
        long seconds = Math.max(60, Math.min(age.toSeconds(), max.toSeconds()));
        return Duration.seconds(seconds);
    }

    /** The prefix of a function's construct ids: "intake" gives IntakeFunction, IntakeRole, IntakeErrorsAlarm. */
    static String capitalized(String id) {
        return Character.toUpperCase(id.charAt(0)) + id.substring(1);
    }

    /** The alias of one function; it must be declared. */
    Alias alias(FunctionSpec spec) {
        return aliases.get(spec.id());
    }

    /** The {@value JitaApproval#ALIAS} alias of each function, by {@link FunctionSpec#id()}. */
    Map<String, Alias> aliases() {
        return Collections.unmodifiableMap(aliases);
    }

    Map<String, Function> functions() {
        return Collections.unmodifiableMap(functions);
    }

    Map<String, Role> roles() {
        return Collections.unmodifiableMap(roles);
    }

    /** The dead-letter queues of the asynchronously invoked functions and of the stream's export, by function id. */
    Map<String, Queue> deadLetterQueues() {
        return Collections.unmodifiableMap(deadLetterQueues);
    }

    /** Each function's log group, by function id. */
    Map<String, LogGroup> logs() {
        return Collections.unmodifiableMap(logs);
    }
}
