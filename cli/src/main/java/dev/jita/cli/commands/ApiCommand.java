package dev.jita.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.jita.cli.Environment;
import dev.jita.cli.ExitCode;
import dev.jita.cli.api.Endpoints;
import dev.jita.cli.api.JitaClient;
import dev.jita.cli.output.ProgressLine;
import dev.jita.cli.output.Views;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that calls jita: its connection options, its output, and the wait loop of --wait and --watch. */
abstract class ApiCommand implements Callable<Integer> {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    ApiOptions api;

    @Spec
    CommandSpec spec;

    final Environment environment;

    ApiCommand(Environment environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    JitaClient client() {
        Endpoints endpoints = Endpoints.resolve(api.endpoint, api.profile, api.region, environment.variables());
        return new JitaClient(environment.transports().apply(endpoints));
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** JSON for scripts (pretty, one document), else {@code table}. */
    void print(JsonNode json, String table) {
        if (api.json()) {
            try {
                out().println(JSON.writeValueAsString(json));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out().print(table);
        }
        out().flush();
    }

    /** What waiting ended with. */
    record Outcome(JsonNode request, ExitCode exit) {
    }

    /**
     * Looks at the request every poll interval, showing one progress line on stderr, until it comes to rest:
     * ACTIVE or an end when {@code untilActive}, an end otherwise.
     */
    Outcome await(JitaClient client, String requestId, boolean untilActive) {
        ProgressLine line = new ProgressLine(err(), environment.terminal());
        Instant started = environment.clock().instant();
        while (true) {
            JsonNode request = client.get(requestId);
            Instant now = environment.clock().instant();
            String text = Views.progress(request, now, Duration.between(started, now));
            var done = ExitCode.forStatus(request.path("status").asText(), untilActive);
            if (done.isPresent()) {
                line.finish(text);
                return new Outcome(request, done.get());
            }
            line.update(text, request.path("status").asText() + " " + request.path("approvals").size());
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(environment.pollInterval().toMillis()); // polling jita's API, not waiting on our own work
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
