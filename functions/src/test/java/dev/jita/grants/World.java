package dev.jita.grants;

import dev.jita.app.InMemoryMetrics;
import dev.jita.audit.ActorKind;
import dev.jita.audit.AuditDraft;
import dev.jita.audit.AuditType;
import dev.jita.audit.Outcome;
import dev.jita.domain.AccessRequest;
import dev.jita.domain.GrantWindow;
import dev.jita.domain.RequestHash;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.iam.EligibleRoles;
import dev.jita.iam.IamRole;
import dev.jita.rules.RulesFile;
import dev.jita.standins.FixedTargets;
import dev.jita.standins.LocalIam;
import dev.jita.standins.TestAuditKey;
import dev.jita.store.AuditLog;
import dev.jita.store.DynamoLocal;
import dev.jita.store.MutableClock;
import dev.jita.store.RequestStore;
import dev.jita.store.RequestUpdate;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One test's world for the grant and revoke services: fresh tables on the shared in-process DynamoDB Local, a LocalIam
 * with role Engineer under /jita/, config/rules.yaml, a clock the test moves.
 */
final class World {
    static final String ACCOUNT = "111122223333";
    static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
    static final EligibleRoles ELIGIBLE = new EligibleRoles("/jita/");
    static final RuleBook RULES = RulesFile.load(Path.of("..", "config", "rules.yaml"));

    final MutableClock clock = new MutableClock(T0);
    final StoreConfig tables = DynamoLocal.freshTables();
    final RequestStore store = new RequestStore(DynamoLocal.client(), tables, clock, TestAuditKey.SIGNER);
    final AuditLog audit = new AuditLog(DynamoLocal.client(), tables, TestAuditKey.SIGNER);
    final LocalIam iam = new LocalIam("111122223333", new Random(7));
    final IamRole engineer;
    final InMemoryMetrics metrics = new InMemoryMetrics();
    final AtomicReference<RuleBook> rules = new AtomicReference<>(RULES);

    World() {
        this("/jita/");
    }

    World(String engineerPath) {
        engineer = iam.createRole("Engineer", engineerPath);
    }

    Supplier<RuleBook> rules() {
        return rules::get;
    }

    GrantService grants() {
        return grants(iam);
    }

    GrantService grants(dev.jita.iam.IamGateway through) {
        return new GrantService(store, FixedTargets.single(ACCOUNT, through), rules(), ELIGIBLE, metrics, clock);
    }

    RevokeService revokes() {
        return revokes(iam);
    }

    RevokeService revokes(dev.jita.iam.IamGateway through) {
        return new RevokeService(store, FixedTargets.single(ACCOUNT, through), metrics);
    }

    Requester alice() {
        return new Requester("arn:aws:sts::111122223333:assumed-role/Engineer/alice", "111122223333", "Engineer",
                "alice", engineer.roleId() + ":alice");
    }

    AccessRequest request(String instance) {
        return new AccessRequest(UUID.randomUUID().toString(), alice(), List.of("ec2:TerminateInstances"),
                List.of("arn:aws:ec2:eu-west-1:111122223333:instance/" + instance), Duration.ofMinutes(30),
                "Terminate the wedged batch host, see ticket", "OPS-1234", null, "prod-ec2-terminate", clock.instant());
    }

    StoredRequest pending(AccessRequest request) {
        return pending(request, RequestHash.of(request));
    }

    StoredRequest pending(AccessRequest request, String hash) {
        return store.create(request, hash, AuditDraft.of(AuditType.REQUESTED, request.requester().arn(),
                ActorKind.REQUESTER, Outcome.SUCCESS));
    }

    /** A request approved now, its window fixed: what the workflow's Grant step finds. */
    StoredRequest approved(AccessRequest request) {
        return approve(pending(request));
    }

    StoredRequest approve(StoredRequest pending) {
        GrantWindow window = windowOf(pending.request());
        return store.apply(pending, RequestUpdate.moveTo(Status.APPROVED)
                        .withWindow(window),
                AuditDraft.of(AuditType.APPROVED, "alice-approver", ActorKind.APPROVER, Outcome.SUCCESS));
    }

    GrantWindow windowOf(AccessRequest request) {
        return GrantWindow.fixedAt(T0, request);
    }
}
