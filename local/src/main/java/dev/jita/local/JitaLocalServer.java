package dev.jita.local;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import dev.jita.asl.EngineClock;
import dev.jita.handlers.ApiRoutes;
import dev.jita.local.http.ApiRoute;
import dev.jita.local.http.HttpFront;
import dev.jita.local.http.LocalPage;
import dev.jita.local.http.Principals;
import dev.jita.local.http.SignatureVerifier;
import dev.jita.local.pages.IamPage;
import dev.jita.local.pages.IdentityCenterPage;
import dev.jita.local.pages.IncidentsPage;
import dev.jita.local.pages.IndexPage;
import dev.jita.local.pages.OutboxPage;
import dev.jita.local.pages.RequestsPage;
import dev.jita.local.pages.TryPage;
import dev.jita.local.pages.Walkthrough;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code jita local} running: {@link LocalJita} (DynamoDB Local, the interpreter on approval.asl.json with the real
 * handlers, the IAM stand-in, the link key, the outbox) behind the {@link HttpFront} on 127.0.0.1, with the real or
 * a scaled clock, so the interpreter runs Waits and timeouts on its own threads.
 *
 * <p>What it serves is two lists: {@link #apiRoutes} (design.md's HTTP API, as API Gateway's resources) and
 * {@link #pages} (jita local's own pages). A new function or page goes into one of them.
 */
public final class JitaLocalServer implements AutoCloseable {
    /** Requests handled at once: enough for a load test's clients; each mostly waits on DynamoDB Local's locks. */
    public static final int DEFAULT_THREADS = 32;

    /**
     * How to run.
     *
     * @param port      0 for any free port
     * @param dataDir   null: everything in memory, a fresh link key in a temporary directory
     * @param timeScale 1 for real time; N: time runs N times faster
     * @param rulesFile null: config/rules.yaml of the checkout
     */
    public record Settings(int port, Path dataDir, double timeScale, Path rulesFile, int threads) {
        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            if (!(timeScale > 0) || Double.isInfinite(timeScale)) {
                throw new IllegalArgumentException("time scale must be a positive number, was " + timeScale);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, was " + threads);
            }
        }
    }

    private final Settings settings;
    private final HttpFront front;
    private final LocalJita jita;
    private final URI baseUrl;
    private final Walkthrough walkthrough;
    private final List<LocalPage> pages;
    private SweeperSchedule sweeper;

    private JitaLocalServer(Settings settings, HttpFront front, LocalJita jita, URI baseUrl) {
        this.settings = settings;
        this.front = front;
        this.jita = jita;
        this.baseUrl = baseUrl;
        this.walkthrough = Walkthrough.of(baseUrl, jita.rules(), LocalJita.ACCOUNT);
        List<LocalPage> all = new ArrayList<>();
        all.add(new IndexPage(walkthrough, this::pages, jita.clock(), setting()));
        all.addAll(pages(jita));
        this.pages = List.copyOf(all);
    }

    /**
     * Binds the port first (so a port in use is reported before anything starts), then assembles and starts jita.
     *
     * @throws HttpFront.PortInUseException when the port is taken
     * @throws dev.jita.rules.RulesFileException when the rules file is bad (its message names file, rule and field)
     */
    public static JitaLocalServer start(Settings settings) {
        HttpFront front = HttpFront.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()),
                settings.threads());
        LocalJita jita = null;
        try {
            URI baseUrl = URI.create("http://127.0.0.1:" + front.port());
            jita = LocalJita.builder()
                    .clock(settings.timeScale() == 1 ? EngineClock.real() : EngineClock.scaled(settings.timeScale()))
                    .rulesFile(settings.rulesFile())
                    .dataDir(settings.dataDir())
                    .publicBaseUrl(baseUrl)
                    .build();
            JitaLocalServer server = new JitaLocalServer(settings, front, jita, baseUrl);
            LocalJita assembled = jita;
            // API Gateway's clock: wall time, which clients sign with, whatever the time scale makes jita's run at.
            Clock gatewayClock = Clock.systemUTC();
            front.start(apiRoutes(jita), server.pages, new Principals(LocalJita.ACCOUNT, assembled::findRole),
                    new SignatureVerifier(jita.accessKeys()::byId, LocalJita.REGION, gatewayClock),
                    LocalJita.ACCOUNT, gatewayClock);
            server.sweeper = SweeperSchedule.start(jita.sweeper(), settings.timeScale());
            jita.startAuditExport();
            return server;
        } catch (RuntimeException e) {
            front.close();
            if (jita != null) {
                jita.close();
            }
            throw e;
        }
    }

    /**
     * The REST API's resources as API Gateway declares them: {@link ApiRoutes}, the list CDK's JitaApi is made
     * from, one resource per template with its methods, each to its function's handler here.
     */
    public static List<ApiRoute> apiRoutes(LocalJita jita) {
        return apiRoutes(Map.of(ApiRoutes.INTAKE, jita.intake(), ApiRoutes.APPROVAL, jita.approvals()));
    }

    /** @param handlers the handler of each function that {@link ApiRoutes} names, by the function's id */
    static List<ApiRoute> apiRoutes(
            Map<String, RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent>> handlers) {
        Map<String, List<ApiRoutes.Route>> byTemplate = new LinkedHashMap<>();
        for (ApiRoutes.Route route : ApiRoutes.ALL) {
            byTemplate.computeIfAbsent(route.template(), t -> new ArrayList<>()).add(route);
        }
        List<ApiRoute> routes = new ArrayList<>();
        byTemplate.forEach((template, methods) -> {
            // One resource, one auth and one function, as ApiRoutesTest holds the list to.
            ApiRoutes.Route first = methods.get(0);
            var handler = handlers.get(first.function());
            if (handler == null) {
                throw new IllegalStateException("no handler for function " + first.function() + " behind "
                        + template + "; give jita local one");
            }
            routes.add(new ApiRoute(template, methods.stream().map(ApiRoutes.Route::method)
                    .collect(Collectors.toSet()), first.auth(), first.function(), handler));
        });
        return List.copyOf(routes);
    }

    /** jita local's own pages, beside the index page. */
    public static List<LocalPage> pages(LocalJita jita) {
        return List.of(
                new OutboxPage(jita.outbox()),
                new IamPage(jita.localIams(), jita::describeAccount),
                new IdentityCenterPage(jita.identityCenter()),
                new RequestsPage(jita.dynamoDb(), jita.storeConfig().requestsTable(), jita.store(), jita.auditLog()),
                new IncidentsPage(jita.incidents(), jita.clock()),
                new TryPage(jita.calls()));
    }

    public URI baseUrl() {
        return baseUrl;
    }

    public LocalJita jita() {
        return jita;
    }

    public Walkthrough walkthrough() {
        return walkthrough;
    }

    public List<LocalPage> pages() {
        return pages;
    }

    /** One line: time scale, rules file, where data lives. */
    public String setting() {
        String scale = settings.timeScale() == 1 ? "real time" : "time runs " + format(settings.timeScale())
                + "x faster";
        String data = settings.dataDir() == null ? "data in memory (gone at exit)"
                : "data kept in " + settings.dataDir();
        return scale + ", rules from " + jita.rulesFile() + ", " + data;
    }

    /** How often (wall clock) the sweeper runs: a minute of jita's time, at most once a second. */
    public Duration sweeperPeriod() {
        return sweeper.period();
    }

    /**
     * Stops the HTTP server (requests in flight finish) and the sweeper's schedule (a run in progress finishes),
     * then the interpreter and DynamoDB Local.
     */
    @Override
    public void close() {
        front.close();
        if (sweeper != null) {
            sweeper.close();
        }
        jita.close();
    }

    static String format(double scale) {
        return scale == Math.rint(scale) ? String.valueOf((long) scale) : String.valueOf(scale);
    }
}
