package dev.jita.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.cli.Environment;
import dev.jita.cli.ExitCode;
import dev.jita.cli.api.JitaClient;
import dev.jita.cli.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", sortOptions = false,
        description = {"Show one request: status, approvals, window, timeline.",
                "With --watch, follows it on one live line until it ends; the exit code says how (0 for EXPIRED or"
                        + " REVOKED)."},
        footerHeading = "%nExamples:%n",
        footer = {"  jita status r-3k2j5h4g6f7d8s9a0q1w2e3r4t", "  jita status r-3k2j5h4g6f7d8s9a0q1w2e3r4t --watch",
                "  jita status r-3k2j5h4g6f7d8s9a0q1w2e3r4t --output json | jq -r .status"})
final class StatusCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "the request id (r-...)")
    String requestId;

    @Option(names = "--watch", description = "follow the request until it ends")
    boolean watch;

    StatusCommand(Environment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        JitaClient client = client();
        if (!watch) {
            JsonNode request = client.get(requestId);
            print(request, Views.detail(request));
            return ExitCode.OK.code();
        }
        Outcome outcome = await(client, requestId, false);
        if (api.json()) {
            print(outcome.request(), "");
        }
        return outcome.exit().code();
    }
}
