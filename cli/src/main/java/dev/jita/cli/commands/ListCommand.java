package dev.jita.cli.commands;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.jita.cli.Environment;
import dev.jita.cli.ExitCode;
import dev.jita.cli.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

@Command(name = "list", sortOptions = false,
        description = "List your requests, newest first (following the API's pages up to --limit).",
        footerHeading = "%nExamples:%n",
        footer = {"  jita list", "  jita list --status ACTIVE", "  jita list --limit 200 --output json"})
final class ListCommand extends ApiCommand {
    @Option(names = "--status", paramLabel = "STATUS",
            description = "only requests in this status: PENDING_APPROVAL, SCHEDULED, ACTIVE, EXPIRED, DENIED, ...")
    String status;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "20",
            description = "at most N requests (default ${DEFAULT-VALUE})")
    int limit;

    ListCommand(Environment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        if (limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, got " + limit + ".");
        }
        ArrayNode items = client().list(status, limit);
        print(items, Views.list(items));
        return ExitCode.OK.code();
    }
}
