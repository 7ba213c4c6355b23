package dev.jita.local.pages;

import dev.jita.audit.AuditEntry;
import dev.jita.http.ApiRequest;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import dev.jita.local.http.LocalPage;
import dev.jita.store.AuditLog;
import dev.jita.store.RequestStore;
import dev.jita.store.StoredRequest;
import dev.jita.store.TableDef;
import dev.jita.store.Tables;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * /local/requests: the newest requests of everyone, each with its status and audit timeline. jita's API shows a
 * request to its requester, approvers and auditors only; on one machine the person at the keyboard is all of them.
 */
public final class RequestsPage implements LocalPage {
    /** The page shows this many; older ones stay readable through GET /requests/{id}. */
    static final int SHOWN = 50;

    private final DynamoDbClient dynamoDb;
    private final TableDef requestsTable;
    private final String createdAtKey;
    private final RequestStore store;
    private final AuditLog auditLog;

    public RequestsPage(DynamoDbClient dynamoDb, String requestsTable, RequestStore store, AuditLog auditLog) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.requestsTable = Tables.requests(requestsTable);
        // The byRequester index sorts by creation time: its sort key names the attribute.
        this.createdAtKey = this.requestsTable.indexes().stream()
                .filter(i -> i.name().equals(Tables.REQUESTS_BY_REQUESTER)).findFirst().orElseThrow()
                .sortKey().name();
        this.store = Objects.requireNonNull(store, "store");
        this.auditLog = Objects.requireNonNull(auditLog, "auditLog");
    }

    @Override
    public String path() {
        return "/local/requests";
    }

    @Override
    public String title() {
        return "Requests";
    }

    @Override
    public String summary() {
        return "every request, newest first, with its status and audit timeline";
    }

    @Override
    public HttpResponse render(ApiRequest request) {
        List<String> ids = newestIds();
        StringBuilder body = new StringBuilder();
        if (ids.isEmpty()) {
            body.append("<p class=\"muted\">No requests yet.</p>");
        } else {
            body.append("<p class=\"muted\">The newest ").append(Math.min(SHOWN, ids.size())).append(" of ")
                    .append(ids.size()).append(".</p>");
        }
        for (String id : ids.subList(0, Math.min(SHOWN, ids.size()))) {
            Optional<StoredRequest> found = store.find(id);
            if (found.isEmpty()) {
                continue;
            }
            StoredRequest r = found.get();
            body.append("<div class=\"card request\" id=\"").append(Html.escape(id)).append("\"><h2>")
                    .append(Layout.code(id)).append(" <span class=\"status\">").append(Html.escape(r.status().name()))
                    .append("</span></h2><p>").append(Html.escape(r.request().requester().arn())).append(" asks for ")
                    .append(Layout.code(String.join(", ", r.request().actions()))).append(" on ")
                    .append(Layout.code(String.join(", ", r.request().resources()))).append(" for ")
                    .append(Html.escape(r.request().duration().toString())).append(" (rule ")
                    .append(Html.escape(r.request().ruleId())).append(")");
            r.windowIfSet().ifPresent(w -> body.append("<br>window ").append(Html.escape(w.notBefore().toString()))
                    .append(" → ").append(Html.escape(w.notAfter().toString())));
            body.append("</p><p class=\"muted\">").append(Html.escape(r.request().justification())).append("</p>");
            body.append("<table><thead><tr><th>#</th><th>at</th><th>event</th><th>actor</th><th>outcome</th>"
                    + "<th>details</th></tr></thead><tbody>");
            for (AuditEntry e : auditLog.entries(id)) {
                body.append("<tr><td>").append(e.seq()).append("</td><td>").append(Html.escape(e.at().toString()))
                        .append("</td><td>").append(Html.escape(e.type().name())).append("</td><td>")
                        .append(Html.escape(e.actor())).append(" <span class=\"muted\">(")
                        .append(Html.escape(String.valueOf(e.actorKind()))).append(")</span></td><td>")
                        .append(Html.escape(String.valueOf(e.outcome()))).append("</td><td>")
                        .append(Html.escape(details(e.details()))).append("</td></tr>");
            }
            body.append("</tbody></table></div>");
        }
        return Layout.page("Requests", body.toString(), 0);
    }

    /**
     * Every request id, newest first: a scan of two attributes (jita local holds thousands at most). Only items with
     * a creation time: the table also holds the per-role counters behind intake's caps.
     */
    private List<String> newestIds() {
        record Row(String id, String createdAt) {
        }
        String idKey = requestsTable.partitionKey().name();
        List<Row> rows = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanRequest.Builder scan = ScanRequest.builder().tableName(requestsTable.name())
                    .projectionExpression("#id, #created")
                    .filterExpression("attribute_exists(#created)")
                    .expressionAttributeNames(Map.of("#id", idKey, "#created", createdAtKey));
            if (start != null) {
                scan.exclusiveStartKey(start);
            }
            ScanResponse page = dynamoDb.scan(scan.build());
            page.items().forEach(item -> rows.add(new Row(item.get(idKey).s(),
                    item.containsKey(createdAtKey) ? item.get(createdAtKey).s() : "")));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        rows.sort(Comparator.comparing(Row::createdAt).reversed());
        return rows.stream().map(Row::id).toList();
    }

    private static String details(Map<String, String> details) {
        StringBuilder out = new StringBuilder();
        details.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(d -> {
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(d.getKey()).append('=').append(d.getValue());
        });
        return out.toString();
    }
}
