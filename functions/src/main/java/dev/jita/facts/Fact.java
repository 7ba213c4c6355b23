package dev.jita.facts;

import java.util.List;
import java.util.Objects;

/**
 * One labelled fact about a request as a person reads it, for pages and messages alike.
 *
 * @param values one or more lines, unescaped (each output format escapes them its own way)
 */
public record Fact(String label, List<String> values, Style style) {

    /** How a value is best shown. */
    public enum Style {
        /** Identifiers (actions, ARNs, ids): fixed-width font. */
        CODE,
        /** Short text jita wrote (a duration, a count). */
        TEXT,
        /** Free text someone typed (a justification, a ticket): line breaks kept. */
        PROSE
    }

    public Fact {
        Objects.requireNonNull(label, "label");
        values = List.copyOf(values);
        Objects.requireNonNull(style, "style");
    }

    static Fact of(String label, Style style, String value) {
        return new Fact(label, List.of(value), style);
    }

    public boolean code() {
        return style == Style.CODE;
    }
}
