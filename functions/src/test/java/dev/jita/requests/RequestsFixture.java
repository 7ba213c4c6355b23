package dev.jita.requests;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.jita.app.Pause;
import dev.jita.app.InMemoryMetrics;
import dev.jita.audit.Origin;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.rules.RulesFile;
import dev.jita.standins.TestAuditKey;
import dev.jita.store.AuditLog;
import dev.jita.store.Caps;
import dev.jita.store.DynamoLocal;
import dev.jita.store.IdempotencyStore;
import dev.jita.store.MutableClock;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.store.StoredRequest;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The request use cases on their real collaborators, without HTTP: store, audit and idempotency on fresh DynamoDB
 * Local tables, config/rules.yaml, a {@link ScriptedWorkflow}, a clock that moves only when told.
 */
final class RequestsFixture {
    static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");
    static final RuleBook RULES = RulesFile.load(Path.of("..", "config", "rules.yaml"));
    static final Origin ORIGIN = new Origin("203.0.113.7", "jita-cli/0.1");
    static final String INSTANCE = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc1234567890def";
    /** Rule prod-ec2-terminate: one of the SRE leads approves. */
    static final NewRequest TERMINATE = new NewRequest(List.of("ec2:TerminateInstances"), List.of(INSTANCE), 30,
            "Terminate the wedged batch host, see OPS-1234", "OPS-1234", null, null);
    /** Rule prod-reports-read: approved on arrival. */
    static final NewRequest READ_REPORTS = new NewRequest(List.of("s3:GetObject"),
            List.of("arn:aws:s3:::example-prod-reports/2026/11/summary.csv"), 60,
            "Read the monthly summary for the audit", null, null, null);

    final MutableClock clock = new MutableClock(T0);
    final ScriptedWorkflow workflow = new ScriptedWorkflow();
    final InMemoryMetrics metrics = new InMemoryMetrics();
    final StoreConfig tables = DynamoLocal.freshTables();
    final String idempotencyTable = DynamoLocal.freshIdempotencyTable();
    final RequestStore store = new RequestStore(DynamoLocal.client(), tables, clock, TestAuditKey.SIGNER);
    final AuditLog audit = new AuditLog(DynamoLocal.client(), tables, TestAuditKey.SIGNER);

    /** An assumed-role session of role {@code role}, as Identities makes it from a signed request. */
    static Requester session(String role, String session) {
        return new Requester("arn:aws:sts::111122223333:assumed-role/" + role + "/" + session, "111122223333", role,
                session, "AROAEXAMPLE" + role.toUpperCase().replaceAll("[^A-Z]", "") + "1:" + session);
    }

    CreateRequests creates(RuleBook rules, Caps caps) {
        return new CreateRequests(rules, store,
                new IdempotencyStore(DynamoLocal.client(), idempotencyTable, clock, Duration.ofHours(24)), workflow,
                metrics, clock, new RequestIds(new SecureRandom()), caps, Pause.NONE);
    }

    /** A request stored and its workflow started, without an Idempotency-Key. */
    StoredRequest created(Requester who, NewRequest asked) {
        CreateOutcome outcome = creates(RULES, Caps.NONE).create(who, ORIGIN, asked, asked.toString(), null);
        return assertInstanceOf(CreateOutcome.Accepted.class, outcome, outcome::toString).request();
    }
}
