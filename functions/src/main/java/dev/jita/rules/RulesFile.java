package dev.jita.rules;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.jita.domain.RuleBook;
import dev.jita.rules.RulesFileException.RuleError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The rules file (config/rules.yaml, design.md "Rules"): read, parsed as YAML and validated into the domain's
 * {@link RuleBook}. Every problem is collected, each naming the file, the rule (or group) and the field, and all
 * are reported together in one {@link RulesFileException}: a person fixing a rules file should not have to run
 * the loader once per typo.
 */
public final class RulesFile {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private RulesFile() {
    }

    /** Loads and validates a rules file; throws {@link RulesFileException} listing every problem found. */
    public static RuleBook load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RulesFileException(file.toString(), List.of(new RuleError(file.toString(), "", "",
                    "cannot be read (" + e + "); check the path and its permissions")));
        }
        return parse(text, file.toString());
    }

    /** Parses rules from text; {@code fileName} is only used to name the source in errors. */
    public static RuleBook parse(String yaml, String fileName) {
        Fields fields = new Fields(fileName);
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            fields.error("", "", where + "not valid YAML (" + e.getOriginalMessage().lines().findFirst().orElse("")
                    + "); fix the syntax there");
            throw fields.failure();
        }
        return new RuleBookParser(fields).read(root);
    }
}
