package dev.jita.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.jita.asl.data.Path;
import java.util.function.Supplier;

/** InputPath or OutputPath: absent (the whole value), JSON null (an empty object), or a Path. */
final class IoPath {
    static final IoPath IDENTITY = new IoPath(null);
    static final IoPath EMPTY = new IoPath(null);

    private final Path path;

    private IoPath(Path path) {
        this.path = path;
    }

    static IoPath of(Path path) {
        return new IoPath(path);
    }

    /** Throws StatesError States.Runtime when the path matches nothing. */
    JsonNode apply(JsonNode value, Supplier<JsonNode> context) {
        if (this == IDENTITY) {
            return value;
        }
        if (this == EMPTY) {
            return JsonNodeFactory.instance.objectNode();
        }
        return path.read(value, path.isContext() ? context.get() : Run.EMPTY_CONTEXT);
    }

    String text() {
        return this == IDENTITY ? "$" : this == EMPTY ? "null" : path.text();
    }
}
