package dev.jita.local.cli;

import dev.jita.local.AccessKeys;
import dev.jita.local.JitaLocalServer;
import dev.jita.local.LocalJita;
import dev.jita.local.http.AccessKey;
import dev.jita.local.http.HttpFront;
import dev.jita.local.pages.Walkthrough;
import dev.jita.rules.RulesFileException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code jita local}: starts {@link JitaLocalServer} with the command line's options, prints where it runs and how
 * to make a first request, and runs until Ctrl-C (SIGINT) or SIGTERM, then stops the HTTP server, the interpreter
 * and DynamoDB Local and exits 0. Exit 2 for a bad command line, 1 when jita cannot start (port in use, bad rules
 * file), with one sentence saying why.
 */
public final class Main {
    /** The line a script (or a test) can wait for: everything is up once it is printed. */
    public static final String READY = "jita local is up: ";
    /** Where ./jita's commands find jita (cli/README.md). */
    static final String ENDPOINT_VARIABLE = "JITA_ENDPOINT";

    private Main() {
    }

    public static void main(String[] args) {
        // Before anything touches a logger: readable lines on the terminal rather than the Lambda JSON layout.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-local.xml");
        }
        // Start logging now: begun lazily by a function's first line during a Ctrl-C, log4j would fall back to a
        // context the functions' logging setup cannot use, and that function would fail.
        org.slf4j.LoggerFactory.getLogger(Main.class).debug("logging started");
        PrintStream out = System.out;
        PrintStream err = System.err;
        Options options;
        try {
            options = Options.parse(Arrays.asList(args));
        } catch (Options.UsageException e) {
            err.println("jita local: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            out.print(Options.HELP);
            System.exit(0);
            return;
        }
        out.println("jita local: starting DynamoDB Local, the workflow and the HTTP front...");
        JitaLocalServer server;
        try {
            server = JitaLocalServer.start(options.settings());
        } catch (HttpFront.PortInUseException e) {
            err.println("jita local: port " + options.port() + " on 127.0.0.1 is already in use (another jita local?);"
                    + " stop that process or choose another port with --port N.");
            System.exit(1);
            return;
        } catch (RulesFileException e) {
            err.println("jita local: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            err.println("jita local could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        stopOnSignal(server, out);
        banner(server, out);
        try {
            new CountDownLatch(1).await(); // until a signal ends the JVM
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ctrl-C and SIGTERM start the JVM's shutdown: stop jita there, then end with status 0 (halt: a signal would
     * otherwise make it 130 or 143, and everything worth stopping has stopped).
     */
    private static void stopOnSignal(JitaLocalServer server, PrintStream out) {
        AtomicBoolean once = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!once.compareAndSet(false, true)) {
                return;
            }
            out.println();
            out.println("jita local: stopping...");
            server.close();
            out.println("jita local: stopped.");
            out.flush();
            Runtime.getRuntime().halt(0);
        }, "jita-local-stop"));
    }

    /** Where the access keys are, as the export lines that make the AWS SDK (and ./jita's commands) use them. */
    static void signedCalls(JitaLocalServer server, PrintStream out) {
        AccessKeys keys = server.jita().accessKeys();
        out.println("Or sign calls with SigV4 as on AWS: jita local's access keys are AWS profiles in");
        out.println(keys.credentialsFile().getParent() + " (never in your ~/.aws). In your shell:");
        out.println();
        out.println("  export " + ENDPOINT_VARIABLE + "=" + server.walkthrough().url(""));
        out.println("  export AWS_SHARED_CREDENTIALS_FILE=" + keys.credentialsFile());
        out.println("  export AWS_CONFIG_FILE=" + keys.configFile());
        out.println();
        for (AccessKey key : keys.all()) {
            out.printf("  %-20s %-22s %s%n", key.profile(), key.accessKeyId(), key.principal());
        }
        out.println();
        out.println("  ./jita request --profile " + AccessKeys.profile("Engineer") + " --action ... --wait"
                + "   (./jita --help)");
        List<String> sso = server.jita().identityCenterProfiles();
        if (!sso.isEmpty()) {
            out.println("  Identity Center user " + LocalJita.SSO_USER + ": --profile "
                    + String.join(" or --profile ", sso));
        }
    }

    static void banner(JitaLocalServer server, PrintStream out) {
        Walkthrough walk = server.walkthrough();
        out.println();
        out.println(READY + walk.url("/"));
        out.println("  " + server.setting() + ".");
        out.println("  Pages: " + walk.url("/local/outbox") + "  " + walk.url("/local/iam") + "  "
                + walk.url("/local/identity-center") + "  " + walk.url("/local/requests"));
        out.println();
        out.println("Ask for access (a first request):");
        out.println();
        out.println(walk.createCommand().indent(2).stripTrailing());
        out.println();
        out.println("Then open " + walk.url("/local/outbox") + ", follow an approver's link and press Approve;");
        out.println("watch the grant appear at " + walk.url("/local/iam") + " and vanish when its window ends.");
        out.println();
        signedCalls(server, out);
        out.println("Ctrl-C stops jita local.");
        out.flush();
    }
}
