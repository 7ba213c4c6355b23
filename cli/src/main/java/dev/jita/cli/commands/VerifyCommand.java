package dev.jita.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.cli.Environment;
import dev.jita.cli.ExitCode;
import dev.jita.cli.output.Views;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify",
        description = {"Recompute a request's audit hash chain (auditors and admins), from the table or, with"
                + " --source export, from the write-once audit export as well, compared with the table.",
                "Exit 0 when it holds (and the export agrees), 8 when an entry was altered or removed or the two"
                        + " differ."},
        footerHeading = "%nExamples:%n",
        footer = {"  jita verify r-3k2j5h4g6f7d8s9a0q1w2e3r4t --profile auditor",
                "  jita verify r-3k2j5h4g6f7d8s9a0q1w2e3r4t --source export --profile auditor"})
final class VerifyCommand extends ApiCommand {
    /** Lower case: picocli shows and completes the constants as they are spelled, and the API spells them so. */
    enum Source { table, export }

    @Parameters(paramLabel = "ID", description = "the request id (r-...)")
    String requestId;

    @Option(names = "--source", paramLabel = "table|export", defaultValue = "table",
            description = "where to verify from: the audit table (default), or the export compared with the table")
    Source source;

    VerifyCommand(Environment environment) {
        super(environment);
    }

    @Override
    public Integer call() {
        if (source == Source.export) {
            JsonNode comparison = client().verifyAgainstExport(requestId);
            print(comparison, Views.exportComparison(comparison));
            return (comparison.path("agree").asBoolean() ? ExitCode.OK : ExitCode.CHAIN_BROKEN).code();
        }
        JsonNode result = client().verify(requestId);
        print(result, Views.verification(result));
        return (result.path("valid").asBoolean() ? ExitCode.OK : ExitCode.CHAIN_BROKEN).code();
    }
}
