package dev.jita.domain;

import java.util.Objects;

/** A reason code and a one-sentence message for a person: what was wrong and what to do. */
public record Refusal(Reason reason, String message) {
    public Refusal {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
    }
}
