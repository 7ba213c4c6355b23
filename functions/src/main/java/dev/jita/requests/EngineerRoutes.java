package dev.jita.requests;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.http.ApiRequest;
import dev.jita.http.ApiResponses;
import dev.jita.http.Identities;
import dev.jita.http.ProblemException;
import dev.jita.http.Router;
import dev.jita.domain.Requester;
import dev.jita.domain.RuleBook;
import dev.jita.audit.AuditEntry;
import dev.jita.audit.Origin;
import dev.jita.store.Page;
import dev.jita.store.StoredRequest;
import dev.jita.http.HttpResponse;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * The engineer routes of design.md ("HTTP API"), IAM-authenticated: each decodes the request, takes the caller
 * from the authenticated context, calls one operation and writes its answer.
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

    private HttpResponse create(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        NewRequest asked = RequestBody.parse(http.body(), http.header("Content-Type").orElse(null));
        CreateRequests.Created created = create.create(who, origin(http), asked, http.body(),
                http.header("Idempotency-Key").orElse(null));
        return ApiResponses.json(202, Views.created(created))
                .withHeader("Location", "/requests/" + created.request().requestId());
    }

    private HttpResponse get(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        RequestReads.Detail detail = reads.get(who, id(http));
        return ApiResponses.ok(Views.detail(detail.request(), rules, detail.timeline(), detail.withOrigins()));
    }

    private HttpResponse list(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        Page<StoredRequest> page = reads.mine(who, single(http, "status"), single(http, "limit"),
                single(http, "cursor"));
        List<ObjectNode> items = page.items().stream().map(Views::summary).toList();
        return ApiResponses.ok(Views.page(page, items));
    }

    private HttpResponse cancel(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        return ApiResponses.ok(Views.summary(withdrawals.cancel(who, origin(http), id(http))));
    }

    private HttpResponse revoke(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        return ApiResponses.ok(Views.summary(withdrawals.revoke(who, origin(http), id(http))));
    }

    private HttpResponse audit(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        Page<AuditEntry> page = audit.entries(who, single(http, "requestId"), single(http, "from"),
                single(http, "to"), single(http, "limit"), single(http, "cursor"));
        return ApiResponses.ok(Views.page(page, page.items().stream().map(e -> Views.entry(e, true)).toList()));
    }

    private HttpResponse verify(ApiRequest http) {
        Requester who = Identities.requester(http.identity());
        String requestId = single(http, "requestId");
        return ApiResponses.ok(Views.verification(requestId, audit.verify(who, requestId)));
    }

    private static String id(ApiRequest http) {
        return http.pathParameter("id").orElseThrow(() -> Access.notFound(null));
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
