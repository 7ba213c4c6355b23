package dev.jita.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiConsumer;

/**
 * Dispatches a request to its route by method and resource template ({@code /requests/{id}/cancel}). API Gateway
 * names the template in {@code resource}; where nobody did (the local front), the path is matched against the
 * templates. A {@link ProblemException} from a route becomes its problem answer, anything else a 500 that says
 * nothing about internals, reported to the {@code unexpected} listener for logging.
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
        return route.handle(request.withResource(template.text(), match.get().parameters()));
    }

    private Optional<Match> find(ApiRequest request) {
        if (request.resource() != null) {
            for (Template t : templates) {
                if (t.text().equals(request.resource())) {
                    Map<String, String> params = request.pathParameters().isEmpty()
                            ? t.match(request.path()).orElse(Map.of()) : request.pathParameters();
                    return Optional.of(new Match(t, params));
                }
            }
        }
        for (Template t : templates) {
            Optional<Map<String, String>> params = t.match(request.path());
            if (params.isPresent()) {
                return Optional.of(new Match(t, params.get()));
            }
        }
        return Optional.empty();
    }

    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private record Match(Template template, Map<String, String> parameters) {
    }

    /** A resource template and its routes by method; literal segments before parameters when both could match. */
    private record Template(String text, List<String> segments, Map<String, Route> routes) {

        Optional<Map<String, String>> match(String path) {
            List<String> parts = split(path);
            if (parts.size() != segments.size()) {
                return Optional.empty();
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < parts.size(); i++) {
                String seg = segments.get(i);
                String part = parts.get(i);
                if (isParameter(seg)) {
                    if (part.isEmpty()) {
                        return Optional.empty();
                    }
                    params.put(seg.substring(1, seg.length() - 1), part);
                } else if (!seg.equals(part)) {
                    return Optional.empty();
                }
            }
            return Optional.of(params);
        }

        int literalCount() {
            return (int) segments.stream().filter(s -> !isParameter(s)).count();
        }

        static boolean isParameter(String segment) {
            return segment.startsWith("{") && segment.endsWith("}") && segment.length() > 2;
        }

        static List<String> split(String path) {
            String p = path.startsWith("/") ? path.substring(1) : path;
            if (p.endsWith("/")) {
                p = p.substring(0, p.length() - 1);
            }
            return p.isEmpty() ? List.of() : List.of(p.split("/", -1));
        }
    }

    public static final class Builder {
        private final Map<String, Map<String, Route>> routes = new LinkedHashMap<>();
        private BiConsumer<ApiRequest, RuntimeException> unexpected = (request, e) -> { };

        private Builder() {
        }

        /** @param template a resource template as API Gateway spells it, e.g. {@code /requests/{id}} */
        public Builder route(String method, String template, Route route) {
            Objects.requireNonNull(route, "route");
            if (!template.startsWith("/")) {
                throw new IllegalArgumentException("a resource template starts with '/': " + template);
            }
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
            routes.forEach((text, byMethod) ->
                    list.add(new Template(text, Template.split(text), Map.copyOf(byMethod))));
            // /requests/mine must win over /requests/{id}: more literal segments first.
            list.sort((a, b) -> Integer.compare(b.literalCount(), a.literalCount()));
            return new Router(list, unexpected);
        }
    }
}
