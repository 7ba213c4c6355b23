package dev.jita.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.cli.Environment;
import dev.jita.cli.ExitCode;
import dev.jita.cli.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "verify",
        description = {"Recompute a request's audit hash chain (auditors and admins).",
                "Exit 0 when it holds, 8 when an entry was altered or removed."},
        footerHeading = "%nExample:%n", footer = "  jita verify r-3k2j5h4g6f7d8s9a0q1w2e3r4t --profile auditor")
final class VerifyCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "the request id (r-...)")
    String requestId;

    VerifyCommand(Environment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        JsonNode result = client().verify(requestId);
        print(result, Views.verification(result));
        return (result.path("valid").asBoolean() ? ExitCode.OK : ExitCode.CHAIN_BROKEN).code();
    }
}
