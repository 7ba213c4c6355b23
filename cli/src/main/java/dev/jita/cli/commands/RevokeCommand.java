package dev.jita.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.cli.Environment;
import dev.jita.cli.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "revoke", description = "End an active grant now (its requester or an admin). Safe to repeat.",
        footerHeading = "%nExample:%n", footer = "  jita revoke r-3k2j5h4g6f7d8s9a0q1w2e3r4t")
final class RevokeCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "the request id (r-...)")
    String requestId;

    RevokeCommand(Environment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        JsonNode request = client().revoke(requestId);
        print(request, "Request " + request.path("requestId").asText() + " is " + request.path("status").asText()
                + ".\n");
        return ExitCode.OK.code();
    }
}
