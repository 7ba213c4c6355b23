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
import dev.jita.domain.Glob;
import dev.jita.domain.RuleBook;
import dev.jita.handlers.ApprovalFunction;
import dev.jita.handlers.GrantFunction;
import dev.jita.handlers.ActivityFunction;
import dev.jita.handlers.IncidentFunction;
import dev.jita.handlers.IntakeFunction;
import dev.jita.handlers.NotifyFunction;
import dev.jita.handlers.RevokeFunction;
import dev.jita.handlers.SweeperFunction;
import dev.jita.app.Environment;
import dev.jita.grants.IdentityCenterGrants;
import dev.jita.iam.AssumedTargets;
import dev.jita.iam.EligibleRoles;
import dev.jita.iam.IamRole;
import dev.jita.iam.StsRoleAssumer;
import dev.jita.iam.TargetConfig;
import dev.jita.incidents.IncidentConfig;
import dev.jita.app.Pause;
import dev.jita.rules.RulesFile;
import dev.jita.standins.LocalHmacSigner;
import dev.jita.standins.LocalCalls;
import dev.jita.standins.LocalIam;
import dev.jita.standins.LocalIdentityCenter;
import dev.jita.standins.LocalSts;
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
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import dev.jita.export.FolderExportStore;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * jita on one machine, in one process: DynamoDB Local with jita's tables, three accounts of an organization (the jita
 * account 111122223333, account B 444455556666 with jita's target role, account C 777788889999 configured but
 * without it), each with its IAM stand-in and a few roles under the eligible path, the STS stand-in that enforces the
 * target roles' trust, the local HMAC link key, the outbox, and the ASL interpreter running the real
 * approval.asl.json with the real handlers. Used by the workflow ITs (virtual time) and by {@code jita local}
 * (real or scaled time). Every handler reads the interpreter's clock, so the functions and the workflow agree on
 * what time it is.
 */
public final class LocalJita implements AutoCloseable {
    /** The jita account: jita's own functions, and roles of its own (the walk-through's Engineer). */
    public static final String ACCOUNT = "111122223333";
    /** Account B of the organization: jita's target role deployed, so grants there work. */
    public static final String ACCOUNT_B = "444455556666";
    /** Account C: configured as a target but without jita's target role (a real misconfiguration): GRANT_FAILED. */
    public static final String ACCOUNT_C = "777788889999";
    /** What JITA_TARGET_ACCOUNTS holds in jita local. */
    public static final List<String> TARGET_ACCOUNTS = List.of(ACCOUNT_B, ACCOUNT_C);
    /** The role jita's functions run as in jita local; the target roles' trust names exactly this one. */
    public static final String FUNCTIONS_ROLE = "jita-local-functions";
    /** The session of {@link #FUNCTIONS_ROLE} that calls STS, as a Lambda function's session ARN reads. */
    public static final String FUNCTIONS_SESSION_ARN = "arn:aws:sts::" + ACCOUNT + ":assumed-role/" + FUNCTIONS_ROLE
            + "/jita-local";
    public static final String REGION = "eu-west-1";
    public static final String ELIGIBLE_PATH = "/jita/";
    /** The roles jita local always creates: the requesters, admins and auditors of config/rules.yaml. */
    public static final List<String> ROLES = List.of("Engineer", "DbaRole", "Auditor", "PlatformAdmin");
    /** jita local's one IAM Identity Center user: the user name, which is also her sessions' name. */
    public static final String SSO_USER = "dana@example.com";
    private static final String SSO_ROLE_SUFFIX = "5f3c2a1b9d8e7f60";
    private static final String PERMISSION_SET_REQUESTER = "identity-center:permission-set/";
    /** A role ARN with an explicit account: group 1 the account, group 2 the role's name. */
    private static final Pattern ROLE_ARN =
            Pattern.compile("arn:aws:iam::([0-9]{12}):role/(?:[\\w+=,.@/-]*/)?([\\w+=,.@-]{1,64})");
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
    /** The IAM stand-in of each account jita local models, the home account first. */
    private final Map<String, LocalIam> localIams = new LinkedHashMap<>();
    private final LocalIdentityCenter identityCenter;
    /** Each account's IAM as the handlers reach it: behind a failure injector (a pass-through until armed). */
    private final Map<String, FailingIam> iams = new LinkedHashMap<>();
    /** Each account's roles by name. */
    private final Map<String, Map<String, IamRole>> roles = new LinkedHashMap<>();
    private final LocalSts sts;
    private final TargetConfig targetConfig;
    private final LocalHmacSigner signer;
    private final LocalHmacSigner auditSigner;
    private final Outbox outbox;
    private final InMemoryMetrics metrics = new InMemoryMetrics();
    private final RuleBook rules;
    private final Path rulesFile;
    private final IntakeFunction intake;
    private final ApprovalsConfig approvalsConfig;
    private final ApprovalFunction approvalFunction;
    private final IncidentFunction incidentFunction;
    private final ActivityFunction activityFunction;
    private final LocalCalls calls;
    private final SweeperFunction sweeperFunction;
    private final ClockFile clockFile;
    private final AccessKeys accessKeys;
    private final JitaServices services;
    private final Path auditExportFolder;
    private final LocalAuditStream auditStream;

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
        // A key of its own for audit MACs: kept with the database, so entries written before a restart still verify.
        this.auditSigner = LocalHmacSigner.openOrCreate(dir.resolve(DataDir.AUDIT_KEY));
        // The export bucket's stand-in: <data-dir>/audit-export/YYYY/MM/DD/*.jsonl, written from the audit stream.
        this.auditExportFolder = dir.resolve(DataDir.AUDIT_EXPORT);
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

        // Every account's IAM with its roles (the home account seeded as before: same unique ids on every start).
        Map<String, List<String>> roleNames = roleNames(rules);
        long seed = b.seed;
        for (Map.Entry<String, List<String>> account : roleNames.entrySet()) {
            LocalIam accountIam = new LocalIam(account.getKey(), new Random(seed++));
            Map<String, IamRole> byName = new LinkedHashMap<>();
            for (String role : account.getValue()) {
                byName.put(role, accountIam.createRole(role, ELIGIBLE_PATH));
            }
            localIams.put(account.getKey(), accountIam);
            iams.put(account.getKey(), new FailingIam(accountIam));
            roles.put(account.getKey(), byName);
        }
        // jita's target role where it is deployed (B): outside the eligible path, trusting jita's functions only.
        this.targetConfig = new TargetConfig(ACCOUNT, TARGET_ACCOUNTS, Environment.DEFAULT_TARGET_ROLE_NAME,
                Environment.DEFAULT_TARGET_ROLE_PATH, "aws");
        this.sts = new LocalSts(clock);
        localIams.get(ACCOUNT_B).createRole(Environment.DEFAULT_TARGET_ROLE_NAME,
                Environment.DEFAULT_TARGET_ROLE_PATH);
        sts.createRole(targetConfig.roleArn(ACCOUNT_B), List.of("arn:aws:iam::" + ACCOUNT + ":role/" + FUNCTIONS_ROLE));
        List<AccessKeys.Principal> principals = new ArrayList<>();
        roles.forEach((account, byName) -> byName.keySet().forEach(role -> principals.add(new AccessKeys.Principal(
                account, role, AccessKeys.profile(role, account.equals(ACCOUNT) ? "" : label(account))))));
        // IAM Identity Center (issue 14): one instance with one user, and the role Identity Center would have
        // provisioned in the jita account for each permission set the rules name, so that user can sign in with it.
        this.identityCenter = new LocalIdentityCenter(clock);
        identityCenter.addUser(SSO_USER, "Dana Developer", SSO_USER);
        // A grant's permission set, once provisioned, gets its role in the account, so its use can be tried.
        identityCenter.onProvisioning(new IdentityCenterRoles(localIams::get, LocalJita::ssoRoleName));
        for (String permissionSet : permissionSetNames(rules)) {
            String role = ssoRoleName(permissionSet);
            roles.get(ACCOUNT).put(role, localIams.get(ACCOUNT).createRole(role, EligibleRoles.IDENTITY_CENTER_PATH));
            principals.add(new AccessKeys.Principal(ACCOUNT, role, ssoProfile(permissionSet), SSO_USER));
        }
        this.accessKeys = AccessKeys.openOrCreate(dir, REGION, principals, new SecureRandom());
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
                JitaServices.Adapters.withIdentityCenter(JitaServices.Adapters.withExportStore(
                        JitaServices.Adapters.of(dynamoDb, new AssumedTargets(targetConfig, iams.get(ACCOUNT),
                                this::assumeTargetRole, clock), signer, auditSigner, workflow, outbox),
                        new FolderExportStore(auditExportFolder)),
                        identityCenter.asRole(IdentityCenterGrants.TAG_MANAGED, "true")), () -> rules, clock, metrics);
        this.store = services.store();
        this.auditLog = services.auditLog();

        functions.put(GRANT, adapt(GRANT, new GrantFunction(services)));
        functions.put(REVOKE, adapt(REVOKE, new RevokeFunction(services)));
        functions.put(NOTIFY, b.notify != null ? b.notify : adapt(NOTIFY, new NotifyFunction(services)));
        this.intake = new IntakeFunction(services);
        this.approvalFunction = new ApprovalFunction(services);
        // Incident events (injected on /local/incidents) and the sweeper (run on a schedule by JitaLocalServer).
        this.incidentFunction = new IncidentFunction(services);
        // Calls tried on /local/try: each account's IAM stand-in decides, the activity function gets the CloudTrail
        // event in-process, as EventBridge would deliver it from the target account.
        this.activityFunction = new ActivityFunction(services);
        this.calls = new LocalCalls(localIams::get, clock(),
                event -> activityFunction.handleRequest(event, LocalLambdaContext.of("activity")));
        this.sweeperFunction = new SweeperFunction(services);
        this.auditStream = new LocalAuditStream(dynamoDbLocal.dynamoDbStreamsClient(), dynamoDb,
                storeConfig.auditTable(), services.auditExporter());
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
    /** The activity function: CloudTrail calls of granted sessions. */
    public ActivityFunction activity() {
        return activityFunction;
    }

    /** Calls made as a session, decided by the IAM stand-ins and recorded by the activity function. */
    public LocalCalls calls() {
        return calls;
    }

    public IncidentFunction incidents() {
        return incidentFunction;
    }

    /** Where the audit export goes: {@code <data-dir>/audit-export/YYYY/MM/DD/*.jsonl}. */
    public Path auditExportFolder() {
        return auditExportFolder;
    }

    /**
     * Reads the audit table's stream to its end now and writes what it holds to {@link #auditExportFolder()}, as
     * the export function does in AWS; JitaLocalServer does this every second.
     *
     * @return how many entries were written
     */
    public int exportAuditStream() {
        return auditStream.exportNow();
    }

    /** Polls the audit stream every second until {@link #close}. */
    public void startAuditExport() {
        auditStream.start();
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

    /** The Identity Center stand-in: its permission sets, assignments and their provisioning. */
    public LocalIdentityCenter identityCenter() {
        return identityCenter;
    }

    /** The home account's IAM stand-in itself: roles and their inline policies as they are now. */
    public LocalIam localIam() {
        return localIam(ACCOUNT);
    }

    /** The IAM stand-in of one account jita local models. */
    public LocalIam localIam(String account) {
        LocalIam iam = localIams.get(account);
        if (iam == null) {
            throw new IllegalArgumentException("jita local models no account " + account + "; it has "
                    + localIams.keySet());
        }
        return iam;
    }

    /** Every account's IAM stand-in, the home account first. */
    public Map<String, LocalIam> localIams() {
        return java.util.Collections.unmodifiableMap(localIams);
    }

    /** What the handlers talk to in the home account: its IAM behind a failure injector (a pass-through until armed). */
    public FailingIam iam() {
        return iam(ACCOUNT);
    }

    /** The same, in one account. */
    public FailingIam iam(String account) {
        localIam(account);
        return iams.get(account);
    }

    /** The STS stand-in: AssumeRole into the target roles, enforcing their trust. */
    public LocalSts sts() {
        return sts;
    }

    /** The accounts jita is configured for, as its functions read them. */
    public TargetConfig targetConfig() {
        return targetConfig;
    }

    /** What an account is to jita, in a few words (for /local/iam). */
    public String describeAccount(String account) {
        if (account.equals(ACCOUNT)) {
            return "the jita account: jita's functions run here and grant here with their own role";
        }
        if (!targetConfig.isTarget(account)) {
            return "named by the rules but not in JITA_TARGET_ACCOUNTS: grants here are refused";
        }
        return sts.hasRole(targetConfig.roleArn(account))
                ? "account " + label(account).toUpperCase(java.util.Locale.ROOT) + ": a target account with jita's"
                        + " target role " + targetConfig.roleArn(account) + ", which trusts only jita's functions"
                : "account " + label(account).toUpperCase(java.util.Locale.ROOT) + ": a target account without jita's"
                        + " target role: its grants end FAILED until the JitaTarget stack is deployed there";
    }

    /** The walk-through's short name of a modeled account: b for B, c for C, else the account id. */
    public static String label(String account) {
        return account.equals(ACCOUNT_B) ? "b" : account.equals(ACCOUNT_C) ? "c" : account;
    }

    /**
     * The permission sets the rules name by their exact name ({@code identity-center:permission-set/Developer}); a
     * glob names none in particular.
     */
    static List<String> permissionSetNames(RuleBook rules) {
        LinkedHashSet<String> names = new LinkedHashSet<>();
        rules.rules().forEach(r -> r.requesters().stream()
                .filter(q -> q.startsWith(PERMISSION_SET_REQUESTER) && !Glob.hasWildcard(q))
                .forEach(q -> names.add(q.substring(PERMISSION_SET_REQUESTER.length()))));
        return List.copyOf(names);
    }

    /**
     * The role Identity Center provisions for a permission set: {@code AWSReservedSSO_<name>_<16 hex>}. Real suffixes
     * are random; jita local's is fixed, so the role keeps its name (and its profile) across restarts.
     */
    public static String ssoRoleName(String permissionSet) {
        return "AWSReservedSSO_" + permissionSet + "_" + SSO_ROLE_SUFFIX;
    }

    /** The AWS profile that signs as {@link #SSO_USER} on a permission set: {@code jita-sso-developer}. */
    public static String ssoProfile(String permissionSet) {
        return "jita-sso-" + permissionSet.toLowerCase(Locale.ROOT);
    }

    /** The profiles {@link #SSO_USER} signs in with: one per permission set the rules name by name. */
    public List<String> identityCenterProfiles() {
        return permissionSetNames(rules).stream().map(LocalJita::ssoProfile).toList();
    }

    /**
     * The roles of each account: the home account {@link #ROLES}, accounts B and C none of their own; then every
     * role the rules name (requesters, admins, auditors) in the account its ARN names, so that a rules file of one's
     * own can be tried with its own roles and accounts. Same rules, same order: same unique ids on every start.
     */
    static Map<String, List<String>> roleNames(RuleBook rules) {
        Map<String, LinkedHashSet<String>> names = new LinkedHashMap<>();
        names.put(ACCOUNT, new LinkedHashSet<>(ROLES));
        TARGET_ACCOUNTS.forEach(a -> names.put(a, new LinkedHashSet<>()));
        List<String> arns = new ArrayList<>(rules.admins());
        arns.addAll(rules.auditors());
        rules.rules().forEach(r -> arns.addAll(r.requesters()));
        for (String arn : arns) {
            Matcher role = ROLE_ARN.matcher(arn);
            if (role.matches()) {
                names.computeIfAbsent(role.group(1), a -> new LinkedHashSet<>()).add(role.group(2));
            }
        }
        Map<String, List<String>> out = new LinkedHashMap<>();
        names.forEach((account, roleNames) -> out.put(account, List.copyOf(roleNames)));
        return out;
    }

    /** One of the home account's roles, with the unique id ({@code AROA...}) its sessions' aws:userid starts with. */
    public IamRole role(String roleName) {
        return role(ACCOUNT, roleName);
    }

    /** One of the roles jita local created in {@code account}. */
    public IamRole role(String account, String roleName) {
        IamRole role = roles.getOrDefault(account, Map.of()).get(roleName);
        if (role == null) {
            throw new IllegalArgumentException("jita local has no role " + roleName + " in account " + account
                    + "; it has " + roles);
        }
        return role;
    }

    /** The role {@code roleName} of {@code account}, if jita local created it (the HTTP front's identities). */
    public Optional<IamRole> findRole(String account, String roleName) {
        return Optional.ofNullable(roles.getOrDefault(account, Map.of()).get(roleName));
    }

    /** The aws:userid of a session of one of jita local's home roles: {@code <roleUniqueId>:<session>}. */
    public String userId(String roleName, String session) {
        return userId(ACCOUNT, roleName, session);
    }

    /** The same in {@code account}. */
    public String userId(String account, String roleName, String session) {
        return role(account, roleName).roleId() + ":" + session;
    }

    /** AssumeRole as jita's functions do it, by the functions' role, through the STS stand-in. */
    private AssumedTargets.Assumed assumeTargetRole(String account, String roleArn, String sessionName) {
        try {
            LocalSts.Credentials credentials = sts.assumeRole(FUNCTIONS_SESSION_ARN, roleArn, sessionName,
                    StsRoleAssumer.DURATION_SECONDS);
            return new AssumedTargets.Assumed(iams.get(account), credentials.expiration());
        } catch (LocalSts.AccessDenied e) {
            throw targetConfig.refused(account, e.getMessage(), e);
        }
    }


    /** The access keys of the demo principals, one per role, for SigV4-signed API calls. */
    public AccessKeys accessKeys() {
        return accessKeys;
    }

    public LocalHmacSigner signer() {
        return signer;
    }

    /** Signs audit entries and verifies them in GET /audit/verify. */
    public LocalHmacSigner auditSigner() {
        return auditSigner;
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
        auditStream.close();
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
        // The audit table's stream, as CDK declares it (NEW_IMAGE): LocalAuditStream exports from it.
        var audit = dynamoDb.describeTable(d -> d.tableName(storeConfig.auditTable())).table();
        if (audit.streamSpecification() == null || !Boolean.TRUE.equals(audit.streamSpecification().streamEnabled())) {
            dynamoDb.updateTable(u -> u.tableName(storeConfig.auditTable()).streamSpecification(s -> s
                    .streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE)));
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
