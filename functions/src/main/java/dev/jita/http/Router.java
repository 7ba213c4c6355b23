package dev.jita.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Dispatches a request to its route by method and resource template ({@code /requests/{id}/cancel}). API Gateway
 * names the template in {@code resource}; where nobody did, the path is matched against the templates
 * ({@link RouteTemplate}). A {@link ProblemException} from a route becomes its problem answer, anything else a 500
 * that says nothing about internals, reported to the {@code unexpected} listener for logging.
 */
public final class Router {

    /** One route's work. */
    @FunctionalInterface
    public interface Route {
        HttpResponse handle(ApiRequest request);
    }

    private final List<Template> templates;
    private final BiConsumer<ApiRequest, RuntimeException> unexpected;

    private Router(List<Template> templates, BiConsumer<ApiRequest, RuntimeException> unexpected) {
        this.templates = List.copyOf(templates);
        this.unexpected = unexpected;
    }

    public static Builder builder() {
        return new Builder();
    }

    public HttpResponse handle(ApiRequest request) {
        try {
            return dispatch(request);
        } catch (ProblemException e) {
            return ApiResponses.problem(e);
        } catch (RuntimeException e) {
            unexpected.accept(request, e);
            return ApiResponses.problem(Problem.internalError());
        }
    }

    /** The methods routed, by resource template: what this router serves, to hold against the API's declaration. */
    public Map<String, Set<String>> methodsByTemplate() {
        Map<String, Set<String>> byTemplate = new LinkedHashMap<>();
        for (Template t : templates) {
            byTemplate.put(t.template().text(), new TreeSet<>(t.routes().keySet()));
        }
        return byTemplate;
    }

    private HttpResponse dispatch(ApiRequest request) {
        Optional<Match> match = find(request);
        if (match.isEmpty()) {
            throw ProblemException.notFound("There is nothing at " + printable(request.path())
                    + "; check the path against the jita API.");
        }
        Template template = match.get().template();
        Route route = template.routes().get(request.method());
        if (route == null) {
            String allow = String.join(", ", new TreeSet<>(template.routes().keySet()));
            throw new ProblemException(Problem.of(405, "method-not-allowed", request.method().isEmpty()
                    ? "The request has no method; use one of " + allow + "."
                    : printable(request.method()) + " is not served here; use one of " + allow + "."),
                    Map.of("Allow", allow));
        }
        return route.handle(request.withResource(template.template().text(), match.get().parameters()));
    }

    private Optional<Match> find(ApiRequest request) {
        List<String> segments = segments(request.path());
        if (request.resource() != null) {
            for (Template t : templates) {
                if (t.template().text().equals(request.resource())) {
                    Map<String, String> params = request.pathParameters().isEmpty()
                            ? t.template().match(segments).orElse(Map.of()) : request.pathParameters();
                    return Optional.of(new Match(t, params));
                }
            }
        }
        for (Template t : templates) {
            Optional<Map<String, String>> params = t.template().match(segments);
            if (params.isPresent()) {
                return Optional.of(new Match(t, params.get()));
            }
        }
        return Optional.empty();
    }

    /** The path's segments (API Gateway's path is decoded already); here a trailing '/' is ignored. */
    private static List<String> segments(String path) {
        return RouteTemplate.segments(path.length() > 1 && path.endsWith("/")
                ? path.substring(0, path.length() - 1) : path);
    }

    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private record Match(Template template, Map<String, String> parameters) {
    }

    /** A resource template and its routes by method. */
    private record Template(RouteTemplate template, Map<String, Route> routes) {
    }

    public static final class Builder {
        private final Map<String, Map<String, Route>> routes = new LinkedHashMap<>();
        private BiConsumer<ApiRequest, RuntimeException> unexpected = (request, e) -> { };

        private Builder() {
        }

        /** @param template a resource template as API Gateway spells it, e.g. {@code /requests/{id}} */
        public Builder route(String method, String template, Route route) {
            Objects.requireNonNull(route, "route");
            RouteTemplate.of(template); // refuses a malformed one here, not at build()
            Route previous = routes.computeIfAbsent(template, t -> new LinkedHashMap<>())
                    .put(method.toUpperCase(Locale.ROOT), route);
            if (previous != null) {
                throw new IllegalArgumentException(method + " " + template + " is routed twice");
            }
            return this;
        }

        /** Told of every exception that is not a {@link ProblemException}, before the 500 answer; for logging. */
        public Builder onUnexpected(BiConsumer<ApiRequest, RuntimeException> listener) {
            this.unexpected = Objects.requireNonNull(listener, "listener");
            return this;
        }

        public Router build() {
            List<Template> list = new ArrayList<>();
            routes.forEach((text, byMethod) -> list.add(new Template(RouteTemplate.of(text), Map.copyOf(byMethod))));
            list.sort(Comparator.comparing(Template::template, RouteTemplate.MOST_LITERAL_FIRST));
            return new Router(list, unexpected);
        }
    }
}
