package dev.jita.asl.data;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jita.asl.StatesError;
import java.util.List;

/**
 * A compiled intrinsic function call such as {@code States.Format('Hello {}', $.name)}: {@link IntrinsicParser}
 * turns the text into the argument tree below, {@link IntrinsicFunction} holds what each function does.
 */
public final class Intrinsic {
    private final String text;
    private final Call call;

    private Intrinsic(String text, Call call) {
        this.text = text;
        this.call = call;
    }

    /** True when the string is meant as an intrinsic call (it starts with "States."). */
    public static boolean looksLikeIntrinsic(String expr) {
        return expr != null && expr.stripLeading().startsWith("States.");
    }

    /** Parses a call; IllegalArgumentException on syntax errors, unknown functions and wrong argument counts. */
    public static Intrinsic compile(String expr) {
        if (expr == null) {
            throw new IllegalArgumentException("Invalid intrinsic function: null");
        }
        return new Intrinsic(expr, IntrinsicParser.parse(expr));
    }

    /** Evaluates the call on the state's input and the context object. */
    public JsonNode evaluate(JsonNode input, JsonNode context) {
        return call.evaluate(input, context);
    }

    /** The call as written. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    // ---- arguments ----

    sealed interface Arg permits Literal, PathArg, Call {
        JsonNode evaluate(JsonNode input, JsonNode context);
    }

    /** A literal; for strings, {@code segments} is the text split at unescaped {} (for States.Format). */
    record Literal(JsonNode value, List<String> segments) implements Arg {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            return value;
        }
    }

    record PathArg(Path path) implements Arg {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            JsonNode value = path.lookup(input, context);
            if (value == null) {
                throw new StatesError("States.Runtime", "The JSONPath '" + path.text()
                        + "' given as an intrinsic function argument could not be found in the input '"
                        + Json.abbreviate(path.isContext() ? context : input) + "'");
            }
            return value;
        }
    }

    record Call(IntrinsicFunction function, Arg[] args) implements Arg {
        @Override
        public JsonNode evaluate(JsonNode input, JsonNode context) {
            JsonNode[] values = new JsonNode[args.length];
            for (int i = 0; i < args.length; i++) {
                values[i] = args[i].evaluate(input, context);
            }
            return function.apply(this, values);
        }
    }
}
