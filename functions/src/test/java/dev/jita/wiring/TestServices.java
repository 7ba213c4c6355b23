package dev.jita.wiring;

import dev.jita.app.InMemoryMetrics;
import dev.jita.app.JitaConfig;
import dev.jita.app.Metrics;
import dev.jita.approvals.ApprovalsConfig;
import dev.jita.domain.RuleBook;
import dev.jita.grants.RemoteRevoker;
import dev.jita.iam.IamGateway;
import dev.jita.iam.TargetAccounts;
import dev.jita.standins.FixedTargets;
import dev.jita.incidents.IncidentConfig;
import dev.jita.links.MacSigner;
import dev.jita.notifications.Notifier;
import dev.jita.app.Pause;
import dev.jita.standins.TestAuditKey;
import dev.jita.store.Caps;
import dev.jita.store.StoreConfig;
import dev.jita.sweeper.SweeperConfig;
import dev.jita.workflow.Workflow;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The composition root on a test's own tables and fakes: what a test does not give, its use cases do not get. */
public final class TestServices {
    private final DynamoDbClient dynamoDb;
    private final StoreConfig tables;
    private final Clock clock;
    private String idempotencyTable = "no-idempotency-table";
    private String incidentsTable = "no-incidents-table";
    private Supplier<RuleBook> rules;
    private TargetAccounts targets;
    private MacSigner signer;
    private Workflow workflow;
    private Notifier notifier;
    private RemoteRevoker revokeFunction;
    private dev.jita.export.ExportStore exportStore;
    private Metrics metrics = new InMemoryMetrics();
    private Caps caps = new Caps(JitaConfig.DEFAULT_MAX_PENDING, JitaConfig.DEFAULT_MAX_GRANTS);
    private ApprovalsConfig approvals = ApprovalsConfig.of(URI.create("https://jita.example.com/prod"));
    private IncidentConfig incidents;
    private SweeperConfig sweeper = new SweeperConfig("/jita/", SweeperConfig.DEFAULT_GRACE,
            SweeperConfig.DEFAULT_RESTART_GRACE);

    private TestServices(DynamoDbClient dynamoDb, StoreConfig tables, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tables = tables;
        this.clock = clock;
    }

    public static TestServices on(DynamoDbClient dynamoDb, StoreConfig tables, Clock clock) {
        return new TestServices(dynamoDb, tables, clock);
    }

    public TestServices rules(Supplier<RuleBook> rules) {
        this.rules = rules;
        return this;
    }

    public TestServices idempotencyTable(String table) {
        this.idempotencyTable = table;
        return this;
    }

    /** IAM in the one account of the tests' requesters, 111122223333. */
    public TestServices iam(IamGateway iam) {
        this.targets = FixedTargets.single("111122223333", iam);
        return this;
    }

    /** IAM per account. */
    public TestServices targets(TargetAccounts targets) {
        this.targets = targets;
        return this;
    }

    public TestServices signer(MacSigner signer) {
        this.signer = signer;
        return this;
    }

    public TestServices workflow(Workflow workflow) {
        this.workflow = workflow;
        return this;
    }

    public TestServices notifier(Notifier notifier) {
        this.notifier = notifier;
        return this;
    }

    /** The revoke function as intake and incident have it in AWS: for requests outside the home account. */
    public TestServices revokeFunction(RemoteRevoker revokeFunction) {
        this.revokeFunction = revokeFunction;
        return this;
    }

    /** The audit export (verify from the export, the export function). */
    public TestServices exportStore(dev.jita.export.ExportStore exportStore) {
        this.exportStore = exportStore;
        return this;
    }

    public TestServices metrics(Metrics metrics) {
        this.metrics = metrics;
        return this;
    }

    public TestServices caps(Caps caps) {
        this.caps = caps;
        return this;
    }

    public TestServices approvals(ApprovalsConfig approvals) {
        this.approvals = approvals;
        return this;
    }

    public TestServices incidents(IncidentConfig incidents) {
        this.incidents = incidents;
        this.incidentsTable = incidents.incidentsTable();
        return this;
    }

    public TestServices sweeper(SweeperConfig sweeper) {
        this.sweeper = sweeper;
        return this;
    }

    public JitaServices build() {
        JitaConfig config = new JitaConfig(tables.requestsTable(), tables.auditTable(), idempotencyTable,
                Path.of("../config/rules.yaml"), sweeper.eligibleRolePath(), approvals.publicBaseUrl(),
                Optional.empty(), Optional.empty(), Optional.empty(), caps.maxPending(), caps.maxGrants());
        IncidentConfig incidentConfig = incidents != null ? incidents
                : new IncidentConfig(incidentsTable, IncidentConfig.DEFAULT_MAX_AGE, Map.of());
        JitaServices.Adapters fixed = JitaServices.Adapters.of(dynamoDb, targets, signer,
                TestAuditKey.SIGNER, workflow, notifier);
        JitaServices.Adapters adapters = revokeFunction == null ? fixed : withRevokeFunction(fixed, revokeFunction);
        return new JitaServices(JitaServices.Settings.of(config, approvals, incidentConfig, sweeper, Pause.NONE),
                exportStore == null ? adapters : JitaServices.Adapters.withExportStore(adapters, exportStore),
                java.util.Objects.requireNonNull(rules, "rules"), clock, metrics);
    }

    private static JitaServices.Adapters withRevokeFunction(JitaServices.Adapters fixed, RemoteRevoker revokeFunction) {
        return new JitaServices.Adapters() {
            @Override
            public DynamoDbClient dynamoDb() {
                return fixed.dynamoDb();
            }

            @Override
            public TargetAccounts targets() {
                return fixed.targets();
            }

            @Override
            public MacSigner auditSigner() {
                return fixed.auditSigner();
            }

            @Override
            public MacSigner linkSigner() {
                return fixed.linkSigner();
            }

            @Override
            public Workflow workflow() {
                return fixed.workflow();
            }

            @Override
            public Notifier notifier() {
                return fixed.notifier();
            }

            @Override
            public Optional<RemoteRevoker> revokeFunction() {
                return Optional.of(revokeFunction);
            }
        };
    }
}
