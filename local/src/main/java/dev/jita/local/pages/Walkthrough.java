package dev.jita.local.pages;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jita.domain.Rule;
import dev.jita.domain.RuleBook;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The first steps with jita local, as copy-pasteable curl commands built from the rules in use: a request that the
 * first rule with approvers allows, made as a session of that rule's first requester role. Printed at start and
 * shown on the index page.
 */
public record Walkthrough(URI base, String principal, String requestBody) {
    static final String SESSION = "dev";
    private static final ObjectMapper JSON = new ObjectMapper();

    public Walkthrough {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(requestBody, "requestBody");
    }

    /** Built from the first rule that needs an approval (else the first rule). */
    public static Walkthrough of(URI base, RuleBook rules, String account) {
        Optional<Rule> rule = rules.rules().stream().filter(r -> r.approvalsRequired() > 0).findFirst()
                .or(() -> rules.rules().stream().findFirst());
        String role = rule.flatMap(r -> r.requesters().stream().findFirst())
                .map(arn -> arn.substring(arn.lastIndexOf('/') + 1))
                .filter(name -> !name.isEmpty() && !name.contains("*") && !name.contains("?"))
                .orElse("Engineer");
        ObjectNode body = JSON.createObjectNode();
        rule.ifPresent(r -> {
            body.putArray("actions").add(r.actions().get(0));
            body.putArray("resources").add(r.resources().get(0).replace("*", "example").replace("?", "x"));
            body.put("durationMinutes", Math.max(1, Math.min(30, r.maxDuration().toMinutes())));
            body.put("justification", "Trying jita local: the first request of the walk-through");
            body.put("ruleId", r.id());
        });
        return new Walkthrough(base, "arn:aws:sts::" + account + ":assumed-role/" + role + "/" + SESSION,
                body.toString());
    }

    /** POST /requests with the example body. */
    public String createCommand() {
        return "curl -s -X POST " + url("/requests") + " \\\n"
                + "  -H " + quote(dev.jita.local.http.Principals.HEADER + ": " + principal) + " \\\n"
                + "  -H 'Content-Type: application/json' \\\n"
                + "  -d " + quote(requestBody);
    }

    /** GET /requests/{id}, with the id from the answer of {@link #createCommand()}. */
    public String getCommand() {
        return "curl -s " + url("/requests/<requestId>") + " -H " + quote(dev.jita.local.http.Principals.HEADER
                + ": " + principal);
    }

    /** @param path starts with '/'; may hold a placeholder like {@code <requestId>} */
    public String url(String path) {
        String b = base.toString();
        return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + path;
    }

    /** Single-quoted for a POSIX shell. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
