package dev.jita.incidents;

import dev.jita.app.InMemoryMetrics;
import dev.jita.approvals.RecordingWorkflow;
import dev.jita.audit.AuditEvents;
import dev.jita.audit.Origin;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.grants.GrantService;
import dev.jita.grants.RevokeService;
import dev.jita.handlers.IncidentFunction;
import dev.jita.iam.EligibleRoles;
import dev.jita.iam.IamRole;
import dev.jita.rules.RulesFile;
import dev.jita.standins.LocalIam;
import dev.jita.standins.Outbox;
import dev.jita.standins.TestAuditKey;
import dev.jita.store.AuditLog;
import dev.jita.store.DynamoLocal;
import dev.jita.store.MutableClock;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One test's world for incidents and the sweeper: fresh tables (requests, audit, incidents) on the shared
 * in-process DynamoDB Local, config/rules.yaml, a LocalIam with roles Engineer and DbaRole under /jita/, a
 * recording workflow, an outbox, and a clock set to the samples' time (events/incident/*.json happen at 09:00Z).
 */
public final class IncidentWorld {
    public static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    public static final String ACCOUNT = "111122223333";
    public static final Path EVENTS = Path.of("..", "events", "incident");
    static final RuleBook RULES = RulesFile.load(Path.of("..", "config", "rules.yaml"));
    /** PagerDuty names Alice by her user id; Opsgenie and incident.io by her e-mail. Her SSO session is "alice". */
    static final Map<String, String> ALIASES = Map.of("PALICE1", "alice", "alice@example.com", "alice");

    public final MutableClock clock = new MutableClock(T0.plusSeconds(30));
    public final StoreConfig tables = DynamoLocal.freshTables();
    public final String incidentsTable = "incidents-" + UUID.randomUUID().toString().substring(0, 8);
    public final RequestStore store = new RequestStore(DynamoLocal.client(), tables, clock, TestAuditKey.SIGNER);
    public final AuditLog audit = new AuditLog(DynamoLocal.client(), tables, TestAuditKey.SIGNER);
    public final LocalIam iam = new LocalIam(ACCOUNT, new java.util.Random(7));
    public final IamRole engineer;
    public final InMemoryMetrics metrics = new InMemoryMetrics();
    public final RecordingWorkflow workflow = new RecordingWorkflow();
    public final Outbox outbox = new Outbox(clock);
    public final AtomicReference<RuleBook> rules = new AtomicReference<>(RULES);
    public final IncidentConfig config;
    public final IncidentRecords records;

    public IncidentWorld() {
        this(IncidentConfig.DEFAULT_MAX_AGE);
    }

    public IncidentWorld(Duration maxAge) {
        TableDef incidents = Tables.incidents(incidentsTable);
        // No TTL here: DynamoDB Local expires items by the wall clock, and the samples' time is not today.
        DynamoLocal.client().createTable(Tables.createTableRequest(incidents));
        engineer = iam.createRole("Engineer", "/jita/");
        iam.createRole("DbaRole", "/jita/");
        config = new IncidentConfig(incidentsTable, maxAge, ALIASES);
        records = new IncidentRecords(DynamoLocal.client(), incidentsTable, clock);
    }

    public Supplier<RuleBook> rules() {
        return rules::get;
    }

    public IncidentResponse response() {
        return new IncidentResponse(records, store, rules(),
                new dev.jita.approvals.WorkflowHandoff(store, workflow, metrics), revokes(), outbox, config, clock);
    }

    public IncidentFunction function() {
        return new IncidentFunction(dev.jita.wiring.TestServices.on(DynamoLocal.client(), tables, clock).rules(rules())
                .workflow(workflow).iam(iam).notifier(outbox).incidents(config).metrics(metrics).build());
    }

    public RevokeService revokes() {
        return new RevokeService(store, dev.jita.standins.FixedTargets.single("111122223333", iam), metrics);
    }

    public GrantService grants() {
        return new GrantService(store, dev.jita.standins.FixedTargets.single("111122223333", iam), rules(), new EligibleRoles("/jita/"), metrics, clock);
    }

    public Requester person(String session) {
        return person("Engineer", session);
    }

    public Requester person(String role, String session) {
        IamRole r = iam.getRole(role);
        return new Requester("arn:aws:sts::" + ACCOUNT + ":assumed-role/" + role + "/" + session, ACCOUNT, role,
                session, r.roleId() + ":" + session);
    }

    /** A request under prod-ec2-terminate (autoApprove.incident SEV2, onCallOnly), 30 minutes. */
    public AccessRequest ec2(Requester who) {
        return request(who, "prod-ec2-terminate", "ec2:TerminateInstances",
                "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234", Duration.ofMinutes(30));
    }

    /** A request under prod-rds-reboot, which has no autoApprove at all. */
    public AccessRequest rds(Requester who) {
        return request(who, "prod-rds-reboot", "rds:RebootDBInstance",
                "arn:aws:rds:eu-west-1:111122223333:db:prod-orders", Duration.ofMinutes(30));
    }

    /** A request under breakglass-ecs-restart (SEV1, onCallOnly, breakGlass), 20 minutes. */
    public AccessRequest ecs(Requester who) {
        return request(who, "breakglass-ecs-restart", "ecs:UpdateService",
                "arn:aws:ecs:eu-west-1:111122223333:service/prod/checkout", Duration.ofMinutes(20));
    }

    public AccessRequest request(Requester who, String ruleId, String action, String resource, Duration duration) {
        return new AccessRequest(UUID.randomUUID().toString(), who, List.of(action), List.of(resource), duration,
                "Incident work on the checkout service", "OPS-42", null, ruleId, clock.instant());
    }

    /** Stored and waiting in AwaitApproval: the notify step has stored its task token. */
    public StoredRequest waiting(AccessRequest request) {
        StoredRequest created = created(request);
        return store.apply(created, RequestUpdate.taskTokenOnly(tokenOf(request.requestId())),
                AuditEvents.notified(List.of("alice"), List.of()));
    }

    /** Stored, its workflow not at AwaitApproval yet (no task token). */
    public StoredRequest created(AccessRequest request) {
        return store.create(request, RequestHash.of(request),
                AuditEvents.requested(request, RequestHash.of(request), Origin.NONE));
    }

    public static String tokenOf(String requestId) {
        return "task-token-" + requestId;
    }

    /** A request approved by an approver now and granted: ACTIVE, its policy on its role. */
    public StoredRequest activeByApprover(AccessRequest request) {
        StoredRequest pending = waiting(request);
        GrantWindow window = GrantWindow.fixedAt(clock.instant(), request);
        StoredRequest approved = store.apply(pending, RequestUpdate.moveTo(Status.APPROVED).withWindow(window),
                AuditEvents.approved("bob", List.of("bob"), window, Origin.NONE));
        grants().grant(approved.requestId(), window);
        return store.get(approved.requestId());
    }

    public static String sample(String name) {
        try {
            return Files.readString(EVENTS.resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Incident incident(String sample) {
        return IncidentEvents.parse(sample(sample)).orElseThrow();
    }
}
