package dev.jita.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.app.InMemoryMetrics;
import dev.jita.app.JitaConfig;
import dev.jita.approvals.ApprovalsConfig;
import dev.jita.asl.EngineClock;
import dev.jita.asl.LambdaFunction;
import dev.jita.asl.LocalStepFunctions;
import dev.jita.domain.RuleBook;
import dev.jita.handlers.ApprovalFunction;
import dev.jita.handlers.GrantFunction;
import dev.jita.handlers.IncidentFunction;
import dev.jita.handlers.IntakeFunction;
import dev.jita.handlers.NotifyFunction;
import dev.jita.handlers.RevokeFunction;
import dev.jita.handlers.SweeperFunction;
import dev.jita.iam.IamRole;
import dev.jita.incidents.IncidentConfig;
import dev.jita.requests.Pause;
import dev.jita.rules.RulesFile;
import dev.jita.standins.LocalHmacSigner;
import dev.jita.standins.LocalIam;
import dev.jita.standins.Outbox;
import dev.jita.store.AuditLog;
import dev.jita.store.Caps;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import dev.jita.sweeper.SweeperConfig;
import dev.jita.wiring.JitaServices;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * jita on one machine, in one process: DynamoDB Local with jita's tables, the IAM stand-in with a few roles under
 * the eligible path, the local HMAC link key, the outbox, and the ASL interpreter running the real
 * approval.asl.json with the real handlers. Used by the workflow ITs (virtual time) and by {@code jita local}
 * (real or scaled time). Every handler reads the interpreter's clock, so the functions and the workflow agree on
 * what time it is.
 */
public final class LocalJita implements AutoCloseable {
    public static final String ACCOUNT = "111122223333";
    public static final String REGION = "eu-west-1";
    public static final String ELIGIBLE_PATH = "/jita/";
    /** The roles jita local always creates: the requesters, admins and auditors of config/rules.yaml. */
    public static final List<String> ROLES = List.of("Engineer", "DbaRole", "Auditor", "PlatformAdmin");
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws:iam::" + ACCOUNT + ":role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})");
    public static final String STATE_MACHINE = "jita-approval";
    public static final String NOTIFY = "notify";
    public static final String GRANT = "grant";
    public static final String REVOKE = "revoke";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    /** How long {@link #close()} lets function invocations in flight finish. */
    static final Duration DRAIN = Duration.ofSeconds(10);

    private final Object gate = new Object();
    private int inFlight;
    private boolean closing;
    private final AmazonDynamoDBLocal dynamoDbLocal;
    private final DynamoDbClient dynamoDb;
    private final StoreConfig storeConfig;
    private final String idempotencyTable;
    private final String incidentsTable;
    private final LocalStepFunctions sfn;
    private final String stateMachineArn;
    private final LocalWorkflow workflow;
    private final RequestStore store;
    private final AuditLog auditLog;
    private final LocalIam localIam;
    private final FailingIam iam;
    private final Map<String, IamRole> roles = new LinkedHashMap<>();
    private final LocalHmacSigner signer;
    private final Outbox outbox;
    private final InMemoryMetrics metrics = new InMemoryMetrics();
    private final RuleBook rules;
    private final Path rulesFile;
    private final IntakeFunction intake;
    private final ApprovalsConfig approvalsConfig;
    private final ApprovalFunction approvalFunction;
    private final IncidentFunction incidentFunction;
    private final SweeperFunction sweeperFunction;
    private final ClockFile clockFile;
    private final AccessKeys accessKeys;
    private final JitaServices services;

    private LocalJita(Builder b) {
        this.rulesFile = b.rulesFile != null ? b.rulesFile : defaultRulesFile();
        this.rules = RulesFile.load(rulesFile); // a bad file fails here, naming file, rule and field
        Path dir = b.dataDir != null ? DataDir.open(b.dataDir) : tempDir();
        this.dynamoDbLocal = b.dataDir != null ? DynamoDBEmbedded.create(dir.resolve(DataDir.DATABASE).toFile())
                : DynamoDBEmbedded.create();
        this.dynamoDb = dynamoDbLocal.dynamoDbClient();
        this.storeConfig = new StoreConfig("jita-requests", "jita-audit");
        this.idempotencyTable = "jita-idempotency";
        this.incidentsTable = "jita-incidents";
        createTables();
        this.signer = LocalHmacSigner.openOrCreate(dir.resolve(DataDir.LINK_KEY));
        // With a data directory jita's time goes on from the last run's, so links and audit times stay in order.
        this.clockFile = b.dataDir != null ? new ClockFile(dir.resolve(DataDir.CLOCK)) : null;
        EngineClock engineClock = clockFile != null ? clockFile.resume(b.clock) : b.clock;

        // The interpreter owns the clock; handlers are registered by name and built once the clock exists.
        Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();
        LocalStepFunctions.Builder engine = LocalStepFunctions.builder().clock(engineClock).arnScope(REGION, ACCOUNT);
        for (String name : List.of(NOTIFY, GRANT, REVOKE)) {
            engine.function(name, (payload, context) -> {
                enter();
                try {
                    return functions.get(name).handle(payload, context);
                } finally {
                    exit();
                }
            });
        }
        this.sfn = engine.build();
        Clock clock = sfn.clock();

        this.localIam = new LocalIam(ACCOUNT, new Random(b.seed));
        for (String role : roleNames(rules)) {
            roles.put(role, localIam.createRole(role, ELIGIBLE_PATH));
        }
        this.iam = new FailingIam(localIam);
        this.accessKeys = AccessKeys.openOrCreate(dir, ACCOUNT, REGION, List.copyOf(roles.keySet()),
                new SecureRandom());
        this.outbox = new Outbox(clock);
        this.stateMachineArn = sfn.createStateMachine(STATE_MACHINE, approvalDefinition(), Map.of(
                "NotifyFunctionArn", functionArn(NOTIFY),
                "GrantFunctionArn", functionArn(GRANT),
                "RevokeFunctionArn", functionArn(REVOKE)));
        this.workflow = new LocalWorkflow(sfn, stateMachineArn);

        // The composition root Lambda uses, on the stand-ins: links signed with the local key into the outbox.
        this.approvalsConfig = ApprovalsConfig.of(b.publicBaseUrl);
        JitaConfig config = new JitaConfig(storeConfig.requestsTable(), storeConfig.auditTable(), idempotencyTable,
                rulesFile, ELIGIBLE_PATH, b.publicBaseUrl, Optional.of(stateMachineArn), Optional.empty(),
                Optional.empty(), b.caps.maxPending(), b.caps.maxGrants());
        this.services = new JitaServices(JitaServices.Settings.of(config, approvalsConfig,
                new IncidentConfig(incidentsTable, IncidentConfig.DEFAULT_MAX_AGE, Map.of()),
                new SweeperConfig(ELIGIBLE_PATH, SweeperConfig.DEFAULT_GRACE, SweeperConfig.DEFAULT_RESTART_GRACE),
                Pause.NONE),
                JitaServices.Adapters.of(dynamoDb, dev.jita.standins.FixedTargets.single(ACCOUNT, iam), signer, workflow, outbox), () -> rules, clock, metrics);
        this.store = services.store();
        this.auditLog = services.auditLog();

        functions.put(GRANT, adapt(GRANT, new GrantFunction(services)));
        functions.put(REVOKE, adapt(REVOKE, new RevokeFunction(services)));
        functions.put(NOTIFY, b.notify != null ? b.notify : adapt(NOTIFY, new NotifyFunction(services)));
        this.intake = new IntakeFunction(services);
        this.approvalFunction = new ApprovalFunction(services);
        // Incident events (injected on /local/incidents) and the sweeper (run on a schedule by JitaLocalServer).
        this.incidentFunction = new IncidentFunction(services);
        this.sweeperFunction = new SweeperFunction(services);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The ARN jita local gives a function, as the workflow's substitutions name it. */
    public static String functionArn(String name) {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT + ":function:" + name;
    }

    /** A Lambda handler as the interpreter calls it: the payload as a Map in, the result as JSON out. */
    public static LambdaFunction adapt(String name, RequestHandler<Map<String, Object>, Map<String, Object>> handler) {
        return (payload, context) -> JSON.valueToTree(
                handler.handleRequest(JSON.convertValue(payload, MAP), LocalLambdaContext.of(name)));
    }

    /** statemachine/approval.asl.json, as the statemachine jar ships it: the very file CDK deploys. */
    public static String approvalDefinition() {
        try (InputStream in = LocalJita.class.getResourceAsStream("/approval.asl.json")) {
            if (in == null) {
                throw new IllegalStateException("approval.asl.json is not on the classpath; build the statemachine"
                        + " module first (mvn -pl statemachine install)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read approval.asl.json from the classpath", e);
        }
    }

    /** The composition root every handler here is built on, as in Lambda. */
    public JitaServices services() {
        return services;
    }

    /** The engineer routes' handler (POST /requests, GET /requests/{id}, revoke, cancel, audit...). */
    public IntakeFunction intake() {
        return intake;
    }

    /** The approver routes' handler: GET/HEAD/POST /approvals/{token}. */
    public ApprovalFunction approvals() {
        return approvalFunction;
    }

    /** The incident function: a whole EventBridge event (PagerDuty, Opsgenie, incident.io, jita.incident) in. */
    public IncidentFunction incidents() {
        return incidentFunction;
    }

    /** The sweeper function; jita local runs it every minute of its clock. */
    public SweeperFunction sweeper() {
        return sweeperFunction;
    }

    public String incidentsTable() {
        return incidentsTable;
    }

    /** Where approval links point: {@code <publicBaseUrl>/approvals/<token>}. */
    public ApprovalsConfig approvalsConfig() {
        return approvalsConfig;
    }

    public LocalStepFunctions stepFunctions() {
        return sfn;
    }

    public String stateMachineArn() {
        return stateMachineArn;
    }

    public LocalWorkflow workflow() {
        return workflow;
    }

    /** The execution of a request (execution name = requestId). */
    public String executionArn(String requestId) {
        return workflow.executionArn(requestId);
    }

    /** The interpreter's time, which every handler reads too. */
    public Clock clock() {
        return sfn.clock();
    }

    public RequestStore store() {
        return store;
    }

    public AuditLog auditLog() {
        return auditLog;
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public StoreConfig storeConfig() {
        return storeConfig;
    }

    public String idempotencyTable() {
        return idempotencyTable;
    }

    /** The IAM stand-in itself: roles and their inline policies as they are now. */
    public LocalIam localIam() {
        return localIam;
    }

    /** What the handlers talk to: the IAM stand-in behind a failure injector (a pass-through until armed). */
    public FailingIam iam() {
        return iam;
    }

    /**
     * {@link #ROLES}, then every other role of this account the rules name (requesters, admins, auditors), so that a
     * rules file of one's own can be tried with its own roles. Same rules, same order: same unique ids on every start.
     */
    static List<String> roleNames(RuleBook rules) {
        LinkedHashSet<String> names = new LinkedHashSet<>(ROLES);
        List<String> arns = new ArrayList<>(rules.admins());
        arns.addAll(rules.auditors());
        rules.rules().forEach(r -> arns.addAll(r.requesters()));
        for (String arn : arns) {
            Matcher role = ROLE_ARN.matcher(arn);
            if (role.matches()) {
                names.add(role.group(1));
            }
        }
        return List.copyOf(names);
    }

    /** One of the roles jita local created, with the unique id ({@code AROA...}) its sessions' aws:userid starts with. */
    public IamRole role(String roleName) {
        IamRole role = roles.get(roleName);
        if (role == null) {
            throw new IllegalArgumentException("jita local has no role " + roleName + "; it has " + roles.keySet());
        }
        return role;
    }

    /** The aws:userid of a session of one of jita local's roles: {@code <roleUniqueId>:<session>}. */
    public String userId(String roleName, String session) {
        return role(roleName).roleId() + ":" + session;
    }


    /** The access keys of the demo principals, one per role, for SigV4-signed API calls. */
    public AccessKeys accessKeys() {
        return accessKeys;
    }

    public LocalHmacSigner signer() {
        return signer;
    }

    public Outbox outbox() {
        return outbox;
    }

    public InMemoryMetrics metrics() {
        return metrics;
    }

    public RuleBook rules() {
        return rules;
    }

    public Path rulesFile() {
        return rulesFile;
    }

    /**
     * Stops jita as a crash would leave it, minus the half-done steps: function invocations in flight finish (up to
     * {@link #DRAIN}), no new one starts, then DynamoDB Local stops, then the interpreter. Stopping the interpreter
     * first would interrupt running functions, and the workflow's Catch paths would record requests as FAILED
     * for nothing but a Ctrl-C; with the store gone first, whatever still runs can change nothing.
     */
    @Override
    public void close() {
        synchronized (gate) {
            closing = true;
            long deadline = System.nanoTime() + DRAIN.toNanos();
            long left;
            while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    gate.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        dynamoDb.close();
        dynamoDbLocal.shutdown();
        sfn.close();
        if (clockFile != null) {
            clockFile.stop(sfn.clock().instant());
        }
    }

    /** Holds an invocation back for good once closing (the interpreter's shutdown interrupts it). */
    private void enter() throws InterruptedException {
        synchronized (gate) {
            while (closing) {
                gate.wait();
            }
            inFlight++;
        }
    }

    private void exit() {
        synchronized (gate) {
            inFlight--;
            gate.notifyAll();
        }
    }

    private void createTables() {
        for (TableDef def : List.of(Tables.requests(storeConfig.requestsTable()), Tables.audit(storeConfig.auditTable()),
                Tables.idempotency(idempotencyTable), Tables.incidents(incidentsTable))) {
            try {
                // No TTL: DynamoDB Local expires items by the real clock, which a scaled clock outruns and a
                // virtual one lags; the stores check expiry themselves, so nothing depends on the deletion.
                dynamoDb.createTable(Tables.createTableRequest(def));
            } catch (ResourceInUseException kept) {
                // --data-dir: the table survived a restart; one kept from an older jita may lack a newer index
                Tables.missingIndexes(def, dynamoDb.describeTable(d -> d.tableName(def.name())).table())
                        .forEach(dynamoDb::updateTable);
            }
        }
    }

    private static Path defaultRulesFile() {
        for (Path candidate : List.of(Path.of("config", "rules.yaml"), Path.of("..", "config", "rules.yaml"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no rules file: run from the jita checkout (config/rules.yaml) or pass one");
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("jita-local-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a temporary directory for jita local's key file", e);
        }
    }

    /** How to build a {@link LocalJita}. */
    public static final class Builder {
        private EngineClock clock = EngineClock.real();
        private Path rulesFile;
        private Path dataDir;
        private long seed = 1;
        private LambdaFunction notify;
        private URI publicBaseUrl = URI.create("http://127.0.0.1:8080");
        private Caps caps = new Caps(dev.jita.app.JitaConfig.DEFAULT_MAX_PENDING,
                dev.jita.app.JitaConfig.DEFAULT_MAX_GRANTS);

        private Builder() {
        }

        /** Virtual for tests, real or scaled for jita local. Default: real. */
        public Builder clock(EngineClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Default: config/rules.yaml of the checkout. */
        public Builder rulesFile(Path rulesFile) {
            this.rulesFile = rulesFile;
            return this;
        }

        /**
         * Keeps DynamoDB Local's data, the link key and jita's time (real or scaled) here across restarts, readable
         * by the owner only; default: in memory, key in a temp dir.
         */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        /** Seeds the IAM stand-in's role unique ids, so they are the same on every start. Default 1. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The base of approval links; default http://127.0.0.1:8080. */
        public Builder publicBaseUrl(URI publicBaseUrl) {
            this.publicBaseUrl = Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
            return this;
        }

        /** Replaces the notify step (default: the real one, links into the outbox), e.g. to make it fail. */
        public Builder notify(LambdaFunction notify) {
            this.notify = notify;
            return this;
        }

        /** The caps on one requester role's pending, and pending or granted, requests (429 beyond). */
        public Builder caps(Caps caps) {
            this.caps = Objects.requireNonNull(caps, "caps");
            return this;
        }

        public LocalJita build() {
            return new LocalJita(this);
        }
    }
}
