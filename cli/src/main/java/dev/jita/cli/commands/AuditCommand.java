package dev.jita.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jita.cli.Environment;
import dev.jita.cli.ExitCode;
import dev.jita.cli.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "audit",
        description = {"Show a request's audit trail, every entry in order (auditors and admins).",
                "Requesters and approvers see the same timeline in 'jita status ID'."},
        footerHeading = "%nExamples:%n",
        footer = {"  jita audit r-3k2j5h4g6f7d8s9a0q1w2e3r4t --profile auditor",
                "  jita audit r-3k2j5h4g6f7d8s9a0q1w2e3r4t --output json"})
final class AuditCommand extends ApiCommand {
    @Parameters(paramLabel = "ID", description = "the request id (r-...)")
    String requestId;

    AuditCommand(Environment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        ArrayNode entries = client().audit(requestId);
        print(entries, Views.timeline(entries));
        return ExitCode.OK.code();
    }
}
