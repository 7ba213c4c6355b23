package dev.jita.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * jita local's export: {@code <root>/YYYY/MM/DD/<name>.jsonl} (root is {@code <data-dir>/audit-export}). Written to a
 * hidden temporary file first and then moved into place, so a reader never sees half an object; an existing object is
 * never replaced.
 */
public final class FolderExportStore implements ExportStore {
    private final Path root;

    public FolderExportStore(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    @Override
    public void put(LocalDate day, String name, List<String> lines) {
        Path target = folder(day).resolve(name + ".jsonl");
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                return;
            }
            Path temporary = Files.createTempFile(target.getParent(), ".export-", ".tmp");
            Files.writeString(temporary, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(temporary, target); // no REPLACE_EXISTING: an object, once there, stays
            } catch (FileAlreadyExistsException written) {
                Files.delete(temporary);
            }
        } catch (IOException e) {
            throw new ExportFailedException("could not write the audit export " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> lines(LocalDate day) {
        Path folder = folder(day);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).forEach(out::add);
            }
        } catch (IOException e) {
            throw new ExportFailedException("could not read the audit export " + folder + ": " + e.getMessage(), e);
        }
        return out;
    }

    private Path folder(LocalDate day) {
        // The same layout as the bucket's keys, without the audit/ prefix: the folder is the export itself.
        return root.resolve(ExportStore.prefix(day).substring("audit/".length()));
    }
}
