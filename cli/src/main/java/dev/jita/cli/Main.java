package dev.jita.cli;

import dev.jita.cli.commands.JitaCommand;
import picocli.CommandLine;

/** {@code jita}: the engineers' command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(JitaCommand.commandLine().execute(args));
    }
}
