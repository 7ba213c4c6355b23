package dev.jita.store;

import java.util.Objects;
import java.time.Instant;

/** When a grant may be used: fixed when the last needed approval lands (or at intake for auto-approval). */
public record Window(Instant notBefore, Instant notAfter) {
    public Window {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("window must end after it starts: " + notBefore + " .. " + notAfter);
        }
    }
}
