package dev.jita.local;

import dev.jita.local.cli.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * jita local started as a user starts it: {@code ./jita local ...} at the repository root, in a process of its own.
 * {@code JITA_NO_BUILD=1} makes the launcher use the build Maven just made (the ITs run after the package phase)
 * instead of checking sources; the launcher then execs java, so this process is the JVM and signals reach it.
 */
public final class JitaProcess implements AutoCloseable {
    /** The repository root, seen from the local module (Maven runs tests there). */
    public static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern READY = Pattern.compile(Pattern.quote(Main.READY) + "(http://\\S+?)/?$",
            Pattern.MULTILINE);

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JitaProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code ./jita local <args>}; output goes to target/process-logs/{@code name}.out/.err. */
    public static JitaProcess start(String name, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("jita").toString(), "local"));
        command.addAll(List.of(args));
        try {
            Path logs = Files.createDirectories(Path.of("target", "process-logs"));
            Path out = logs.resolve(name + ".out");
            Path err = logs.resolve(name + ".err");
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("JITA_NO_BUILD", "1");
            builder.environment().put("DDB_LOCAL_TELEMETRY", "0");
            return new JitaProcess(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
    }

    /** Waits for the "jita local is up" line; fails with the output if the process ends or the deadline passes. */
    public URI awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Matcher ready = READY.matcher(stdout());
            if (ready.find()) {
                return URI.create(ready.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError("jita local ended with " + process.exitValue() + " before it was up:\n"
                        + stdout() + stderr());
            }
            pause();
        }
        throw new AssertionError("jita local was not up within " + timeout + ":\n" + stdout() + stderr());
    }

    /** Waits for the process to end by itself; its exit code, or empty when still running at the deadline. */
    public Optional<Integer> awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(process.exitValue())
                    : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Sends a signal ("INT" as Ctrl-C does, "TERM") to the JVM. */
    public void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether the JVM ignores a signal: a process started from a non-interactive shell's background job ignores
     * SIGINT (POSIX), and so do its children, whatever they install. Reads /proc/PID/status's SigIgn mask.
     */
    public boolean ignores(int signalNumber) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("SigIgn:")) {
                    long mask = Long.parseUnsignedLong(line.substring(7).strip(), 16);
                    return (mask & (1L << (signalNumber - 1))) != 0;
                }
            }
        } catch (IOException e) {
            // no /proc: assume not ignored
        }
        return false;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() {
        return read(stdout);
    }

    public String stderr() {
        return read(stderr);
    }

    /** Stops it as a supervisor would (SIGTERM) if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            if (awaitExit(Duration.ofSeconds(20)).isEmpty()) {
                process.destroyForcibly();
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
