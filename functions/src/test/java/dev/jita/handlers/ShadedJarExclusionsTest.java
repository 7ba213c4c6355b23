package dev.jita.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * functions/pom.xml leaves Joda-Time, Jackson's Joda module and JMESPath out of the Lambda jar. That holds only while
 * no jita class refers to them (directly, through Powertools' JsonConfig or structured log arguments) and no
 * handler takes an event type with a Joda field (Lambda would fail to build it). This checks both.
 */
class ShadedJarExclusionsTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static final List<String> LEFT_OUT = List.of("org/joda/", "io/burt/jmespath/",
            "software/amazon/lambda/powertools/utilities/JsonConfig",
            "software/amazon/lambda/powertools/logging/argument/StructuredArgument");

    @Test
    void noJitaClass_shouldReferToWhatTheJarLeavesOut() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> classes;
        try (Stream<Path> walk = Files.walk(CLASSES)) {
            classes = walk.filter(p -> p.toString().endsWith(".class")).toList();
        }
        for (Path file : classes) {
            // Class names sit in the constant pool as UTF-8: a reference is a plain substring of the file.
            String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            LEFT_OUT.stream().filter(bytes::contains).forEach(name -> found.add(CLASSES.relativize(file) + " -> " + name));
        }
        assertTrue(classes.size() > 100, "compiled classes found: " + classes.size());
        assertEquals(List.of(), found, "these need a library functions/pom.xml leaves out of the Lambda jar");
    }

    @Test
    void handlerEvents_shouldHaveNoJodaFields() throws Exception {
        List<String> found = new ArrayList<>();
        int handlers = 0;
        List<Path> classes;
        try (Stream<Path> walk = Files.walk(CLASSES)) {
            classes = walk.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList();
        }
        for (Path file : classes) {
            String name = CLASSES.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
            Class<?> type = Class.forName(name, false, getClass().getClassLoader());
            if (!RequestHandler.class.isAssignableFrom(type) || type.isInterface()) {
                continue;
            }
            handlers++;
            for (Type generic : type.getGenericInterfaces()) {
                if (generic instanceof ParameterizedType p && p.getRawType() == RequestHandler.class) {
                    for (Type argument : p.getActualTypeArguments()) {
                        collectJoda(raw(argument), new HashSet<>(), found, type.getSimpleName());
                    }
                }
            }
        }
        assertTrue(handlers >= 5, "handlers found: " + handlers);
        assertEquals(List.of(), found, "Lambda could not build these events without Joda-Time");
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }

    private static void collectJoda(Class<?> type, Set<Class<?>> seen, List<String> found, String path) {
        if (type.isPrimitive() || type.getName().startsWith("java.") || !seen.add(type)) {
            return;
        }
        for (Field field : type.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            String where = path + "." + field.getName();
            if (field.getType().getName().startsWith("org.joda.")) {
                found.add(where + ": " + field.getType().getName());
            } else {
                collectJoda(field.getType(), seen, found, where);
            }
        }
    }
}
