package dev.jita.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * When a grant is valid: [notBefore, notAfter). The clock starts at approval, not at request (design.md,
 * "Workflow"): notBefore = max(approval moment, startAt), notAfter = notBefore + duration. These are the instants
 * the policy's aws:CurrentTime conditions carry.
 */
public record GrantWindow(Instant notBefore, Instant notAfter) {
    public GrantWindow {
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("a grant window must end after it starts: " + notBefore + " .. " + notAfter);
        }
    }

    /** The window fixed when the last needed approval lands (or, for auto-approval, when intake accepts). */
    public static GrantWindow fixedAt(Instant approvedAt, AccessRequest request) {
        Instant start = request.startAt() != null && request.startAt().isAfter(approvedAt) ? request.startAt() : approvedAt;
        return new GrantWindow(start, start.plus(request.duration()));
    }

    /** Whether the grant may still be put in place: its end is still ahead (the grant re-check). */
    public boolean isStillAhead(Clock clock) {
        return clock.instant().isBefore(notAfter);
    }

    public boolean isOpen(Clock clock) {
        Instant now = clock.instant();
        return !now.isBefore(notBefore) && now.isBefore(notAfter);
    }
}
