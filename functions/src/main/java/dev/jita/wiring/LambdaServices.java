package dev.jita.wiring;

import dev.jita.app.AwsClients;
import dev.jita.app.AwsErrors;
import dev.jita.app.Clients;
import dev.jita.app.Environment;
import dev.jita.app.JitaConfig;
import dev.jita.app.Metrics;
import dev.jita.app.PowertoolsMetrics;
import dev.jita.approvals.ApprovalsConfig;
import dev.jita.approvals.Notifiers;
import dev.jita.export.ExportStore;
import dev.jita.export.S3ExportStore;
import dev.jita.grants.LambdaRevoker;
import dev.jita.grants.RemoteRevoker;
import dev.jita.iam.AssumedTargets;
import dev.jita.iam.AwsIamGateway;
import dev.jita.iam.StsRoleAssumer;
import dev.jita.iam.TargetAccounts;
import dev.jita.iam.TargetConfig;
import dev.jita.identitycenter.AwsIdentityCenter;
import dev.jita.identitycenter.IdentityCenter;
import dev.jita.identitycenter.IdentityCenterConfig;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import dev.jita.incidents.IncidentConfig;
import dev.jita.links.KmsMacSigner;
import dev.jita.links.MacSigner;
import dev.jita.notifications.Notifier;
import dev.jita.app.Pause;
import dev.jita.rules.RulesFile;
import dev.jita.sweeper.SweeperConfig;
import dev.jita.workflow.SfnWorkflow;
import dev.jita.workflow.Workflow;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * {@link JitaServices} as a Lambda function builds it: configuration from the environment CDK sets, AWS's clients,
 * Powertools metrics, the system clock. The same wiring runs on offline clients for SnapStart priming.
 */
public final class LambdaServices {
    /** The session name of jita's role in the Identity Center account: CloudTrail there shows jita's calls by it. */
    static final String IDENTITY_CENTER_SESSION = "jita";
    private LambdaServices() {
    }

    /** The services of the function named {@code function} (its metrics' service name), on AWS's clients. */
    public static JitaServices forFunction(String function) {
        return of(System.getenv(), AwsClients.lambda(), new PowertoolsMetrics(function), Clock.systemUTC());
    }

    /** The Lambda wiring on any clients: AWS's, or offline ones that answer in-process (priming). */
    public static JitaServices of(Map<String, String> env, Clients clients, Metrics metrics, Clock clock) {
        JitaConfig config = JitaConfig.fromEnvironment(env);
        JitaServices.Settings settings = new JitaServices.Settings(config,
                () -> ApprovalsConfig.fromEnvironment(config, env), () -> IncidentConfig.fromEnvironment(env),
                () -> SweeperConfig.fromEnvironment(env), Pause.SLEEP);
        var rules = RulesFile.load(config.rulesFile());
        return new JitaServices(settings, new AwsAdapters(env, config, settings, clients, clock), () -> rules, clock, metrics);
    }

    /** Secrets Manager GetSecretValue: the secret's current string. Errors name the secret, never its value. */
    static String readSecret(SecretsManagerClient secrets, String secretId) {
        try {
            String value = secrets.getSecretValue(r -> r.secretId(secretId)).secretString();
            if (value == null) {
                throw new IllegalStateException("the secret " + secretId + " holds no string (a binary secret?);"
                        + " store the Slack webhooks as a JSON string");
            }
            return value;
        } catch (SdkException e) {
            throw new IllegalStateException("could not read the secret " + secretId + " (" + AwsErrors.reason(e)
                    + "); check"
                    + " that it exists and that the notify function may secretsmanager:GetSecretValue on it", e);
        }
    }

    /** AWS behind jita's ports, each built on first use from the function's own environment. */
    private static final class AwsAdapters implements JitaServices.Adapters {
        private final Clients clients;
        private final Supplier<TargetAccounts> targets;
        private final Supplier<MacSigner> signer;
        private final Supplier<MacSigner> auditSigner;
        private final Supplier<Workflow> workflow;
        private final Supplier<Notifier> notifier;
        private final Optional<RemoteRevoker> revokeFunction;
        private final Optional<ExportStore> exportStore;
        private final Optional<IdentityCenterConfig> identityCenterConfig;
        private final Supplier<IdentityCenter> identityCenter;

        AwsAdapters(Map<String, String> env, JitaConfig config, JitaServices.Settings settings, Clients clients,
                    Clock clock) {
            this.clients = clients;
            this.targets = JitaServices.once(() -> {
                // The target role's ARN carries the partition of the function's own region (aws, aws-cn, ...).
                TargetConfig accounts = TargetConfig.fromEnvironment(env,
                        PartitionMetadata.of(clients.iam().serviceClientConfiguration().region()).id());
                return new AssumedTargets(accounts, new AwsIamGateway(clients.iam()),
                        new StsRoleAssumer(clients.sts(), clients::iam, accounts), clock);
            });
            this.signer = JitaServices.once(() -> new KmsMacSigner(clients.kms(), config.linkKeyId()
                    .orElseThrow(() -> new IllegalStateException("environment variable " + Environment.LINK_KEY_ID
                            + " is not set; approval links are signed with that KMS HMAC key")),
                    config.previousLinkKeyId()));
            this.auditSigner = JitaServices.once(() -> new KmsMacSigner(clients.kms(),
                    Optional.ofNullable(env.get(Environment.AUDIT_KEY_ID)).map(String::strip).filter(k -> !k.isEmpty())
                            .orElseThrow(() -> new IllegalStateException("environment variable "
                                    + Environment.AUDIT_KEY_ID + " is not set; audit entries are signed with that KMS"
                                    + " HMAC key")),
                    Optional.empty()));
            // Answering and cancelling a task (SendTaskSuccess/Failure) needs no state machine ARN; starting does.
            this.workflow = JitaServices.once(() -> new SfnWorkflow(clients.sfn(), config.stateMachineArn().orElse("")));
            this.notifier = JitaServices.once(() -> Notifiers.forAws(settings.approvals().get(), clients::ses,
                    id -> readSecret(clients.secretsManager(), id),
                    () -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()));
            // Intake and incident: a request in another account is revoked by the revoke function, which alone (with
            // grant and sweeper) may assume jita's target role there. The client is built on the first such revoke.
            this.revokeFunction = Optional.ofNullable(env.get(Environment.REVOKE_FUNCTION)).map(String::strip)
                    .filter(arn -> !arn.isEmpty())
                    .map(arn -> {
                        Supplier<LambdaRevoker> revoker =
                                JitaServices.once(() -> new LambdaRevoker(clients.lambda(), arn));
                        return call -> revoker.get().revokeNow(call);
                    });
            this.identityCenterConfig = IdentityCenterConfig.fromEnvironment(env);
            this.identityCenter = JitaServices.once(() -> awsIdentityCenter(identityCenterConfig.orElseThrow(),
                    clients));
            // The export function writes the bucket, intake reads it (verify from the export); S3 on first use.
            this.exportStore = Optional.ofNullable(env.get(Environment.EXPORT_BUCKET)).map(String::strip)
                    .filter(bucket -> !bucket.isEmpty())
                    .map(bucket -> {
                        Supplier<S3ExportStore> s3 = JitaServices.once(() -> new S3ExportStore(clients.s3(), bucket));
                        return new ExportStore() {
                            @Override
                            public void put(java.time.LocalDate day, String name, java.util.List<String> lines) {
                                s3.get().put(day, name, lines);
                            }

                            @Override
                            public java.util.List<String> lines(java.time.LocalDate day) {
                                return s3.get().lines(day);
                            }
                        };
                    });
        }

        @Override
        public DynamoDbClient dynamoDb() {
            return clients.dynamoDb();
        }

        @Override
        public TargetAccounts targets() {
            return targets.get();
        }

        @Override
        public MacSigner linkSigner() {
            return signer.get();
        }

        @Override
        public MacSigner auditSigner() {
            return auditSigner.get();
        }

        @Override
        public Workflow workflow() {
            return workflow.get();
        }

        @Override
        public Notifier notifier() {
            return notifier.get();
        }

        @Override
        public Optional<RemoteRevoker> revokeFunction() {
            return revokeFunction;
        }

        @Override
        public Optional<ExportStore> exportStore() {
            return exportStore;
        }

        @Override
        public Optional<IdentityCenter> identityCenter() {
            return identityCenterConfig.map(config -> identityCenter.get());
        }
    }

    /**
     * IAM Identity Center through jita's role in the account that administers it (assumed with the function's STS
     * client, refreshed by the SDK before it expires), or with the function's own credentials when jita runs in
     * that account. The clients are built with the use case that needs them (grant, revoke, sweeper: inside SnapStart's
     * snapshot, since priming builds those use cases), never in a function that does not use them, and no call is made
     * until the first Identity Center grant, revoke or sweep (the role is assumed then).
     */
    private static IdentityCenter awsIdentityCenter(IdentityCenterConfig config, Clients clients) {
        Region region = config.region().map(Region::of).orElseGet(() -> clients.sts().serviceClientConfiguration()
                .region());
        AwsCredentialsProvider credentials = config.roleArn().<AwsCredentialsProvider>map(role ->
                StsAssumeRoleCredentialsProvider.builder()
                        .stsClient(clients.sts())
                        .refreshRequest(r -> r.roleArn(role).roleSessionName(IDENTITY_CENTER_SESSION)
                                .durationSeconds(900))
                        .build())
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        return new AwsIdentityCenter(AwsClients.ssoAdmin(region, credentials),
                AwsClients.identityStore(region, credentials), config.instanceArn(), config.identityStoreId());
    }
}
