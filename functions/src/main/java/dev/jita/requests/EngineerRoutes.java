package dev.jita.requests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.Origin;
import dev.jita.domain.Reason;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.domain.Status;
import dev.jita.http.ApiRequest;
import dev.jita.http.ApiResponses;
import dev.jita.http.HttpResponse;
import dev.jita.http.Identities;
import dev.jita.http.Problem;
import dev.jita.http.ProblemException;
import dev.jita.http.Router;
import dev.jita.store.Page;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The engineer routes of design.md ("HTTP API"), IAM-authenticated: each decodes the request, takes the caller
 * from the authenticated context, calls one operation and answers what it came to. This is the one place where
 * the outcomes of {@link CreateRequests}, {@link Withdrawals}, {@link RequestReads} and {@link AuditReads} become
 * HTTP answers: one mapping per outcome type, each case answered (the compiler checks it).
 */
public final class EngineerRoutes {

    private final RuleBook rules;
    private final CreateRequests create;
    private final RequestReads reads;
    private final Withdrawals withdrawals;
    private final AuditReads audit;
    private final Router router;

    public EngineerRoutes(RuleBook rules, CreateRequests create, RequestReads reads, Withdrawals withdrawals,
                          AuditReads audit, BiConsumer<ApiRequest, RuntimeException> onUnexpected) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.create = Objects.requireNonNull(create, "create");
        this.reads = Objects.requireNonNull(reads, "reads");
        this.withdrawals = Objects.requireNonNull(withdrawals, "withdrawals");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.router = Router.builder()
                .route("POST", "/requests", this::create)
                .route("GET", "/requests", this::list)
                .route("GET", "/requests/{id}", this::get)
                .route("POST", "/requests/{id}/cancel", this::cancel)
                .route("POST", "/requests/{id}/revoke", this::revoke)
                .route("GET", "/audit", this::audit)
                .route("GET", "/audit/verify", this::verify)
                .onUnexpected(onUnexpected)
                .build();
    }

    public HttpResponse handle(ApiRequest request) {
        return router.handle(request);
    }

    /** The routes served, by template; {@code dev.jita.handlers.ApiRoutes} declares the same for the API. */
    public Map<String, Set<String>> methodsByTemplate() {
        return router.methodsByTemplate();
    }

    private HttpResponse create(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        NewRequest asked = RequestBody.parse(http.body(), http.header("Content-Type").orElse(null));
        return answer(create.create(who, origin(http), asked, http.body(),
                http.header("Idempotency-Key").orElse(null)));
    }

    private HttpResponse get(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        return answer(reads.get(who, id(http)),
                detail -> Views.detail(detail.request(), rules, detail.timeline(), detail.withOrigins()));
    }

    private HttpResponse list(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        return answer(reads.mine(who, single(http, "status"), single(http, "limit"), single(http, "cursor")),
                page -> Views.page(page, page.items().stream().map(Views::summary).toList()));
    }

    private HttpResponse cancel(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        return answer(withdrawals.cancel(who, origin(http), id(http)));
    }

    private HttpResponse revoke(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        return answer(withdrawals.revoke(who, origin(http), id(http)));
    }

    private HttpResponse audit(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        ReadOutcome<Page<AuditEntry>> entries = audit.entries(who, single(http, "requestId"), single(http, "from"),
                single(http, "to"), single(http, "limit"), single(http, "cursor"));
        return answer(entries, page -> Views.page(page, page.items().stream().map(e -> Views.entry(e, true)).toList()));
    }

    private HttpResponse verify(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        String requestId = single(http, "requestId");
        String source = single(http, "source");
        if ("export".equals(source)) {
            return answer(audit.verifyAgainstExport(who, requestId), c -> Views.exportComparison(requestId, c));
        }
        if (source != null && !"table".equals(source)) {
            return problem(Problem.badRequest("invalid-query", "source may be export (the table and the export,"
                    + " compared) or table; leave it out for the table alone."));
        }
        return answer(audit.verify(who, requestId), v -> Views.verification(requestId, v));
    }

    // ---------------------------------------------------------------- outcomes to answers

    private static HttpResponse answer(CreateOutcome outcome) {
        return outcome.match(new CreateOutcome.Cases<>() {
            @Override
            public HttpResponse accepted(CreateOutcome.Accepted a) {
                return ApiResponses.json(202, Views.created(a))
                        .withHeader("Location", "/requests/" + a.request().requestId());
            }

            @Override
            public HttpResponse invalid(CreateOutcome.Invalid i) {
                return problem(Problem.badRequest(i.reason(), i.detail()));
            }

            @Override
            public HttpResponse refused(CreateOutcome.Refused r) {
                return problem(Problem.forbidden(code(r.reason()), r.detail()));
            }

            @Override
            public HttpResponse keyReused(CreateOutcome.KeyReused k) {
                return problem(Problem.conflict("idempotency-key-reused", "This Idempotency-Key was already used"
                        + " with a different body; use a new key for a new request."));
            }

            @Override
            public HttpResponse ruleRemoved(CreateOutcome.RuleRemoved r) {
                return problem(Problem.conflict("rule-removed", "The rule request " + r.requestId() + " was made"
                        + " under no longer exists; make a new request."));
            }

            // The cap counts all sessions of the role together, so the sentence says so.
            @Override
            public HttpResponse tooMany(CreateOutcome.TooMany t) {
                return problem(switch (t.kind()) {
                    case PENDING -> Problem.tooManyRequests("too-many-pending", "Role " + t.roleName()
                            + " already has " + t.limit() + " requests awaiting approval (all its sessions"
                            + " together), the most allowed; cancel one or wait for decisions.");
                    case GRANTS -> Problem.tooManyRequests("too-many-grants", "Role " + t.roleName()
                            + " already has " + t.limit() + " requests pending, scheduled or active (all its"
                            + " sessions together), the most allowed; wait for one to end, or cancel or revoke one.");
                });
            }

            @Override
            public HttpResponse notStarted(CreateOutcome.NotStarted n) {
                return problem(Problem.unavailable("workflow-not-started", "Request " + n.requestId() + " is saved"
                        + " but its approval workflow did not start; send the same POST with the same"
                        + " Idempotency-Key again to finish it."));
            }

            @Override
            public HttpResponse unavailable(CreateOutcome.Unavailable u) {
                return problem(Problem.unavailable("workflow-unavailable", "jita could not start the approval"
                        + " workflow, so nothing was requested; try again in a minute, with an Idempotency-Key."));
            }
        });
    }

    static HttpResponse answer(Withdrawal outcome) {
        return outcome.match(new Withdrawal.Cases<>() {
            @Override
            public HttpResponse done(Withdrawal.Done d) {
                return ApiResponses.ok(Views.summary(d.request()));
            }

            @Override
            public HttpResponse notFound(Withdrawal.NotFound n) {
                return problem(notFoundProblem(n.requestId()));
            }

            @Override
            public HttpResponse notYours(Withdrawal.NotYours n) {
                return problem(switch (n.asked()) {
                    case CANCEL -> Problem.forbidden("not-requester", "Only the requester can cancel request "
                            + n.requestId() + "; an admin can revoke its grant instead.");
                    case REVOKE -> Problem.forbidden("not-allowed", "Only the requester or an admin can revoke"
                            + " request " + n.requestId() + "; ask one of them.");
                });
            }

            @Override
            public HttpResponse notPending(Withdrawal.NotPending n) {
                return problem(Problem.conflict("not-pending", "Request " + n.requestId() + " is " + n.status()
                        + ", no longer pending, so it cannot be cancelled; revoke it if its grant is active."));
            }

            @Override
            public HttpResponse notGranted(Withdrawal.NotGranted n) {
                return problem(n.status() == Status.PENDING_APPROVAL
                        ? Problem.conflict("not-granted", "Request " + n.requestId() + " is still awaiting"
                                + " approval, so there is no grant to revoke; cancel it instead.")
                        : Problem.conflict("never-granted", "Request " + n.requestId() + " ended " + n.status()
                                + " without a grant, so there is nothing to revoke."));
            }

            @Override
            public HttpResponse noGrantNow(Withdrawal.NoGrantNow n) {
                return problem(Problem.conflict("not-granted", "Request " + n.requestId() + " has no grant to"
                        + " revoke right now; look at it again and cancel it if it is still pending."));
            }

            @Override
            public HttpResponse workflowNotTold(Withdrawal.WorkflowNotTold w) {
                return problem(Problem.unavailable("workflow-not-told", "Request " + w.requestId() + " is"
                        + " cancelled, but its workflow could not be told; send the cancel again to finish."));
            }
        });
    }

    /** @param view the JSON document of what was read */
    private static <T> HttpResponse answer(ReadOutcome<T> outcome, Function<T, ObjectNode> view) {
        return outcome.match(new ReadOutcome.Cases<T, HttpResponse>() {
            @Override
            public HttpResponse found(ReadOutcome.Found<T> f) {
                return ApiResponses.ok(view.apply(f.value()));
            }

            @Override
            public HttpResponse notFound(ReadOutcome.NotFound<T> n) {
                return problem(notFoundProblem(n.requestId()));
            }

            @Override
            public HttpResponse notAuditor(ReadOutcome.NotAuditor<T> n) {
                return problem(Problem.forbidden("not-auditor", "Only auditors and admins named in the rules file"
                        + " may read the audit trail; ask an admin if you need to."));
            }

            @Override
            public HttpResponse invalid(ReadOutcome.Invalid<T> i) {
                return problem(Problem.badRequest(i.reason(), i.detail()));
            }
        });
    }

    private static HttpResponse problem(Problem problem) {
        return ApiResponses.problem(problem);
    }

    /** The one answer for a request that does not exist and one the caller may not see. */
    private static Problem notFoundProblem(String requestId) {
        String shown = RequestIds.isWellFormed(requestId) ? requestId : "with that id";
        return Problem.notFound("There is no request " + shown + " that you may see; check the id.");
    }

    /** The Reason as the API spells it: FORBIDDEN_ACTION is forbidden-action. */
    static String code(Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---------------------------------------------------------------- decoding

    private static String id(ApiRequest http) {
        return http.pathParameter("id").orElseThrow(() -> new ProblemException(notFoundProblem(null)));
    }

    /** A query parameter sent at most once; twice is ambiguous and refused. */
    private static String single(ApiRequest http, String name) {
        List<String> values = http.queryParameters(name);
        if (values.size() > 1) {
            throw ProblemException.badRequest("invalid-query", "'" + name + "' was given " + values.size()
                    + " times; give it once.");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    /** The caller's origin; {@link Origin} bounds what the client chose (the User-Agent). */
    static Origin origin(ApiRequest http) {
        return new Origin(http.identity().sourceIp(), http.identity().userAgent());
    }
}
