package dev.jita.cli.commands;

import picocli.CommandLine.Option;

/** The options every command that calls jita takes. */
public final class ApiOptions {
    /** How answers are printed. */
    public enum Output { table, json }

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "jita's API (the stack's ApiUrl output, or what jita local prints); else $JITA_ENDPOINT,"
                    + " else 'endpoint' in ~/.config/jita/config")
    String endpoint;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "AWS profile to sign with, as in the AWS CLI (else $AWS_PROFILE, else the default chain)")
    String profile;

    @Option(names = "--region", paramLabel = "REGION",
            description = "AWS region to sign for (else the endpoint's, else the profile's or $AWS_REGION)")
    String region;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (for people) or json (for scripts); default ${DEFAULT-VALUE}")
    Output output;

    boolean json() {
        return output == Output.json;
    }
}
