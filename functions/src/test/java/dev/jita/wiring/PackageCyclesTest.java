package dev.jita.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The functions' packages point one way: from the handlers and the composition root down to the domain. A cycle
 * between two packages means neither can be read, tested or moved without the other; this reads the imports of
 * every main source file and names any.
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/jita");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.jita\\.(\\w+)\\.", Pattern.MULTILINE);

    @Test
    void packages_shouldHaveNoCycle() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = SOURCES.relativize(file).getName(0).toString();
                Set<String> used = uses.computeIfAbsent(pkg, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        Set<String> cycles = new TreeSet<>();
        for (String from : uses.keySet()) {
            for (String to : uses.get(from)) {
                if (reaches(uses, to, from, new TreeSet<>())) {
                    cycles.add(from.compareTo(to) < 0 ? from + " <-> " + to : to + " <-> " + from);
                }
            }
        }
        assertEquals(Set.of(), cycles, "package dependencies: " + uses);
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String to, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (next.equals(to) || seen.add(next) && reaches(uses, next, to, seen)) {
                return true;
            }
        }
        return false;
    }
}
