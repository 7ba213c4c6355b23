package dev.jita.local.pages;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jita.http.Html;
import dev.jita.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frame of jita local's pages: plain HTML, inline CSS, no scripts and no external assets, every value escaped
 * with {@link Html#escape}. The pages show approval links (that is their point), so they are never cached and never
 * send a Referer.
 */
final class Layout {
    private static final String CSS = """
            body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
            header{background:#1b1f24;color:#fff;padding:.6rem 1.2rem}header a{color:#fff;margin-right:1rem}
            main{padding:1rem 1.2rem;max-width:72rem}h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}
            table{border-collapse:collapse;width:100%;background:#fff}th,td{border:1px solid #d6d9de;padding:.35rem .5rem;
            text-align:left;vertical-align:top}th{background:#eceef1}pre{background:#fff;border:1px solid #d6d9de;
            padding:.6rem;overflow:auto}code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px}
            .muted{color:#5b636d}.status{font-weight:600}.card{background:#fff;border:1px solid #d6d9de;padding:.6rem .9rem;
            margin:.8rem 0}ol{margin:.3rem 0}
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Layout() {
    }

    /**
     * A whole page.
     *
     * @param bodyHtml already escaped HTML
     * @param refreshSeconds 0 for none; else the browser reloads the page that often (to watch grants come and go)
     */
    static HttpResponse page(String title, String bodyHtml, int refreshSeconds) {
        return page(title, bodyHtml, refreshSeconds, "'none'");
    }

    /** A page whose forms post back to jita local itself (the CSP allows form-action 'self' only). */
    static HttpResponse formPage(String title, String bodyHtml) {
        return page(title, bodyHtml, 0, "'self'");
    }

    private static HttpResponse page(String title, String bodyHtml, int refreshSeconds, String formAction) {
        String refresh = refreshSeconds > 0 ? "<meta http-equiv=\"refresh\" content=\"" + refreshSeconds + "\">" : "";
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" + refresh
                + "<title>" + Html.escape(title) + " · jita local</title><style>" + CSS + "</style></head><body>"
                + "<header><strong>jita local</strong> &nbsp; <a href=\"/\">start</a><a href=\"/local/outbox\">outbox</a>"
                + "<a href=\"/local/requests\">requests</a><a href=\"/local/iam\">iam</a>"
                + "<a href=\"/local/identity-center\">identity center</a></header><main><h1>"
                + Html.escape(title) + "</h1>" + bodyHtml + "</main></body></html>";
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "text/html; charset=utf-8");
        headers.put("Cache-Control", "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action " + formAction + ";"
                + " frame-ancestors 'none'; base-uri 'none'");
        return HttpResponse.text(200, headers, html);
    }

    static String code(String text) {
        return "<code>" + Html.escape(text) + "</code>";
    }

    /** A policy document indented for reading; as it is when it is not JSON (the stand-ins only hold JSON). */
    static String prettyJson(String document) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(JSON.readTree(document));
        } catch (JsonProcessingException e) {
            return document;
        }
    }
}
