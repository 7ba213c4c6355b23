package dev.jita.domain;

import java.util.Optional;

/** Incident severity, SEV1 the worst. */
public enum Severity {
    SEV1, SEV2, SEV3, SEV4, SEV5;

    /** Whether an incident of this severity is at least as severe as {@code minimum} (SEV1 meets SEV2). */
    public boolean meets(Severity minimum) {
        return ordinal() <= minimum.ordinal();
    }

    /** Parses "SEV1".."SEV5" exactly (incident tools are mapped to these names before they get here). */
    public static Optional<Severity> parse(String text) {
        for (Severity s : values()) {
            if (s.name().equals(text)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
