package dev.jita.local.http;

import dev.jita.http.Problem;
import dev.jita.http.ProblemException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * DNS rebinding: a web page whose name the attacker points at 127.0.0.1 reaches jita local from the browser, with its
 * own name in {@code Host}, and could read the outbox or approve. So jita local answers only requests addressed to
 * a loopback name and the port it listens on: {@code 127.0.0.1:PORT}, {@code localhost:PORT}, {@code [::1]:PORT}
 * (without {@code :80} when PORT is 80, as clients write it); everything else is refused before any page or route.
 */
public final class HostCheck {
    private static final List<String> LOOPBACK = List.of("127.0.0.1", "localhost", "[::1]");

    private final int port;
    private final Set<String> accepted;

    /** @param port the port jita local listens on */
    public HostCheck(int port) {
        this.port = port;
        Set<String> names = new HashSet<>();
        for (String name : LOOPBACK) {
            names.add(name + ":" + port);
            if (port == 80) {
                names.add(name);
            }
        }
        this.accepted = Set.copyOf(names);
    }

    /**
     * Why the request must be refused, if it must.
     *
     * @param hosts     every {@code Host} header of the request
     * @param authority the authority of an absolute-form request target ({@code GET http://host/...}), else null
     */
    public Optional<ProblemException> refusal(List<String> hosts, String authority) {
        if (hosts == null || hosts.size() != 1) {
            return Optional.of(ProblemException.badRequest("bad-host", "A request needs exactly one Host header;"
                    + " open " + home() + " in a browser or give curl that URL."));
        }
        if (!accepted(hosts.get(0)) || authority != null && !accepted(authority)) {
            return Optional.of(new ProblemException(Problem.of(421, "misdirected-request", "jita local answers"
                    + " only requests for 127.0.0.1:" + port + ", localhost:" + port + " or [::1]:" + port
                    + "; open " + home() + " instead.")));
        }
        return Optional.empty();
    }

    /**
     * Cross-site request forgery: a page on any site can make the browser POST a form to 127.0.0.1 (the Host is then
     * right), to inject an incident or act on a page. Browsers name the page that sent a request in {@code Origin}
     * (and {@code Sec-Fetch-Site}), so a request that changes something must come from jita local's own pages, or
     * from no browser at all (curl sends neither header).
     *
     * @param method        the request's method; GET and HEAD change nothing and are never refused here
     * @param origin        the {@code Origin} header, or null
     * @param secFetchSite  the {@code Sec-Fetch-Site} header, or null
     */
    public Optional<ProblemException> crossSiteRefusal(String method, String origin, String secFetchSite) {
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return Optional.empty();
        }
        // Either signal naming another site refuses. jita's pages send no Referer, so a browser names their own
        // forms' Origin "null", as it does a sandboxed attacker's: then Sec-Fetch-Site decides, and without it, no.
        boolean foreignSite = secFetchSite != null && !secFetchSite.equalsIgnoreCase("same-origin")
                && !secFetchSite.equalsIgnoreCase("none");
        boolean foreignOrigin = origin != null && (origin.equals("null") ? secFetchSite == null
                : !(origin.regionMatches(true, 0, "http://", 0, 7) && accepted(origin.substring(7))));
        boolean foreign = foreignSite || foreignOrigin;
        if (foreign) {
            return Optional.of(new ProblemException(Problem.of(403, "cross-site-request", "jita local takes changes"
                    + " only from its own pages at " + home() + " or from clients outside a browser; this one came"
                    + " from another site.")));
        }
        return Optional.empty();
    }

    private boolean accepted(String host) {
        return accepted.contains(host.strip().toLowerCase(Locale.ROOT));
    }

    private String home() {
        return "http://127.0.0.1:" + port + "/";
    }
}
