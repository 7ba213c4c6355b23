package dev.jita.app;

import java.time.Duration;

/** Waits between retries; tests pass one that does not wait. */
@FunctionalInterface
public interface Pause {
    Pause NONE = d -> { };
    Pause SLEEP = d -> {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    };

    void pause(Duration duration);
}
