package dev.jita.infra;

import dev.jita.rules.RulesFile;
import dev.jita.rules.RulesFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The files a synth reads, checked before any resource is declared so that a mistake stops synth with one sentence. */
final class SynthInputs {
    /** Where the rules file lands in every function: the rules layer is extracted under /opt. */
    static final String RULES_IN_LAMBDA = "/opt/rules.yaml";
    static final String BUILD_JAR = "mvn -B -pl functions -am package -DskipTests";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

    private SynthInputs() {
    }

    /**
     * Validates the rules file with the same loader the functions use and copies it, alone, into a fresh folder
     * that becomes the rules layer (its asset hash follows the content, so a changed rule publishes new versions).
     */
    static Path validatedRulesFolder(Path rulesFile) {
        if (!Files.isRegularFile(rulesFile)) {
            throw new IllegalArgumentException("The rules file " + rulesFile.toAbsolutePath().normalize()
                    + " does not exist; point the jita:rulesFile context (or the rulesFile prop) at your rules.yaml.");
        }
        try {
            RulesFile.load(rulesFile);
        } catch (RulesFileException e) {
            throw new IllegalArgumentException("cdk synth stopped because the rules file is invalid: "
                    + e.getMessage(), e);
        }
        try {
            Path folder = Files.createTempDirectory("jita-rules-");
            Files.copy(rulesFile, folder.resolve("rules.yaml"), StandardCopyOption.REPLACE_EXISTING);
            folder.toFile().deleteOnExit();
            folder.resolve("rules.yaml").toFile().deleteOnExit();
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage the rules file " + rulesFile, e);
        }
    }

    /** The functions jar must exist; handler classes it lacks are returned (a warning: they may land later). */
    static List<String> missingHandlers(Path jar, List<FunctionSpec> functions) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The functions jar " + jar.toAbsolutePath().normalize()
                    + " is missing; build it with `" + BUILD_JAR + "` from the repository root, then synth again.");
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return functions.stream().filter(f -> {
                ZipEntry entry = zip.getEntry(f.classFile());
                return entry == null;
            }).map(FunctionSpec::handlerClass).toList();
        } catch (IOException e) {
            throw new IllegalStateException("The functions jar " + jar.toAbsolutePath().normalize()
                    + " is not a readable jar (" + e.getMessage() + "); rebuild it with `" + BUILD_JAR + "`.", e);
        }
    }

    /** The ${...} placeholders of the workflow definition, which must be exactly the substitutions given. */
    static void requireSubstitutions(Path definition, Set<String> substituted) {
        String text;
        try {
            text = Files.readString(definition);
        } catch (IOException e) {
            throw new IllegalArgumentException("The workflow definition " + definition.toAbsolutePath().normalize()
                    + " cannot be read (" + e.getMessage() + "); point workflowDefinition at statemachine/approval.asl.json.", e);
        }
        Set<String> used = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        if (!used.equals(new TreeSet<>(substituted))) {
            throw new IllegalArgumentException("The workflow definition " + definition.getFileName() + " uses "
                    + used + " but JitaApproval substitutes " + new TreeSet<>(substituted)
                    + "; make the two agree.");
        }
    }
}
