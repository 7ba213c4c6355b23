package dev.jita.local.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.jita.handlers.ApiRoutes;
import dev.jita.http.ApiGateway;
import dev.jita.http.HttpResponse;
import dev.jita.http.Problem;
import dev.jita.http.ProblemException;
import dev.jita.http.RouteTemplate;
import dev.jita.local.LocalLambdaContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * jita local's HTTP server: API Gateway's part. Each request to a route of the REST API becomes the proxy event API
 * Gateway would send ({@link ProxyEvents}), with the caller's identity filled by the IAM authorizer's stand-in
 * ({@link Principals}, after {@link SignatureVerifier} for a SigV4-signed request) on IAM routes; the function's answer goes back as is. jita local's own pages are served
 * beside the API. Everything else is 404 problem+json; bodies beyond {@link #MAX_BODY_BYTES} are 413. Requests not
 * addressed to a loopback name and this port are refused first ({@link HostCheck}).
 *
 * <p>Slow clients: the JDK server reads a request's line and headers on the executor's thread, and the body is read
 * there too, before a handler runs. So each connection gets a thread of its own to be read on, and only a read
 * request waits for one of the {@code threads} permits that run handlers: a client that sends half a request holds
 * its own thread, never a permit, and everybody else is answered meanwhile. The JDK closes a connection whose
 * request is not in after {@link #MAX_REQUEST_TIME}, and one whose request line and headers exceed
 * {@link #MAX_HEADER_BYTES} (without an answer).
 *
 * <p>Bound first ({@link #bind}), started once jita local is assembled ({@link #start}), so that a port in use is
 * reported before anything else starts.
 */
public final class HttpFront implements AutoCloseable {
    /** API Gateway's payload limit is 10 MB; jita's largest legitimate body is a few KiB. */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * Request line and headers (the JDK counts each line's bytes plus 32): API Gateway takes 10 KiB of headers, a
     * browser sends one or two.
     */
    public static final int MAX_HEADER_BYTES = 16 * 1024;
    /** How long a client may take to send one request, headers and body; a local one needs milliseconds. */
    public static final Duration MAX_REQUEST_TIME = Duration.ofSeconds(10);
    /** Connections open at once, and so threads reading them; the JDK closes any more at once. */
    public static final int MAX_CONNECTIONS = 512;
    private static final Logger LOG = LoggerFactory.getLogger(HttpFront.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final Semaphore handlers;
    private final HostCheck hosts;
    private List<ApiRoute> routes = List.of();
    private Map<String, LocalPage> pages = Map.of();
    private Principals principals;
    private SignatureVerifier signatures;
    private String apiAccount;
    private Clock clock;
    private volatile boolean stopped;

    private HttpFront(HttpServer server, int threads) {
        this.server = server;
        AtomicInteger n = new AtomicInteger();
        // A thread per connection being read (none queue: past MAX_CONNECTIONS the JDK has closed the connection).
        this.executor = new ThreadPoolExecutor(0, MAX_CONNECTIONS, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "jita-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        // Each handler runs end to end on DynamoDB Local and the IAM stand-in: so many at once, the rest wait in turn.
        this.handlers = new Semaphore(threads, true);
        this.hosts = new HostCheck(server.getAddress().getPort());
        server.setExecutor(executor);
    }

    /**
     * Binds the address now, serving nothing yet.
     *
     * @param threads how many requests are handled at once
     * @throws PortInUseException when something else listens there already
     */
    public static HttpFront bind(InetSocketAddress address, int threads) {
        // The JDK server's settings, read once, when the first server in the JVM is created (JDK 17 to 25).
        // It writes headers and body separately; without TCP_NODELAY, Nagle's algorithm and the client's delayed
        // ACK hold many answers back ~40 ms.
        serverProperty("sun.net.httpserver.nodelay", "true");
        // A request (line, headers, body) not in after maxReqTime seconds: its connection is closed, checked every
        // timerMillis; a connection that sends nothing is closed as well, checked every clockTick ms.
        serverProperty("sun.net.httpserver.maxReqTime", String.valueOf(MAX_REQUEST_TIME.toSeconds()));
        serverProperty("sun.net.httpserver.timerMillis", "1000");
        serverProperty("sun.net.httpserver.clockTick", "1000");
        serverProperty("sun.net.httpserver.maxReqHeaderSize", String.valueOf(MAX_HEADER_BYTES));
        serverProperty("jdk.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS));
        try {
            return new HttpFront(HttpServer.create(address, 1024), threads);
        } catch (BindException e) {
            throw new PortInUseException(address);
        } catch (IOException e) {
            throw new UncheckedIOException("could not listen on " + address, e);
        }
    }

    /** Sets one of the JDK server's properties unless the command line did (JITA_JAVA_OPTS). */
    private static void serverProperty(String name, String value) {
        if (System.getProperty(name) == null) {
            System.setProperty(name, value);
        }
    }

    /** The port actually bound (useful when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    /**
     * Starts serving.
     *
     * @param apiAccount the account the API and its roles live in
     */
    public synchronized void start(List<ApiRoute> apiRoutes, List<LocalPage> localPages, Principals principals,
                                   SignatureVerifier signatures, String apiAccount, Clock clock) {
        List<ApiRoute> sorted = new ArrayList<>(apiRoutes);
        sorted.sort(Comparator.comparing(ApiRoute::template, RouteTemplate.MOST_LITERAL_FIRST));
        this.routes = List.copyOf(sorted);
        Map<String, LocalPage> byPath = new LinkedHashMap<>();
        for (LocalPage page : localPages) {
            if (byPath.put(page.path(), page) != null) {
                throw new IllegalArgumentException("two local pages at " + page.path());
            }
        }
        this.pages = byPath;
        this.principals = Objects.requireNonNull(principals, "principals");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
        this.apiAccount = Objects.requireNonNull(apiAccount, "apiAccount");
        this.clock = Objects.requireNonNull(clock, "clock");
        server.createContext("/", this::exchange);
        server.start();
    }

    /** Stops accepting, lets requests in flight finish (up to a second), then stops the worker threads. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void exchange(HttpExchange exchange) {
        try {
            Optional<ProblemException> misdirected = hosts.refusal(exchange.getRequestHeaders().get("Host"),
                    exchange.getRequestURI().getRawAuthority());
            if (misdirected.isEmpty()) {
                misdirected = hosts.crossSiteRefusal(exchange.getRequestMethod(),
                        exchange.getRequestHeaders().getFirst("Origin"),
                        exchange.getRequestHeaders().getFirst("Sec-Fetch-Site"));
            }
            if (misdirected.isPresent()) {
                write(exchange, problem(misdirected.get()));
                return;
            }
            RawRequest raw;
            try {
                raw = read(exchange);
            } catch (TooLarge e) {
                write(exchange, ProxyEvents.response(ApiGateway.response(Problem.of(413, "body-too-large",
                        "The request body is larger than " + MAX_BODY_BYTES / 1024 + " KiB; send a smaller one.")
                        .toResponse())));
                return;
            }
            ProxyEvents.Answer answer;
            handlers.acquire();
            try {
                answer = answer(raw);
            } finally {
                handlers.release();
            }
            write(exchange, answer); // a client slow to read holds its own thread, not a permit
        } catch (IOException e) {
            LOG.debug("client went away: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        } catch (RuntimeException e) {
            LOG.error("jita local could not answer {} {}", exchange.getRequestMethod(), exchange.getRequestURI()
                    .getRawPath(), e);
        } finally {
            exchange.close();
        }
    }

    /** The answer to one request: a local page, an API route's function, or a problem. */
    ProxyEvents.Answer answer(RawRequest raw) {
        List<String> segments;
        String path;
        try {
            segments = raw.segments();
            path = RouteTemplate.path(segments);
            raw.query();
        } catch (IllegalArgumentException e) {
            return problem(ProblemException.badRequest("malformed-url", "The URL has a malformed percent-escape;"
                    + " encode it properly and try again."));
        }
        try {
            LocalPage page = pages.get(path);
            if (page != null) {
                return page(page, raw);
            }
            for (ApiRoute route : routes) {
                Optional<Map<String, String>> parameters = route.template().match(segments);
                if (parameters.isPresent()) {
                    return api(route, parameters.get(), raw);
                }
            }
            throw ProblemException.notFound("There is nothing at " + printable(path) + "; check the path against"
                    + " jita's HTTP API (/requests, /audit, /approvals/{token}) or jita local's pages listed at /.");
        } catch (ProblemException e) {
            return problem(e);
        } catch (GatewayRefusal e) {
            return e.answer();
        } catch (RuntimeException e) {
            LOG.error("jita local failed on {} {}", raw.method(), printable(path), e);
            return problem(new ProblemException(Problem.internalError()));
        }
    }

    private ProxyEvents.Answer api(ApiRoute route, Map<String, String> parameters, RawRequest raw) {
        requireMethod(raw.method(), route.methods(), route.template().text());
        APIGatewayProxyRequestEvent.RequestIdentity identity = route.auth() == ApiRoutes.Auth.IAM ? caller(raw)
                : ProxyEvents.anonymous(raw);
        APIGatewayProxyRequestEvent event = ProxyEvents.request(raw, route, parameters, identity, apiAccount,
                clock.instant());
        APIGatewayProxyResponseEvent response = route.handler().handleRequest(event,
                LocalLambdaContext.of(route.function()));
        return ProxyEvents.response(response);
    }

    /**
     * IAM auth: a signed request is its access key's principal, and one whose signature does not hold is refused
     * whatever else it carries; an unsigned one names its principal in X-Jita-Principal (local only).
     */
    private APIGatewayProxyRequestEvent.RequestIdentity caller(RawRequest raw) {
        if (raw.header("Authorization").isPresent()) {
            return principals.identity(Optional.of(signatures.verify(raw).principal()), raw);
        }
        return principals.identity(raw.header(Principals.HEADER), raw);
    }

    private ProxyEvents.Answer page(LocalPage page, RawRequest raw) {
        requireMethod(raw.method(), page.methods(), page.path());
        HttpResponse response = page.render(raw.apiRequest(page.path()));
        return ProxyEvents.response(ApiGateway.response("HEAD".equals(raw.method()) ? response.withoutBody()
                : response));
    }

    /** @throws ProblemException 405 naming the methods served at {@code path} when {@code method} is not one */
    private static void requireMethod(String method, Set<String> methods, String path) {
        if (!methods.contains(method)) {
            String allow = String.join(", ", new TreeSet<>(methods));
            throw new ProblemException(Problem.of(405, "method-not-allowed", printable(method) + " is not served"
                    + " at " + path + "; use " + allow + "."), Map.of("Allow", allow));
        }
    }

    private static ProxyEvents.Answer problem(ProblemException e) {
        HttpResponse response = e.problem().toResponse();
        for (Map.Entry<String, String> header : e.headers().entrySet()) {
            response = response.withHeader(header.getKey(), header.getValue());
        }
        return ProxyEvents.response(ApiGateway.response(response));
    }

    private static RawRequest read(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.strip()) > MAX_BODY_BYTES) {
                    throw new TooLarge();
                }
            } catch (NumberFormatException e) {
                // The server itself refuses a malformed Content-Length before we get here.
            }
        }
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readNBytes(MAX_BODY_BYTES + 1);
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new TooLarge();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        return new RawRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body,
                exchange.getRemoteAddress().getAddress().getHostAddress());
    }

    private static void write(HttpExchange exchange, ProxyEvents.Answer answer) throws IOException {
        answer.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, new ArrayList<>(values)));
        boolean noBody = "HEAD".equals(exchange.getRequestMethod()) || answer.body().length == 0
                || answer.status() == 204 || answer.status() == 304;
        if (noBody) {
            // -1: no body at all (0 would mean a chunked body of unknown length).
            exchange.sendResponseHeaders(answer.status(), -1);
            return;
        }
        exchange.sendResponseHeaders(answer.status(), answer.body().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer.body());
        }
    }

    private static String printable(String s) {
        String cut = s.length() > 100 ? s.substring(0, 100) + "..." : s;
        return cut.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super(null, null);
        }
    }

    /** The address is taken: another jita local, or another server. */
    public static final class PortInUseException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient InetSocketAddress address;

        PortInUseException(InetSocketAddress address) {
            super(address.getHostString() + ":" + address.getPort() + " is already in use");
            this.address = address;
        }

        public InetSocketAddress address() {
            return address;
        }
    }
}
