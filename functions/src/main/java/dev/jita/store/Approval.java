package dev.jita.store;

import dev.jita.domain.Decision;
import java.time.Instant;
import java.util.Objects;

/** One approver's recorded decision on a request; {@code comment} may be null. */
public record Approval(Decision decision, Instant at, String comment) {
    public Approval {
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(at, "at");
    }
}
