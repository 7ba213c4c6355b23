package dev.jita.handlers;

import dev.jita.http.RouteTemplate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The REST API's routes (design.md, "HTTP API"), declared once: infrastructure's {@code JitaApi} makes its API
 * Gateway resources and methods from this list, and jita local's {@code JitaLocalServer} serves it. The functions
 * behind it, {@link IntakeFunction} (its {@code EngineerRoutes}) and {@link ApprovalFunction}, bind their code to
 * the same routes, and {@code ApiRoutesTest} fails when either serves a route that is not here or misses one.
 */
public final class ApiRoutes {

    /** The function behind the engineer routes ({@link IntakeFunction}; CDK's function id). */
    public static final String INTAKE = "intake";
    /** The function behind the approver routes ({@link ApprovalFunction}; CDK's function id). */
    public static final String APPROVAL = "approval";

    /** How API Gateway authenticates the callers of a route. */
    public enum Auth {
        /** AWS_IAM: SigV4-signed, the caller is the signing principal. */
        IAM,
        /** None: the approver routes, where the token in the path is the credential. */
        NONE
    }

    /**
     * One method on one resource.
     *
     * @param template as API Gateway spells the resource, e.g. {@code /requests/{id}}
     * @param function the id of the function behind it ({@link #INTAKE} or {@link #APPROVAL})
     */
    public record Route(String method, String template, Auth auth, String function) {
        public Route {
            Objects.requireNonNull(method, "method");
            RouteTemplate.of(template);
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(function, "function");
        }
    }

    /** Every route, in design.md's order. */
    public static final List<Route> ALL = List.of(
            new Route("POST", "/requests", Auth.IAM, INTAKE),
            new Route("GET", "/requests", Auth.IAM, INTAKE),
            new Route("GET", "/requests/{id}", Auth.IAM, INTAKE),
            new Route("POST", "/requests/{id}/revoke", Auth.IAM, INTAKE),
            new Route("POST", "/requests/{id}/cancel", Auth.IAM, INTAKE),
            new Route("GET", "/audit", Auth.IAM, INTAKE),
            new Route("GET", "/audit/verify", Auth.IAM, INTAKE),
            // HEAD: mail scanners and link previews probe before people click; it answers GET's headers.
            new Route("GET", "/approvals/{token}", Auth.NONE, APPROVAL),
            new Route("HEAD", "/approvals/{token}", Auth.NONE, APPROVAL),
            new Route("POST", "/approvals/{token}", Auth.NONE, APPROVAL));

    private ApiRoutes() {
    }

    /** The methods of one function's routes by template, in {@link #ALL}'s order of templates. */
    public static Map<String, Set<String>> methodsByTemplate(String function) {
        Map<String, Set<String>> byTemplate = new LinkedHashMap<>();
        for (Route route : ALL) {
            if (route.function().equals(function)) {
                byTemplate.computeIfAbsent(route.template(), t -> new TreeSet<>()).add(route.method());
            }
        }
        return byTemplate;
    }
}
