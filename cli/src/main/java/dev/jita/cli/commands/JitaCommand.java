package dev.jita.cli.commands;

import dev.jita.cli.Environment;
import dev.jita.cli.ExitCode;
import dev.jita.cli.api.ApiException;
import dev.jita.cli.api.Unreachable;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IFactory;
import picocli.CommandLine.ParseResult;

@Command(name = "jita", mixinStandardHelpOptions = true, version = "jita " + Environment.VERSION,
        description = {"Just-in-time access to AWS: ask for one action on one resource for a while, get it approved,"
                + " have it granted and taken back.",
                "Calls are signed with SigV4 (service execute-api) using the AWS SDK's default credential chain:"
                        + " --profile, AWS_PROFILE, environment keys, IAM Identity Center sessions, instance roles."},
        subcommands = {RequestCommand.class, StatusCommand.class, ListCommand.class, CancelCommand.class,
                RevokeCommand.class, AuditCommand.class, VerifyCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExamples:%n",
        footer = {"  export JITA_ENDPOINT=https://abc123.execute-api.eu-west-1.amazonaws.com/prod",
                "  jita request --action ec2:StopInstances \\",
                "      --resource arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc \\",
                "      --for 30m --why \"Stop the runaway batch host\" --wait",
                "  jita list --status ACTIVE",
                "  jita revoke r-3k2j5h4g6f7d8s9a0q1w2e3r4t",
                "",
                "Against jita local: run ./jita local and paste the export lines it prints, then",
                "  ./jita request --profile jita-engineer ...",
                "See cli/README.md."})
public final class JitaCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: request, status, list,"
                + " cancel, revoke, audit, verify or completion.");
    }

    /** The command line with the system's environment. */
    public static CommandLine commandLine() {
        return commandLine(Environment.system());
    }

    /** The command line on {@code environment}: exit codes listed in every --help, errors as one sentence. */
    public static CommandLine commandLine(Environment environment) {
        CommandLine line = new CommandLine(JitaCommand.class, new Factory(environment));
        Map<String, String> exits = new LinkedHashMap<>();
        for (ExitCode exit : ExitCode.values()) {
            exits.put(String.valueOf(exit.code()), exit.meaning());
        }
        apply(line, exits);
        line.setExecutionExceptionHandler(errors(environment));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        return line;
    }

    private static void apply(CommandLine line, Map<String, String> exits) {
        line.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(exits);
        line.getSubcommands().values().forEach(sub -> apply(sub, exits));
    }

    /** jita's refusals and failures as the detail and reason, never a stack trace (unless JITA_DEBUG=1). */
    static IExecutionExceptionHandler errors(Environment environment) {
        return (Exception e, CommandLine command, ParseResult parsed) -> {
            PrintWriter err = command.getErr();
            if (e instanceof ApiException api) {
                err.println("jita: " + api.detail() + " [reason: " + api.reason() + ", HTTP " + api.status() + "]");
                err.flush();
                return ExitCode.API_ERROR.code();
            }
            if (e instanceof Unreachable unreachable) {
                err.println("jita: " + unreachable.getMessage());
                err.flush();
                return ExitCode.UNREACHABLE.code();
            }
            if (e instanceof CommandLine.ParameterException usage) {
                err.println("jita: " + usage.getMessage());
                err.flush();
                return ExitCode.USAGE.code();
            }
            err.println("jita: unexpected error (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ");"
                    + " run again with JITA_DEBUG=1 for details, and tell your jita admins if it persists.");
            if ("1".equals(environment.variables().get("JITA_DEBUG"))) {
                e.printStackTrace(err);
            }
            err.flush();
            return ExitCode.API_ERROR.code();
        };
    }

    /** Builds commands that take the {@link Environment}; picocli's own classes as picocli does. */
    static final class Factory implements IFactory {
        private final Environment environment;

        Factory(Environment environment) {
            this.environment = environment;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> withEnvironment = type.getDeclaredConstructor(Environment.class);
                withEnvironment.setAccessible(true);
                return withEnvironment.newInstance(environment);
            } catch (NoSuchMethodException none) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
