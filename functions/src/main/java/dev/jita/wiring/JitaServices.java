package dev.jita.wiring;

import dev.jita.activity.GrantActivity;
import dev.jita.app.JitaConfig;
import dev.jita.app.Metrics;

import dev.jita.approvals.ApprovalDesk;
import dev.jita.approvals.ApprovalsConfig;
import dev.jita.approvals.NotifyApprovers;
import dev.jita.approvals.WorkflowHandoff;
import dev.jita.domain.RuleBook;
import dev.jita.grants.AccountRoutedRevocations;
import dev.jita.grants.GrantService;
import dev.jita.grants.IdentityCenterGrants;
import dev.jita.grants.RemoteRevoker;
import dev.jita.grants.Revocations;
import dev.jita.grants.RevokeService;
import dev.jita.http.ApiRequest;
import dev.jita.iam.EligibleRoles;
import dev.jita.iam.TargetAccounts;
import dev.jita.identitycenter.IdentityCenter;
import dev.jita.incidents.IncidentConfig;
import dev.jita.incidents.IncidentRecords;
import dev.jita.incidents.IncidentResponse;
import dev.jita.links.CsrfTokens;
import dev.jita.links.LinkTokens;
import dev.jita.links.MacSigner;
import dev.jita.notifications.Notifier;
import dev.jita.requests.AuditReads;
import dev.jita.export.AuditExporter;
import dev.jita.export.ExportStore;
import dev.jita.export.ExportVerifier;
import dev.jita.app.Environment;
import dev.jita.requests.CreateRequests;
import dev.jita.requests.EngineerRoutes;
import dev.jita.requests.GrantRevoker;
import dev.jita.app.Pause;
import dev.jita.requests.RequestIds;
import dev.jita.requests.RequestReads;
import dev.jita.requests.Withdrawals;
import dev.jita.store.AuditLog;
import dev.jita.store.Caps;
import dev.jita.store.IdempotencyStore;
import dev.jita.store.RequestStore;
import dev.jita.store.StoreConfig;
import dev.jita.sweeper.Sweeper;
import dev.jita.sweeper.SweeperConfig;
import dev.jita.workflow.Workflow;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one composition root: every store and use case of jita, each built once, on first use, from the settings,
 * the adapters to the world outside, the rules, a clock and the metrics. In Lambda {@link LambdaServices} builds it
 * on AWS's clients; jita local builds it on its stand-ins; tests on theirs. A handler takes from it only the use case
 * it serves. Building on first use matters: a function whose environment lacks what it never uses (intake has no
 * link key) must still start.
 */
public final class JitaServices {
    private static final Logger LOG = LoggerFactory.getLogger(JitaServices.class);
    /** How long intake remembers an Idempotency-Key. */
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    /** What jita reaches outside itself; each is asked for only when a use case that needs it is built. */
    public interface Adapters {
        DynamoDbClient dynamoDb();

        /** IAM in each account jita acts in: its own, and the targets it assumes its role in. */
        TargetAccounts targets();

        /** Signs and verifies approval links (KMS in AWS, a key file in jita local). */
        MacSigner linkSigner();

        /**
         * Signs audit entries as they are appended and verifies them in {@code GET /audit/verify}: a key of its own,
         * never the link key (KMS in AWS, a key file in jita local). Not a default method: a wrapper that forgot to
         * pass it on would fail only at run time.
         */
        MacSigner auditSigner();

        Workflow workflow();

        /** E-mail and Slack in AWS, the outbox in jita local. */
        Notifier notifier();

        /**
         * The revoke function, where this function may not act in other accounts itself (intake, incident in AWS):
         * a request outside the home account is revoked through it. Empty where everything runs in-process (the
         * revoke function itself, jita local, tests, a jita without target accounts).
         */
        default Optional<RemoteRevoker> revokeFunction() {
            return Optional.empty();
        }

        /**
         * Where the audit export is kept: the export bucket in AWS (export function and intake), a folder in jita
         * local. Empty where there is none (tests, a function without {@code JITA_EXPORT_BUCKET}).
         */
        default Optional<ExportStore> exportStore() {
            return Optional.empty();
        }

        /**
         * IAM Identity Center, where jita grants to its users (issue 14): in AWS through jita's role in the account that
         * administers it, the stand-in in jita local. Empty where jita is not configured for Identity Center.
         */
        default Optional<IdentityCenter> identityCenter() {
            return Optional.empty();
        }

        /**
         * Fixed adapters (jita local, tests). One left null is one this wiring does not have: asking for it fails,
         * naming it, which only a use case that needs it does.
         */
        static Adapters of(DynamoDbClient dynamoDb, TargetAccounts targets, MacSigner linkSigner, Workflow workflow,
                           Notifier notifier) {
            return of(dynamoDb, targets, linkSigner, null, workflow, notifier);
        }

        /** {@link #of(DynamoDbClient, TargetAccounts, MacSigner, Workflow, Notifier)} with an audit signer. */
        static Adapters of(DynamoDbClient dynamoDb, TargetAccounts targets, MacSigner linkSigner,
                           MacSigner auditSigner, Workflow workflow, Notifier notifier) {
            Objects.requireNonNull(dynamoDb, "dynamoDb");
            return new Adapters() {
                @Override
                public DynamoDbClient dynamoDb() {
                    return dynamoDb;
                }

                @Override
                public TargetAccounts targets() {
                    return present(targets, "IAM");
                }

                @Override
                public MacSigner linkSigner() {
                    return present(linkSigner, "link signer");
                }

                @Override
                public MacSigner auditSigner() {
                    return present(auditSigner, "audit signer");
                }

                @Override
                public Workflow workflow() {
                    return present(workflow, "workflow");
                }

                @Override
                public Notifier notifier() {
                    return present(notifier, "notifier");
                }
            };
        }

        /** {@code base} with an export store (jita local's folder, a test's): everything else as {@code base} has it. */
        static Adapters withExportStore(Adapters base, ExportStore export) {
            Objects.requireNonNull(export, "export");
            return new Forwarding(base) {
                @Override
                public Optional<ExportStore> exportStore() {
                    return Optional.of(export);
                }
            };
        }

        /** {@code base} with IAM Identity Center (jita local's stand-in, a test's): everything else as {@code base}. */
        static Adapters withIdentityCenter(Adapters base, IdentityCenter identityCenter) {
            Objects.requireNonNull(identityCenter, "identityCenter");
            return new Forwarding(base) {
                @Override
                public Optional<IdentityCenter> identityCenter() {
                    return Optional.of(identityCenter);
                }
            };
        }

        /** Every adapter as {@code base} has it; a subclass replaces one. */
        abstract class Forwarding implements Adapters {
            private final Adapters base;

            Forwarding(Adapters base) {
                this.base = Objects.requireNonNull(base, "base");
            }

            @Override
            public DynamoDbClient dynamoDb() {
                return base.dynamoDb();
            }

            @Override
            public TargetAccounts targets() {
                return base.targets();
            }

            @Override
            public MacSigner linkSigner() {
                return base.linkSigner();
            }

            @Override
            public MacSigner auditSigner() {
                return base.auditSigner();
            }

            @Override
            public Workflow workflow() {
                return base.workflow();
            }

            @Override
            public Notifier notifier() {
                return base.notifier();
            }

            @Override
            public Optional<RemoteRevoker> revokeFunction() {
                return base.revokeFunction();
            }

            @Override
            public Optional<ExportStore> exportStore() {
                return base.exportStore();
            }

            @Override
            public Optional<IdentityCenter> identityCenter() {
                return base.identityCenter();
            }
        }

        private static <T> T present(T adapter, String what) {
            if (adapter == null) {
                throw new IllegalStateException("this wiring has no " + what + "; give one to Adapters.of");
            }
            return adapter;
        }
    }

    /**
     * Settings beyond {@link JitaConfig}, read when first asked for: a function's environment holds only what it
     * needs (only the incident function has an incidents table).
     *
     * @param pause waits between a use case's own retries (intake's caps, an early revoke's looks at Identity Center):
     *              a real sleep in Lambda, none in jita local and tests
     */
    public record Settings(JitaConfig jita, Supplier<ApprovalsConfig> approvals, Supplier<IncidentConfig> incidents,
                           Supplier<SweeperConfig> sweeper, Pause pause) {
        public Settings {
            Objects.requireNonNull(jita, "jita");
            approvals = once(Objects.requireNonNull(approvals, "approvals"));
            incidents = once(Objects.requireNonNull(incidents, "incidents"));
            sweeper = once(Objects.requireNonNull(sweeper, "sweeper"));
            Objects.requireNonNull(pause, "pause");
        }

        /** Settings known up front (jita local, tests). */
        public static Settings of(JitaConfig jita, ApprovalsConfig approvals, IncidentConfig incidents,
                                  SweeperConfig sweeper, Pause pause) {
            return new Settings(jita, () -> approvals, () -> incidents, () -> sweeper, pause);
        }
    }

    private final Adapters adapters;
    private final Metrics metrics;

    private final Supplier<RequestStore> store;
    private final Supplier<AuditLog> auditLog;
    private final Supplier<RevokeService> revokes;
    private final Supplier<Revocations> revokeNow;
    private final Supplier<LinkTokens> links;
    private final Supplier<EngineerRoutes> engineerRoutes;
    private final Supplier<ApprovalDesk> approvalDesk;
    private final Supplier<NotifyApprovers> notifyApprovers;
    private final Supplier<GrantService> grants;
    private final Supplier<IncidentResponse> incidents;
    private final Supplier<Sweeper> sweeper;
    private final Supplier<GrantActivity> activity;
    private final Supplier<AuditExporter> auditExporter;

    /**
     * @param rules the rules as they are now: the approval, notify, grant, incident and sweeper use cases read them
     *              on every use (tests change them to prove approvers are re-checked); the engineer routes keep the
     *              rules they were built with. In Lambda they are the file's, read once.
     */
    public JitaServices(Settings settings, Adapters adapters, Supplier<RuleBook> rules, Clock clock, Metrics metrics) {
        Objects.requireNonNull(settings, "settings");
        this.adapters = Objects.requireNonNull(adapters, "adapters");
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        JitaConfig config = settings.jita();
        StoreConfig tables = new StoreConfig(config.requestsTable(), config.auditTable());

        this.store = once(() -> new RequestStore(adapters.dynamoDb(), tables, clock, adapters.auditSigner()));
        this.auditLog = once(() -> new AuditLog(adapters.dynamoDb(), tables, adapters.auditSigner()));
        // Built once, on first use: only a grant, a revoke or a sweep of an Identity Center user's request needs it.
        Supplier<Optional<IdentityCenterGrants>> identityCenter = once(() -> adapters.identityCenter()
                .map(ic -> new IdentityCenterGrants(ic, settings.pause(), IdentityCenterGrants.defaultEarlyRevokePolls())));
        this.revokes = once(() -> new RevokeService(store.get(), adapters.targets(), metrics, identityCenter.get()));
        this.revokeNow = once(() -> adapters.revokeFunction()
                .<Revocations>map(elsewhere -> new AccountRoutedRevocations(store.get(),
                        adapters.targets().homeAccount(), revokes.get(), elsewhere))
                .orElseGet(revokes));
        // Resolved on the first early revoke, not when intake or incident start: their cold start builds no IAM, STS
        // or Lambda client it may never use.
        Revocations revokeWhenAsked = (requestId, actor, actorKind, origin, reason) ->
                revokeNow.get().revokeNow(requestId, actor, actorKind, origin, reason);
        this.links = once(() -> new LinkTokens(adapters.linkSigner(), clock, new SecureRandom()));
        this.engineerRoutes = once(() -> {
            RuleBook book = rules.get();
            return new EngineerRoutes(book,
                    new CreateRequests(book, store.get(),
                            new IdempotencyStore(adapters.dynamoDb(), config.idempotencyTable(), clock,
                                    IDEMPOTENCY_WINDOW),
                            adapters.workflow(), metrics, clock, new RequestIds(new SecureRandom()),
                            new Caps(config.maxPendingPerRequester(), config.maxGrantsPerRole()),
                            settings.pause()),
                    new RequestReads(book, store.get(), auditLog.get()),
                    new Withdrawals(book, store.get(), adapters.workflow(), new GrantRevoker(revokeWhenAsked)),
                    new AuditReads(book, auditLog.get(), adapters.exportStore()
                            .map(export -> new ExportVerifier(export, auditLog.get(), store.get(), clock))),
                    JitaServices::logUnexpected);
        });
        this.approvalDesk = once(() -> new ApprovalDesk(store.get(), rules, links.get(),
                new CsrfTokens(adapters.linkSigner()), adapters.workflow(), metrics, clock));
        this.notifyApprovers = once(() -> new NotifyApprovers(store.get(), rules, links.get(), adapters.notifier(),
                adapters.workflow(), settings.approvals().get()));
        this.grants = once(() -> new GrantService(store.get(), adapters.targets(), rules,
                new EligibleRoles(config.eligibleRolePath()), metrics, clock, identityCenter.get(),
                adapters::notifier));
        this.incidents = once(() -> new IncidentResponse(
                new IncidentRecords(adapters.dynamoDb(), settings.incidents().get().incidentsTable(), clock),
                store.get(), rules, new WorkflowHandoff(store.get(), adapters.workflow(), metrics), revokeWhenAsked,
                adapters.notifier(), settings.incidents().get(), clock));
        this.sweeper = once(() -> new Sweeper(store.get(), adapters.targets(), revokes.get(), adapters.workflow(), rules,
                metrics, settings.sweeper().get(), clock, identityCenter.get()));
        this.activity = once(() -> new GrantActivity(store.get(), rules, adapters.notifier(), metrics,
                GrantActivity.DEFAULT_GRACE));
        this.auditExporter = once(() -> new AuditExporter(adapters.exportStore().orElseThrow(() ->
                new IllegalStateException("environment variable " + Environment.EXPORT_BUCKET + " is not set; the"
                        + " export function writes the audit stream to that bucket"))));
    }

    /** The engineer routes: create, read, list, cancel, revoke, audit (the intake function). */
    public EngineerRoutes engineerRoutes() {
        return engineerRoutes.get();
    }

    /** The approver routes' confirm page and decision (the approval function). */
    public ApprovalDesk approvalDesk() {
        return approvalDesk.get();
    }

    /** The workflow's AwaitApproval task (the notify function). */
    public NotifyApprovers notifyApprovers() {
        return notifyApprovers.get();
    }

    /** The workflow's Grant task. */
    public GrantService grants() {
        return grants.get();
    }

    /** The workflow's revoke and end tasks, the revoke function's revoke-now and the sweeper's retries. */
    public RevokeService revokes() {
        return revokes.get();
    }

    /**
     * Early revoke and an incident's resolution: {@link #revokes()} itself, or where the adapters have a revoke
     * function, that function for a request outside the home account.
     */
    public Revocations revokeNow() {
        return revokeNow.get();
    }

    /** Incident events from EventBridge. */
    public IncidentResponse incidents() {
        return incidents.get();
    }

    /** The audit table's stream into the export (the export function; jita local's export schedule). */
    public AuditExporter auditExporter() {
        return auditExporter.get();
    }

    /** The scheduled sweep. */
    public Sweeper sweeper() {
        return sweeper.get();
    }

    /** CloudTrail calls of granted sessions (the activity function). */
    public GrantActivity activity() {
        return activity.get();
    }

    public RequestStore store() {
        return store.get();
    }

    public AuditLog auditLog() {
        return auditLog.get();
    }

    /** Mints approval links with the current key (priming, jita local's tests). */
    public LinkTokens links() {
        return links.get();
    }

    /** The adapters the services use (priming warms them directly; jita local inspects its stand-ins). */
    public Adapters adapters() {
        return adapters;
    }




    public Metrics metrics() {
        return metrics;
    }

    private static void logUnexpected(ApiRequest request, RuntimeException e) {
        LOG.error("{} {} failed unexpectedly (API Gateway request {})", request.method(), request.resource(),
                request.correlationId(), e);
    }

    /** A supplier that builds its value once, on first use, and hands out that one from then on. */
    public static <T> Supplier<T> once(Supplier<T> build) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        v = value;
                        if (v == null) {
                            v = Objects.requireNonNull(build.get(), "built nothing");
                            value = v;
                        }
                    }
                }
                return v;
            }
        };
    }
}
